// The admin pages' hall tabs: the live hall (windows with their clerk and ticket, paused and
// resumed here; queues; hardware; overdue cases and late follow-ups), and the hall's
// configuration changed while it runs: windows and their services, departments and services
// with their guides, hours, holiday sessions and closures, the working calendar, a whole hall file.
import { ui, $, t, isAdmin, say, call, cell, row, button, change, departmentName } from '/web/admin-ui.js';

let hall = null, overdue = [], late = [];
const minutes = (seconds) => (seconds === undefined ? '—' : `${Math.round(seconds / 60)} ${t('分钟', 'min')}`);

// ---- Live hall

export async function refreshLive() {
  const [h, c, f] = await Promise.all([call('GET', '/api/v1/hall'), call('GET', '/api/v1/cases?overdue=true'),
                                       call('GET', '/api/v1/followups?late=true')]);
  hall = h;
  overdue = c.cases;
  late = f.followUps;
  renderLive();
}

function windowAction(number, action) {
  return change(() => call('POST', `/api/v1/windows/${number}/${action}`, {}), refreshLive);
}

export function renderLive() {
  if (!hall)
    return;
  const changes = ui.me.staff.roles.some((r) => r === 'admin' || r === 'head');
  Queuehall.text($('hall-name'), t(hall.hall.zh, hall.hall.en) + (hall.department ? ` · ${departmentName(hall.department)}` : ''));
  Queuehall.text($('status-line'), `${hall.localTime.replace('T', ' ').slice(0, 16)} · ` +
    (hall.issuingOpen ? t('取号中', 'issuing open') : t('停止取号', 'issuing closed') + (hall.issuingClosedReason ? `: ${hall.issuingClosedReason}` : '')) +
    (hall.overtime ? ' · ' + t('延时服务', 'overtime') : '') + (hall.warnings || []).map((w) => ' · ⚠ ' + w).join(''));
  $('windows').tBodies[0].replaceChildren(...hall.windows.map((w) => {
    const actions = cell('');
    if (changes) {
      actions.append(button(w.paused ? t('继续', 'Resume') : t('暂停', 'Pause'), () => windowAction(w.number, w.paused ? 'resume' : 'pause'), 'pause'));
      if (w.clerk)
        actions.append(button(t('签退', 'Sign out'), () => windowAction(w.number, 'sign-out'), 'sign-out'));
    }
    const tr = row([cell(w.number), cell(w.floor), cell(w.paused ? t('暂停', 'paused') : t('开放', 'open')),
                    cell(w.clerk ? `${w.clerk.name} (${w.clerk.number})` : (hall.signInRequired ? t('无人登录', 'nobody') : '—'), w.clerk || !hall.signInRequired ? '' : 'bad'),
                    cell(w.ticket ? `${w.ticket} ${w.ticketState}` : ''), actions], { window: w.number });
    tr.className = w.paused ? 'paused' : '';
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
  $('queues').tBodies[0].replaceChildren(...[...byDepartment].map(([id, d]) =>
    row([cell(departmentName(id)), cell(d.waiting), cell(minutes(d.longest))], { department: id })));
  const item = (text, className) => Object.assign(document.createElement('li'), { textContent: text, className: className || '' });
  const none = () => item(t('无', 'none'), 'muted');
  $('hardware').replaceChildren(...hall.hardware.map((h) => {
    const fine = h.open && (h.devices || []).every((d) => d.answering !== false) && !h.problem;
    return item(`${h.port}${h.kind ? ' ' + h.kind : ''}: ${fine ? t('正常', 'working') : (h.problem || h.reason || t('故障', 'fault'))}`, fine ? '' : 'bad');
  }));
  if (!hall.hardware.length)
    $('hardware').replaceChildren(item(t('未配置串口设备', 'no serial hardware configured'), 'muted'));
  const city = hall.city || { configured: false };
  const streaming = city.state === 'streaming';
  $('city-link').replaceChildren(!city.configured ? item(t('未连接全市平台', 'no city link configured'), 'muted')
    : item(`${streaming ? t('正常', 'streaming') : t('中断', city.state)} · ${t('已上报至', 'the city holds events to')} ${city.acknowledged}/${city.last}`
           + (city.lagEvents ? ` · ${t('积压', 'behind by')} ${city.lagEvents} (${Math.round(city.lagSeconds)} s)` : '')
           + (city.error ? ` · ${city.error}` : ''), streaming ? '' : 'bad'));
  $('overdue-cases').replaceChildren(...overdue.map((c) => item(`${c.serial} ${c.serviceName.zh} · ${t('窗口', 'window')} ${c.window} · ${t('到期', 'due')} ${c.dueOn}`, 'bad')));
  if (!overdue.length)
    $('overdue-cases').replaceChildren(none());
  $('late-followups').replaceChildren(...late.map((f) => item(`#${f.id} · ${t('窗口', 'window')} ${f.window} · ${t('评价', 'rating')} ${f.rating} · ${t('到期', 'due')} ${f.dueOn}`, 'bad')));
  if (!late.length)
    $('late-followups').replaceChildren(none());
}

// ---- The hall's configuration

let config = null; // {version, hall}

export async function refreshConfig() {
  config = await call('GET', '/api/v1/hall/config');
  renderConfig();
}

// Makes the change on the hall file as it is now and sends it with the version it was read at.
// The serial buses and the modem keep what they started with: the answer says when a change
// waits for a restart.
function saveHall(edit, messageNode) {
  let restart = [];
  return change(async () => {
    const current = await call('GET', '/api/v1/hall/config');
    edit(current.hall);
    restart = (await call('POST', '/api/v1/hall/config', { version: current.version, hall: current.hall })).restartNeeded;
  }, async () => {
    await refreshConfig();
    await ui.reloadCatalogue();
    return restart.length ? t(`已保存；${restart.join('、')} 在控制器重启后生效`, `Saved; ${restart.join(' and ')} take effect when the controller restarts`) : '';
  }, messageNode);
}

const name = (o) => (o ? `${o.zh} ${o.en}` : '');
const serviceLabel = (id) => {
  const s = config.hall.services.find((x) => x.id === id);
  return s ? s.name.zh : id;
};

function renderConfig() {
  if (!config)
    return;
  const admin = isAdmin();
  const h = config.hall;
  $('config-windows').tBodies[0].replaceChildren(...h.windows.map((w) => row([
    cell(w.number), cell(w.floor), cell(name(w.name)),
    cell(w.services.map((s) => (s.department ? `[${departmentName(s.department)}]` : serviceLabel(s.service)) +
                                (s.weight === 'secondary' ? t('（辅）', ' (secondary)') : '')).join('、')),
    admin ? cellWith(button(t('编辑', 'Edit'), () => editWindow(w), 'edit')) : cell('')], { window: w.number })));
  $('config-departments').tBodies[0].replaceChildren(...h.departments.map((d) => row([
    cell(d.id), cell(name(d.name)), cell(d.floor), cell(d.prefix), cell(`${d.helpAfterMinutes ?? 0} ${t('分钟', 'min')}`),
    admin ? cellWith(button(t('编辑', 'Edit'), () => editDepartment(d), 'edit')) : cell('')], { department: d.id })));
  $('config-services').tBodies[0].replaceChildren(...h.services.map((s) => row([
    cell(s.id), cell(departmentName(s.department)), cell(name(s.name)),
    cell(`${s.guide.timeLimitDays} / ${s.guide.promisedDays ?? s.guide.timeLimitDays} ${t('工作日', 'days')} · ${s.guide.standardMinutes} ${t('分钟', 'min')}`),
    admin ? cellWith(button(t('编辑', 'Edit'), () => editService(s), 'edit')) : cell('')], { service: s.id })));
  renderHours();
  for (const form of document.querySelectorAll('.config-form'))
    form.hidden = form.hidden || !admin;
}

function cellWith(...nodes) {
  const td = cell('');
  td.append(...nodes);
  return td;
}

// Fills a form's named fields from an object of values.
function fill(form, values) {
  for (const [k, v] of Object.entries(values))
    if (form.elements[k])
      form.elements[k].value = v ?? '';
  form.hidden = false;
  form.scrollIntoView({ block: 'nearest' });
}

// ---- Windows and the services they serve

function serviceOptions(selected) {
  const select = document.createElement('select');
  select.name = 'entry';
  for (const d of config.hall.departments) {
    const group = document.createElement('optgroup');
    group.label = name(d.name);
    group.append(new Option(t(`${d.name.zh}：全部事项`, `${d.name.en}: every service`), 'department:' + d.id));
    for (const s of config.hall.services.filter((x) => x.department === d.id))
      group.append(new Option(`${s.id} ${s.name.zh}`, 'service:' + s.id));
    select.append(group);
  }
  select.value = selected;
  return select;
}

function addEntryRow(entry) {
  const li = document.createElement('li');
  const weight = document.createElement('select');
  weight.name = 'weight';
  weight.append(new Option(t('主办', 'primary'), 'primary'), new Option(t('辅办', 'secondary'), 'secondary'));
  weight.value = entry.weight || 'primary';
  li.append(serviceOptions(entry.department ? 'department:' + entry.department : 'service:' + entry.service), weight,
            button('✕', () => li.remove(), 'remove'));
  $('window-entries').append(li);
}

function editWindow(w) {
  const form = $('window-form');
  fill(form, { number: w ? w.number : '', floor: w ? w.floor : 1, zh: w ? w.name.zh : '', en: w ? w.name.en : '' });
  form.elements.number.readOnly = !!w;
  $('window-entries').replaceChildren();
  for (const entry of (w ? w.services : []))
    addEntryRow(entry);
  Queuehall.text($('window-form-message'), '');
}

function windowFromForm(form) {
  const number = Number(form.elements.number.value);
  return {
    number, floor: Number(form.elements.floor.value),
    name: { zh: form.elements.zh.value.trim(), en: form.elements.en.value.trim() },
    services: [...$('window-entries').children].map((li) => {
      const [kind, id] = li.querySelector('[name=entry]').value.split(':');
      return { [kind]: id, weight: li.querySelector('[name=weight]').value };
    }),
  };
}

function replaceOrAdd(list, key, value, item) {
  const i = list.findIndex((x) => x[key] === value);
  if (i >= 0)
    list[i] = item;
  else
    list.push(item);
}

// ---- Departments and services

function editDepartment(d) {
  fill($('department-form'), { id: d ? d.id : '', zh: d ? d.name.zh : '', en: d ? d.name.en : '', floor: d ? d.floor : 1, prefix: d ? d.prefix : '', helpAfter: d ? d.helpAfterMinutes ?? 0 : 0 });
  $('department-form').elements.id.readOnly = !!d;
}

function editService(s) {
  const form = $('service-form');
  const select = form.elements.department;
  select.replaceChildren(...config.hall.departments.map((d) => new Option(`${d.id} ${d.name.zh}`, d.id)));
  fill(form, {
    id: s ? s.id : '', department: s ? s.department : config.hall.departments[0].id, zh: s ? s.name.zh : '', en: s ? s.name.en : '',
    materials: s ? s.guide.materials.map((m) => `${m.zh} | ${m.en}`).join('\n') : '',
    timeLimitDays: s ? s.guide.timeLimitDays : 1, promisedDays: s ? (s.guide.promisedDays ?? '') : '', standardMinutes: s ? s.guide.standardMinutes : 10,
    appointmentShare: s ? Math.round((s.appointmentShare || 0) * 100) : 0,
  });
  form.elements.id.readOnly = !!s;
}

function serviceFromForm(form) {
  const e = form.elements;
  const guide = {
    materials: e.materials.value.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
      const [zh, en] = l.split('|').map((x) => x.trim());
      return { zh, en: en || zh };
    }),
    timeLimitDays: Number(e.timeLimitDays.value), standardMinutes: Number(e.standardMinutes.value),
  };
  if (e.promisedDays.value !== '')
    guide.promisedDays = Number(e.promisedDays.value);
  const service = { id: e.id.value.trim(), department: e.department.value, name: { zh: e.zh.value.trim(), en: e.en.value.trim() }, guide };
  if (Number(e.appointmentShare.value) > 0)
    service.appointmentShare = Number(e.appointmentShare.value) / 100;
  return service;
}

// ---- Hours, holiday sessions, closures

const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const dayNames = { mon: ['一', 'Mon'], tue: ['二', 'Tue'], wed: ['三', 'Wed'], thu: ['四', 'Thu'], fri: ['五', 'Fri'], sat: ['六', 'Sat'], sun: ['日', 'Sun'] };
// "09:00-12:00, 13:00-17:00/16:30": periods, each with its cut-off after a slash.
const periodsText = (periods) => periods.map((p) => `${p.open}-${p.close}${p.cutoff ? '/' + p.cutoff : ''}`).join(', ');
function periodsFrom(text) {
  return text.split(',').map((x) => x.trim()).filter(Boolean).map((p) => {
    const m = /^(\d\d:\d\d)-(\d\d:\d\d)(?:\/(\d\d:\d\d))?$/.exec(p);
    if (!m)
      throw new Error(t(`时段格式应为 09:00-12:00 或 13:00-17:00/16:30：${p}`, `a period reads 09:00-12:00 or 13:00-17:00/16:30: ${p}`));
    return m[3] ? { open: m[1], close: m[2], cutoff: m[3] } : { open: m[1], close: m[2] };
  });
}

function input(nameAttr, value, attrs = {}) {
  return Object.assign(document.createElement('input'), { name: nameAttr, value: value ?? '' }, attrs);
}

function weeklyRow(entry) {
  const li = document.createElement('li');
  for (const d of days) {
    const label = document.createElement('label');
    label.className = 'inline';
    label.append(input('day', d, { type: 'checkbox', checked: entry.days.includes(d) }), t(dayNames[d][0], dayNames[d][1]));
    li.append(label);
  }
  li.append(input('periods', periodsText(entry.periods), { size: 36 }), button('✕', () => li.remove(), 'remove'));
  $('weekly').append(li);
}

function sessionRow(s) {
  const li = document.createElement('li');
  li.append(input('date', s.date, { type: 'date' }), input('zh', s.name.zh, { placeholder: t('名称（中文）', 'Name (Chinese)') }),
            input('en', s.name.en, { placeholder: t('名称（英文）', 'Name (English)') }),
            input('periods', periodsText([s]), { size: 14 }),
            Object.assign(document.createElement('label'), { className: 'inline' }),
            input('windows', (s.windows || []).join(','), { placeholder: t('窗口，如 1,2,8', 'windows, e.g. 1,2,8'), size: 14 }),
            button('✕', () => li.remove(), 'remove'));
  li.children[4].append(input('appointmentsOnly', '', { type: 'checkbox', checked: s.appointmentsOnly !== false }), t('仅预约', 'appointments only'));
  $('sessions').append(li);
}

function closureRow(c) {
  const li = document.createElement('li');
  li.append(input('date', c.date, { type: 'date' }), input('zh', c.reason.zh, { placeholder: t('原因（中文）', 'Reason (Chinese)') }),
            input('en', c.reason.en, { placeholder: t('原因（英文）', 'Reason (English)') }),
            button('✕', () => li.remove(), 'remove'));
  $('closures').append(li);
}

function renderHours() {
  const hours = config.hall.hours;
  $('weekly').replaceChildren();
  hours.weekly.forEach(weeklyRow);
  $('sessions').replaceChildren();
  (hours.holidaySessions || []).forEach(sessionRow);
  $('closures').replaceChildren();
  (config.hall.closures || []).forEach(closureRow);
}

function hoursFromForm() {
  const value = (li, n) => li.querySelector(`[name=${n}]`).value.trim();
  const weekly = [...$('weekly').children].map((li) => ({
    days: [...li.querySelectorAll('[name=day]:checked')].map((c) => c.value), periods: periodsFrom(value(li, 'periods')) }));
  const holidaySessions = [...$('sessions').children].map((li) => {
    const [period] = periodsFrom(value(li, 'periods'));
    const s = { date: value(li, 'date'), name: { zh: value(li, 'zh'), en: value(li, 'en') }, ...period,
                appointmentsOnly: li.querySelector('[name=appointmentsOnly]').checked };
    const windows = value(li, 'windows');
    if (windows)
      s.windows = windows.split(',').map((x) => Number(x.trim()));
    return s;
  });
  const closures = [...$('closures').children].map((li) => ({ date: value(li, 'date'), reason: { zh: value(li, 'zh'), en: value(li, 'en') } }));
  return { weekly, holidaySessions, closures };
}

// ---- Wiring

export function setUpHall() {
  $('window-add').addEventListener('click', () => editWindow(null));
  $('window-entry-add').addEventListener('click', () => addEntryRow({ service: config.hall.services[0].id, weight: 'primary' }));
  $('window-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const w = windowFromForm(e.target);
    saveHall((h) => replaceOrAdd(h.windows, 'number', w.number, w), $('window-form-message'));
  });
  $('window-remove').addEventListener('click', () => {
    const number = Number($('window-form').elements.number.value);
    saveHall((h) => { h.windows = h.windows.filter((w) => w.number !== number); }, $('window-form-message'));
  });
  $('department-add').addEventListener('click', () => editDepartment(null));
  $('department-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.target.elements;
    const d = { id: f.id.value.trim(), name: { zh: f.zh.value.trim(), en: f.en.value.trim() }, floor: Number(f.floor.value), prefix: f.prefix.value.trim(), helpAfterMinutes: Number(f.helpAfter.value) };
    saveHall((h) => {
      const old = h.departments.find((x) => x.id === d.id);
      replaceOrAdd(h.departments, 'id', d.id, old ? { ...old, ...d } : d);
    }, $('department-form-message'));
  });
  $('service-add').addEventListener('click', () => editService(null));
  $('service-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const s = serviceFromForm(e.target);
    saveHall((h) => {
      // What the form does not show (a centre's name) stays; a share set to 0 goes.
      const merged = { ...h.services.find((x) => x.id === s.id), ...s };
      if (!s.appointmentShare)
        delete merged.appointmentShare;
      replaceOrAdd(h.services, 'id', s.id, merged);
    }, $('service-form-message'));
  });
  $('service-remove').addEventListener('click', () => {
    const id = $('service-form').elements.id.value.trim();
    saveHall((h) => {
      h.services = h.services.filter((s) => s.id !== id);
      for (const w of h.windows)
        w.services = w.services.filter((x) => x.service !== id);
    }, $('service-form-message'));
  });
  $('weekly-add').addEventListener('click', () => weeklyRow({ days: [], periods: [] }));
  $('session-add').addEventListener('click', () => sessionRow({ date: '', name: { zh: '', en: '' }, open: '09:00', close: '12:00' }));
  $('closure-add').addEventListener('click', () => closureRow({ date: '', reason: { zh: '', en: '' } }));
  $('hours-form').addEventListener('submit', (e) => {
    e.preventDefault();
    let hours;
    try {
      hours = hoursFromForm();
    } catch (error) {
      Queuehall.text($('hours-form-message'), error.message);
      return;
    }
    saveHall((h) => {
      h.hours = { ...h.hours, weekly: hours.weekly, holidaySessions: hours.holidaySessions };
      if (hours.closures.length)
        h.closures = hours.closures;
      else
        delete h.closures;
    }, $('hours-form-message'));
  });
  // A JSON file chosen in a form goes to `send`; one that is not JSON is refused there.
  const onJsonFile = (formId, fileId, send) => $(formId).addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = $(fileId).files[0];
    if (!file)
      return;
    let json;
    try {
      json = JSON.parse(await file.text());
    } catch (error) {
      Queuehall.text($(formId + '-message'), t('不是 JSON 文件：', 'not a JSON file: ') + error.message);
      return;
    }
    send(json, $(formId + '-message'));
  });
  onJsonFile('calendar-form', 'calendar-file', (year, message) => change(() => call('POST', '/api/v1/calendar', year), null, message));
  onJsonFile('import-form', 'import-file', (imported, message) => saveHall((h) => {
    for (const key of Object.keys(h))
      delete h[key];
    Object.assign(h, imported);
  }, message));
}
