// The applicant's case page (/case): the serial number and password from the window (or the
// ticket, or the SMS) show the case's state, each step's day and window, the due day and the
// result; once the case is finished, the five levels of 好差评 to rate it (扫码评价), once. Public;
// it shows no clerk, no ticket and no one's personal data.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const states = {
    accepted: '办理中 In progress', suspended: '待补正材料 Waiting for your documents',
    completed: '已办结 Completed', returned: '不予受理 Not accepted', withdrawn: '已撤回 Withdrawn',
  };
  const steps = {
    accepted: '受理 Accepted', suspended: '补正材料 Documents requested', resumed: '材料补齐 Documents received',
    completed: '办结 Completed', returned: '退回 Returned', withdrawn: '撤回 Withdrawn',
  };
  const results = { approved: '准予许可 Approved', not_approved: '不予许可 Not approved' };
  const day = (iso) => iso.slice(0, 10);

  function show(c) {
    Queuehall.text($('state'), states[c.state] || c.state);
    Queuehall.text($('service'), `${c.serviceName.zh} ${c.serviceName.en} · ${c.departmentName.zh}`);
    Queuehall.text($('accepted'), `${c.acceptedOn} · ${c.floor} 楼 ${c.window} 号窗口 floor ${c.floor}, window ${c.window}`);
    Queuehall.text($('due'), c.state === 'suspended' ? `${c.dueOn}（补正期间暂停计时 the clock stops until your documents arrive）` : c.dueOn);
    Queuehall.text($('outcome'), [c.result ? results[c.result] : c.finishedOn ? '' : '—', c.reason || ''].filter(Boolean).join(' · '));
    $('steps').replaceChildren(...c.steps.map((s) => {
      const li = document.createElement('li');
      li.textContent = `${day(s.at)} ${steps[s.step] || s.step} · ${s.window} 号窗口 window ${s.window}${s.reason ? ' · ' + s.reason : ''}`;
      return li;
    }));
    document.body.className = 'found';
  }

  // The lookup, or the rating with it: both name the case by its serial number and password.
  async function post(path, extra) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ serial: $('serial').value.trim().toUpperCase(), password: $('password').value.trim(), ...extra }),
    });
    const body = await response.json();
    if (!response.ok)
      throw new Error(response.status === 404 ? '流水号或密码不正确 The serial number or password is wrong'
                      : response.status === 429 ? `尝试次数过多，请稍后再试 Too many tries: ${body.error.message}`
                      : body.error.message);
    return body;
  }
  const showRating = Queuehall.ratingCard($('rate'), $('rated'), async (rating) => {
    const c = await post('/api/v1/cases/rating', { rating });
    show(c);
    return c;
  });

  $('lookup').addEventListener('submit', async (e) => {
    e.preventDefault();
    Queuehall.text($('message'), '');
    document.body.className = '';
    try {
      const c = await post('/api/v1/cases/lookup', {});
      show(c);
      showRating(c);
    } catch (error) {
      Queuehall.text($('message'), error.message);
    }
  });
  // A link from the SMS may carry the serial number: ?serial=...
  $('serial').value = new URL(location.href).searchParams.get('serial') || '';
})();
