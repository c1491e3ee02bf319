// The clerk's caller page: bound to the window of its token; every window operation as a button
// and a key; the current ticket with its service guide; the waiting counts of the window's services;
// a warning when the window's own keypad, board or rating pad is cut off; the cases (办件) accepted
// here, yellow when most of their time is used and red when overdue, with their next steps; the
// clerk's sign-in with staff number and PIN (a window calls only with a clerk signed in).
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  let windowNumber = null;
  let state = null;   // GET /windows/n
  let services = new Map(); // id → service with guide
  let cases = [];           // GET /windows/n/cases

  function say(text, isError) {
    Queuehall.text($('message'), text);
    $('message').className = isError ? 'warning' : 'muted';
  }

  async function act(action, body) {
    try {
      const result = await Queuehall.api('POST', `/api/v1/windows/${windowNumber}/${action}`, body);
      say(result && result.number ? `${result.number} · ${result.state}` : (action === 'call-next' ? '没有等候的号 Nobody waiting' : 'OK'));
      await refresh();
    } catch (e) {
      say(e.message, true);
    }
  }

  function render() {
    Queuehall.text($('window'), `${windowNumber} 号窗口 Window ${windowNumber}`);
    const clerk = state.clerk;
    Queuehall.text($('clerk-name'), clerk ? `经办人 Clerk: ${clerk.name} (${clerk.number})` : '未登录 Nobody signed in');
    $('clerk-signout').hidden = !clerk;
    $('clerk-signin').hidden = !!clerk || !state.signInRequired;
    Queuehall.text($('paused'), state.paused ? '已暂停 Paused' : '');
    const kinds = { keypad: '呼叫器 keypad', windowBoard: '窗口屏 window board', ratingPad: '评价器 rating pad' };
    const broken = state.hardware.filter((d) => !d.open || d.answering === false);
    const faults = broken.filter((d) => d.kind !== 'smsModem').map((d) =>
      `${kinds[d.kind] || d.kind} #${d.address}: ${d.open ? '无响应 not answering' : '端口断开 port closed'}`);
    // The hall's SMS modem: every window's applicants wait for their texts while it is down.
    const modem = broken.find((d) => d.kind === 'smsModem');
    const warnings = [];
    if (faults.length)
      warnings.push(`⚠ 本窗口设备故障，请联系技术人员 Device fault, call a technician — ${faults.join('; ')}`);
    if (modem)
      warnings.push(`⚠ 短信猫故障，短信暂缓发送 SMS modem down, texts are held — ${modem.problem || (modem.open ? '无响应 not answering' : '端口断开 port closed')}`);
    Queuehall.text($('hardware'), warnings.join(' '));
    const current = state.current;
    Queuehall.text($('current-number'), current ? current.number : '—');
    // What the clerk should know before the citizen sits down: a green-channel or booked ticket.
    const marks = current ? [current.priority === 'green' ? '绿色通道 Green channel' : '',
                             current.appointmentAt ? `预约 Appointment ${current.appointmentAt.slice(11, 16)}` : '']
      .filter(Boolean) : [];
    Queuehall.text($('current-service'), current
      ? [...marks, `${current.serviceName.zh} ${current.serviceName.en}`].join(' · ') : '');
    Queuehall.text($('current-state'), current ? `${current.state} · 已呼叫 ${current.calls} 次 called ${current.calls}×` : '');
    const guide = current && services.get(current.service);
    $('current-materials').replaceChildren(...(guide ? guide.guide.materials : []).map((m) => {
      const li = document.createElement('li');
      li.textContent = `${m.zh} ${m.en}`;
      return li;
    }));
    $('waiting').replaceChildren(...state.services.filter((s) => s.waiting > 0).map((s) => {
      const li = document.createElement('li');
      const name = services.get(s.service);
      li.textContent = `${name ? name.name.zh : s.service}: ${s.waiting}`;
      return li;
    }));
    const has = (...states) => current && states.includes(current.state);
    const mayCall = !state.signInRequired || !!clerk;
    $('call-next').disabled = !!current || state.paused || !mayCall;
    $('call').disabled = !!current || state.paused || !mayCall;
    $('recall').disabled = !has('called');
    $('start').disabled = !has('called');
    $('complete').disabled = !has('serving');
    $('no-show').disabled = !has('called');
    $('hold').disabled = !current;
    $('transfer').disabled = !has('serving');
    $('accept-case').disabled = !has('serving');
    if (!has('serving'))
      $('case-password').replaceChildren(); // the citizen it was shown to has left the window
  }

  const caseStates = { accepted: '办理中 in progress', suspended: '补正中 waiting for documents' };
  const caseLevels = { warning: '即将到期 due soon', overdue: '已超期 overdue' };

  async function caseStep(serial, action, body) {
    try {
      const c = await Queuehall.api('POST', `/api/v1/cases/${serial}/${action}`, body);
      say(`${c.serial} · ${c.state}${c.result ? ' · ' + c.result : ''}`);
      await refreshCases();
    } catch (e) {
      say(e.message, true);
    }
  }

  function caseButton(label, run) {
    const b = document.createElement('button');
    b.textContent = label;
    b.addEventListener('click', run);
    return b;
  }

  function renderCases() {
    $('cases').replaceChildren(...cases.map((c) => {
      const li = document.createElement('li');
      li.className = c.escalation;
      li.dataset.serial = c.serial;
      const line = document.createElement('div');
      line.textContent = `${c.serial} ${c.serviceName.zh} · ${caseStates[c.state] || c.state} · ` +
                         `到期 due ${c.dueOn}${caseLevels[c.escalation] ? ' · ' + caseLevels[c.escalation] : ''}`;
      const ask = (question) => { const r = prompt(question); return r && r.trim(); };
      const buttons = c.state === 'suspended'
        ? [caseButton('材料补齐 Resume', () => caseStep(c.serial, 'resume'))]
        : [caseButton('办结 Approve', () => caseStep(c.serial, 'complete', { result: 'approved' })),
           caseButton('不予批准 Not approved', () => { const r = ask('不予批准的理由 Why not approved?'); if (r) caseStep(c.serial, 'complete', { result: 'not_approved', reason: r }); }),
           caseButton('补正 Suspend', () => { const r = ask('缺少哪些材料？ Which documents are missing?'); if (r) caseStep(c.serial, 'suspend', { reason: r }); })];
      buttons.push(caseButton('退回 Return', () => { const r = ask('退回（不予受理）的理由 Why returned?'); if (r) caseStep(c.serial, 'return', { reason: r }); }),
                   caseButton('撤回 Withdraw', () => caseStep(c.serial, 'withdraw', {})));
      li.replaceChildren(line, ...buttons);
      return li;
    }));
  }

  async function refreshCases() {
    cases = (await Queuehall.api('GET', `/api/v1/windows/${windowNumber}/cases`)).cases;
    renderCases();
  }

  async function acceptCase() {
    try {
      const c = await Queuehall.api('POST', `/api/v1/windows/${windowNumber}/cases`, {});
      // The password is shown only now: the applicant takes it down (or it is printed / sent).
      $('case-password').replaceChildren(
        document.createTextNode(`办件流水号 Serial ${c.serial} · 查询密码 Password `),
        Object.assign(document.createElement('strong'), { textContent: c.password }),
        Object.assign(document.createElement('div'), { className: 'muted', textContent: `到期 due ${c.dueOn} · 仅显示一次 shown only once` }));
      await refreshCases();
    } catch (e) {
      say(e.message, true);
    }
  }

  async function clerkSignIn() {
    try {
      state = await Queuehall.api('POST', `/api/v1/windows/${windowNumber}/sign-in`,
                                  { staff: $('clerk-number').value.trim(), pin: $('clerk-pin').value });
      $('clerk-pin').value = '';
      say(`${state.clerk.name} 已登录 signed in`);
      render();
    } catch (e) {
      $('clerk-pin').value = '';
      say(e.message, true);
    }
  }

  async function clerkSignOut() {
    try {
      state = await Queuehall.api('POST', `/api/v1/windows/${windowNumber}/sign-out`, {});
      say('已签退 Signed out');
      render();
    } catch (e) {
      say(e.message, true);
    }
  }

  async function refresh() {
    state = await Queuehall.api('GET', `/api/v1/windows/${windowNumber}`);
    render();
  }

  const actions = {
    'call-next': () => act('call-next'),
    'recall': () => act('recall'),
    'start': () => act('start'),
    'complete': () => act('complete'),
    'no-show': () => act('no-show'),
    'hold': () => act('hold'),
    'return': () => { const n = prompt('恢复哪个号？ Return which number?'); if (n) act('hold', { return: n.trim().toUpperCase() }); },
    'call': () => { const n = prompt('叫哪个号？ Call which number?'); if (n) act('call', { number: n.trim().toUpperCase() }); },
    'transfer': () => {
      const to = prompt('转到事项编号或窗口号 Transfer to a service id or a window number:\n' +
                        [...services.values()].slice(0, 12).map((s) => `${s.id} ${s.name.zh}`).join('\n'));
      if (!to) return;
      const target = to.trim();
      act('transfer', /^\d+$/.test(target) ? { window: Number(target) } : { service: target });
    },
    'pause': () => act(state.paused ? 'resume' : 'pause'),
    'accept-case': acceptCase,
  };
  const keys = { n: 'call-next', r: 'recall', s: 'start', c: 'complete', x: 'no-show', h: 'hold', t: 'transfer', g: 'call', u: 'return', p: 'pause', a: 'accept-case' };

  async function signIn() {
    try {
      const device = await Queuehall.api('GET', '/api/v1/device');
      if (device.role !== 'caller')
        throw new Error('这不是叫号令牌 This is not a caller token');
      windowNumber = device.window;
      const catalogue = await Queuehall.api('GET', '/api/v1/services');
      services = new Map(catalogue.departments.flatMap((d) => d.services).map((s) => [s.id, s]));
      await refresh(); // the window's state is on the page before it shows as signed in
      await refreshCases();
      document.body.className = 'signed-in';
      Queuehall.follow({ onEvent: (e) => {
        if (e.type === 'hall.changed')
          location.reload(); // the window's services may have changed
        else if (/^(ticket|window|hardware|staff)\./.test(e.type))
          refresh();
        else if (e.type.startsWith('case.') && e.data.window === windowNumber)
          refreshCases();
      } });
    } catch (e) {
      sessionStorage.removeItem('queuehall.token');
      document.body.className = 'signed-out';
      Queuehall.text($('signin-message'), e.message);
    }
  }

  for (const [id, run] of Object.entries(actions))
    $(id).addEventListener('click', run);
  document.addEventListener('keydown', (e) => {
    if (document.body.className !== 'signed-in' || e.target.tagName === 'INPUT' || e.ctrlKey || e.metaKey)
      return;
    const action = keys[e.key.toLowerCase()];
    if (action && !$(action).disabled) {
      e.preventDefault();
      actions[action]();
    }
  });
  $('clerk-signin').addEventListener('submit', (e) => { e.preventDefault(); clerkSignIn(); });
  $('clerk-signout').addEventListener('click', clerkSignOut);
  $('signin-button').addEventListener('click', () => {
    sessionStorage.setItem('queuehall.token', $('token-input').value.trim());
    signIn();
  });

  if (Queuehall.token())
    signIn();
  else
    document.body.className = 'signed-out';
})();
