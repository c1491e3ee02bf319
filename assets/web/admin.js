// The hall's admin pages at /admin: sign-in with a staff number and password (a session cookie,
// the CSRF token kept in memory only), then the tabs of the live hall, the hall's configuration,
// hours, notices, the day's bookings, people, devices, reports and the audit trail. What a person sees is what the
// API lets his roles see: a department head his own department, an auditor everything without
// the forms that change it.
import { ui, $, t, say, call } from '/web/admin-ui.js';
import { refreshLive, renderLive, refreshConfig, setUpHall } from '/web/admin-hall.js';
import { roleText, refreshStaff, renderStaff, refreshDevices, setUpPeople } from '/web/admin-people.js';
import { refreshNotices, refreshAppointments, setUpRecords } from '/web/admin-records.js';

let stopFollowing = null;
let refreshTimer = null;
let linkTimer = null;
// The city link's lag changes without an event of the hall: the live view is read again this often.
const kLinkRefreshMs = 10000;

// Which tabs each role opens; the first is shown after sign-in.
const readerTabs = ['live', 'windows', 'services', 'hours', 'notices', 'appointments', 'staff', 'devices', 'reports', 'audit'];
const tabsOf = (roles) => (roles.some((r) => r === 'admin' || r === 'auditor') ? readerTabs
                                                                            : ['live', 'appointments', 'staff', 'reports']);

function translate() {
  document.documentElement.lang = ui.lang === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll('[data-zh]'))
    node.textContent = node.dataset[ui.lang];
  if (ui.me)
    render();
}

function render() {
  Queuehall.text($('who'), `${ui.me.staff.name} (${ui.me.staff.number}) · ${roleText(ui.me.staff.roles)}`);
  document.body.classList.toggle('admin', ui.me.staff.roles.includes('admin'));
  const tabs = tabsOf(ui.me.staff.roles);
  for (const b of document.querySelectorAll('nav button'))
    b.hidden = !tabs.includes(b.dataset.tab);
  renderLive();
  renderStaff();
}

// Events come in bursts (a call is several): the hall is read again once they settle.
function soon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => ui.me && refreshLive().catch((e) => say(e.message, true)), 150);
}

ui.reloadCatalogue = async () => {
  const catalogue = await call('GET', '/api/v1/services');
  ui.departments = new Map(catalogue.departments.map((d) => [d.id, d]));
  const select = document.querySelector('#staff-form select[name=department]');
  select.replaceChildren(new Option(t('全大厅', 'whole hall'), ''),
                         ...catalogue.departments.map((d) => new Option(`${d.name.zh} ${d.name.en}`, d.id)));
};

async function start(session) {
  ui.me = session;
  Queuehall.setCsrf(session.csrfToken);
  await ui.reloadCatalogue();
  await Promise.all([refreshLive(), refreshStaff()]);
  document.body.classList.replace('signed-out', 'signed-in');
  render();
  showTab('live');
  stopFollowing = Queuehall.follow({ onSnapshot: soon, onEvent: (e) => {
    soon();
    if (e.type.startsWith('staff.'))
      refreshStaff().catch(() => {});
    if (e.type === 'hall.changed')
      ui.reloadCatalogue().catch(() => {});
  } });
  linkTimer = setInterval(soon, kLinkRefreshMs);
}

ui.onSignedOut = (message) => {
  clearTimeout(refreshTimer);
  clearInterval(linkTimer);
  if (stopFollowing)
    stopFollowing();
  stopFollowing = null;
  ui.me = null;
  Queuehall.setCsrf('');
  document.body.classList.remove('signed-in', 'admin');
  document.body.classList.add('signed-out');
  Queuehall.text($('signin-message'), message || '');
};

// Each tab reads what it shows when it is opened.
const openers = { live: refreshLive, windows: refreshConfig, services: refreshConfig, hours: refreshConfig,
                  notices: refreshNotices, appointments: refreshAppointments, staff: refreshStaff,
                  devices: refreshDevices };

function showTab(name) {
  for (const b of document.querySelectorAll('nav button'))
    b.classList.toggle('active', b.dataset.tab === name);
  for (const section of document.querySelectorAll('.tab'))
    section.classList.toggle('active', section.id === 'tab-' + name);
  if (ui.me && openers[name])
    openers[name]().catch((e) => say(e.message, true));
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
    ui.onSignedOut(t('已退出', 'Signed out'));
  }
});

for (const tab of document.querySelectorAll('nav button'))
  tab.addEventListener('click', () => showTab(tab.dataset.tab));
for (const toggle of document.querySelectorAll('.lang-toggle')) {
  toggle.addEventListener('click', () => {
    ui.lang = ui.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('queuehall.adminLang', ui.lang);
    translate();
  });
}
setUpHall();
setUpPeople();
setUpRecords();
translate();

// A page reloaded within the session goes on without a new sign-in.
Queuehall.api('GET', '/api/v1/session').then(start).catch(() => ui.onSignedOut(''));
