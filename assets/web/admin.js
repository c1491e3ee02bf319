// The hall's admin pages at /admin: sign-in with a staff number and password (a session cookie,
// the CSRF token kept in memory only), the live hall from the event stream, and the staff
// accounts. What a person sees is what the API lets his roles see: a department head his own
// department, an auditor everything without the buttons that change it.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  let lang = localStorage.getItem('queuehall.adminLang') || 'zh';
  let me = null;            // GET /api/v1/session
  let departments = new Map(); // id → {name}
  let stopFollowing = null;
  let refreshTimer = null;

  const t = (zh, en) => (lang === 'zh' ? zh : en);
  function translate() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    for (const node of document.querySelectorAll('[data-zh]'))
      node.textContent = node.dataset[lang];
    for (const [id, zh, en] of [['signin-staff', '工号', 'Staff number'], ['signin-password', '密码', 'Password']])
      $(id).placeholder = t(zh, en);
    if (me)
      render();
  }

  function say(text, isError) {
    Queuehall.text($('message'), text);
    $('message').className = isError ? 'warning' : 'muted';
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className)
      td.className = className;
    return td;
  }

  function button(label, run) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', run);
    return b;
  }

  // Any refusal of the session (expired, signed out elsewhere) brings the sign-in back.
  async function call(method, path, body) {
    try {
      return await Queuehall.api(method, path, body);
    } catch (e) {
      if (e.status === 401 && me)
        signedOut(t('登录已过期，请重新登录', 'The session has ended; please sign in again'));
      throw e;
    }
  }

  const roleNames = { clerk: ['窗口人员', 'Clerk'], head: ['部门负责人', 'Department head'],
                      admin: ['大厅管理员', 'Hall admin'], auditor: ['审计', 'Auditor'] };
  const roleText = (roles) => roles.map((r) => t(...(roleNames[r] || [r, r]))).join(', ');
  const departmentName = (id) => (departments.get(id) ? t(departments.get(id).name.zh, departments.get(id).name.en) : (id || t('全大厅', 'whole hall')));
  const minutes = (seconds) => (seconds === undefined ? '—' : `${Math.round(seconds / 60)} ${t('分钟', 'min')}`);

  let hall = null, overdue = [], late = [], staff = [];

  function renderLive() {
    if (!hall)
      return;
    Queuehall.text($('hall-name'), t(hall.hall.zh, hall.hall.en) + (hall.department ? ` · ${departmentName(hall.department)}` : ''));
    Queuehall.text($('status-line'), `${hall.localTime.replace('T', ' ').slice(0, 16)} · ` +
      (hall.issuingOpen ? t('取号中', 'issuing open') : t('停止取号', 'issuing closed') + (hall.issuingClosedReason ? `: ${hall.issuingClosedReason}` : '')) +
      (hall.overtime ? ' · ' + t('延时服务', 'overtime') : '') + (hall.warnings || []).map((w) => ' · ⚠ ' + w).join(''));
    $('windows').tBodies[0].replaceChildren(...hall.windows.map((w) => {
      const tr = document.createElement('tr');
      tr.dataset.window = w.number;
      tr.className = w.paused ? 'paused' : '';
      tr.append(cell(w.number), cell(w.floor), cell(w.paused ? t('暂停', 'paused') : t('开放', 'open')),
                cell(w.clerk ? `${w.clerk.name} (${w.clerk.number})` : (hall.signInRequired ? t('无人登录', 'nobody') : '—'), w.clerk || !hall.signInRequired ? '' : 'bad'),
                cell(w.ticket ? `${w.ticket} ${w.ticketState}` : ''));
      return tr;
    }));
    const byDepartment = new Map();
    for (const q of hall.queues) {
      const d = byDepartment.get(q.department) || { waiting: 0, longest: undefined };
      d.waiting += q.waiting;
      if (q.estimatedWaitSeconds !== undefined)
        d.longest = Math.max(d.longest || 0, q.estimatedWaitSeconds);
      byDepartment.set(q.department, d);
    }
    $('queues').tBodies[0].replaceChildren(...[...byDepartment].map(([id, d]) => {
      const tr = document.createElement('tr');
      tr.dataset.department = id;
      tr.append(cell(departmentName(id)), cell(d.waiting), cell(minutes(d.longest)));
      return tr;
    }));
    $('hardware').replaceChildren(...hall.hardware.map((h) => {
      const li = document.createElement('li');
      const fine = h.open && (h.devices || []).every((d) => d.answering !== false) && !h.problem;
      li.className = fine ? '' : 'bad';
      li.textContent = `${h.port}${h.kind ? ' ' + h.kind : ''}: ${fine ? t('正常', 'working') : (h.problem || h.reason || t('故障', 'fault'))}`;
      return li;
    }));
    if (!hall.hardware.length)
      $('hardware').replaceChildren(Object.assign(document.createElement('li'), { className: 'muted', textContent: t('未配置串口设备', 'no serial hardware configured') }));
    $('overdue-cases').replaceChildren(...overdue.map((c) => Object.assign(document.createElement('li'), {
      className: 'bad', textContent: `${c.serial} ${c.serviceName.zh} · ${t('窗口', 'window')} ${c.window} · ${t('到期', 'due')} ${c.dueOn}` })));
    $('late-followups').replaceChildren(...late.map((f) => Object.assign(document.createElement('li'), {
      className: 'bad', textContent: `#${f.id} · ${t('窗口', 'window')} ${f.window} · ${t('评价', 'rating')} ${f.rating} · ${t('到期', 'due')} ${f.dueOn}` })));
  }

  function renderStaff() {
    const isAdmin = me.staff.roles.includes('admin');
    $('staff').tBodies[0].replaceChildren(...staff.map((s) => {
      const tr = document.createElement('tr');
      tr.dataset.staff = s.number;
      const state = !s.active ? t('已停用', 'disabled') : s.locked ? t('已锁定', 'locked')
        : s.window ? `${t('已登录窗口', 'at window')} ${s.window}` : t('正常', 'active');
      const actions = cell('');
      if (isAdmin && s.active) {
        actions.append(button(t('重置密码', 'Reset'), async () => {
          const secret = prompt(t(`${s.name} 的新密码或PIN`, `New password or PIN for ${s.name}`));
          if (!secret) return;
          try { await call('POST', `/api/v1/staff/${s.number}/reset`, { secret }); say(t('已重置', 'Reset done')); await refreshStaff(); }
          catch (e) { say(e.message, true); }
        }), button(t('停用', 'Disable'), async () => {
          try { await call('POST', `/api/v1/staff/${s.number}/disable`, {}); say(t('已停用', 'Disabled')); await refreshStaff(); }
          catch (e) { say(e.message, true); }
        }));
      }
      tr.append(cell(s.number), cell(s.name), cell(departmentName(s.department)), cell(roleText(s.roles)), cell(state, s.active ? '' : 'muted'), actions);
      return tr;
    }));
  }

  function render() {
    Queuehall.text($('who'), `${me.staff.name} (${me.staff.number}) · ${roleText(me.staff.roles)}`);
    document.body.classList.toggle('admin', me.staff.roles.includes('admin'));
    renderLive();
    renderStaff();
  }

  async function refreshLive() {
    const asks = [call('GET', '/api/v1/hall')];
    const reads = me.staff.roles.some((r) => r !== 'clerk');
    if (reads)
      asks.push(call('GET', '/api/v1/cases?overdue=true'), call('GET', '/api/v1/followups?late=true'));
    const [h, c, f] = await Promise.all(asks);
    hall = h;
    overdue = c ? c.cases : [];
    late = f ? f.followUps : [];
    renderLive();
  }

  async function refreshStaff() {
    staff = (await call('GET', '/api/v1/staff')).staff;
    renderStaff();
  }

  // Events come in bursts (a call is several): the hall is read again once they settle.
  function soon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => me && refreshLive().catch((e) => say(e.message, true)), 150);
  }

  async function start(session) {
    me = session;
    Queuehall.setCsrf(session.csrfToken);
    const catalogue = await call('GET', '/api/v1/services');
    departments = new Map(catalogue.departments.map((d) => [d.id, d]));
    const select = document.querySelector('#staff-form select[name=department]');
    select.replaceChildren(new Option(t('全大厅', 'whole hall'), ''),
                           ...catalogue.departments.map((d) => new Option(`${d.name.zh} ${d.name.en}`, d.id)));
    await Promise.all([refreshLive(), refreshStaff()]);
    document.body.classList.replace('signed-out', 'signed-in');
    render();
    stopFollowing = Queuehall.follow({ onSnapshot: soon, onEvent: (e) => {
      soon();
      if (e.type.startsWith('staff.'))
        refreshStaff().catch(() => {});
    } });
  }

  function signedOut(message) {
    clearTimeout(refreshTimer);
    if (stopFollowing)
      stopFollowing();
    stopFollowing = null;
    me = null;
    hall = null;
    Queuehall.setCsrf('');
    document.body.classList.remove('signed-in', 'admin');
    document.body.classList.add('signed-out');
    Queuehall.text($('signin-message'), message || '');
  }

  $('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const session = await Queuehall.api('POST', '/api/v1/session',
                                          { staff: $('signin-staff').value.trim(), password: $('signin-password').value });
      $('signin-password').value = '';
      Queuehall.text($('signin-message'), '');
      await start(session);
    } catch (error) {
      $('signin-password').value = '';
      Queuehall.text($('signin-message'), error.message);
    }
  });

  $('signout').addEventListener('click', async () => {
    try {
      await Queuehall.api('POST', '/api/v1/session/sign-out', {});
    } finally {
      signedOut(t('已退出', 'Signed out'));
    }
  });

  $('staff-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.target;
    const body = { number: form.number.value.trim(), name: form.name.value.trim(),
                   department: form.department.value,
                   roles: [...form.querySelectorAll('input[name=roles]:checked')].map((c) => c.value),
                   secret: form.secret.value };
    try {
      await call('POST', '/api/v1/staff', body);
      form.reset();
      Queuehall.text($('staff-form-message'), '');
      say(t(`已添加 ${body.name}`, `${body.name} added`));
      await refreshStaff();
    } catch (error) {
      Queuehall.text($('staff-form-message'), error.message);
    }
  });

  for (const tab of document.querySelectorAll('nav button')) {
    tab.addEventListener('click', () => {
      for (const other of document.querySelectorAll('nav button'))
        other.classList.toggle('active', other === tab);
      for (const section of document.querySelectorAll('.tab'))
        section.classList.toggle('active', section.id === 'tab-' + tab.dataset.tab);
    });
  }
  document.querySelector('nav button').click();
  for (const toggle of document.querySelectorAll('.lang-toggle')) {
    toggle.addEventListener('click', () => {
      lang = lang === 'zh' ? 'en' : 'zh';
      localStorage.setItem('queuehall.adminLang', lang);
      translate();
    });
  }
  translate();

  // A page reloaded within the session goes on without a new sign-in.
  Queuehall.api('GET', '/api/v1/session').then(start).catch(() => signedOut(''));
})();
