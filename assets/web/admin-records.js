// The admin pages' records: notices for the kiosks and displays, the day's bookings, the reports
// with a chart and their CSV, and the audit trail searched and its chain checked.
import { $, t, say, isAdmin, call, cell, row, button, change, barChart, isoFromLocal } from '/web/admin-ui.js';

// ---- Notices

const targets = { kiosk: ['取号机', 'kiosks'], display: ['显示屏', 'displays'], both: ['取号机和显示屏', 'kiosks and displays'] };

export async function refreshNotices() {
  const { notices } = await call('GET', '/api/v1/notices');
  const admin = isAdmin();
  $('notices').tBodies[0].replaceChildren(...notices.map((n) => {
    const actions = cell('');
    if (admin)
      actions.append(button(t('撤下', 'Withdraw'), () => change(() => call('POST', `/api/v1/notices/${n.id}/withdraw`, {}), refreshNotices), 'withdraw'));
    return row([cell(n.text.zh + (n.text.en ? ` / ${n.text.en}` : '')), cell(t(...targets[n.target])),
                cell(n.startsAt.slice(0, 16).replace('T', ' ')), cell(n.endsAt.slice(0, 16).replace('T', ' ')), actions], { notice: n.id });
  }));
}

// ---- Bookings

const bookingStates = { booked: ['已预约', 'booked'], checked_in: ['已取号', 'checked in'],
                        cancelled: ['已取消', 'cancelled'], no_show: ['未到', 'no-show'] };

// A day's bookings (today unless a day is chosen); a department head sees his department's.
export async function refreshAppointments() {
  const form = $('appointments-form').elements;
  const { day, counts, appointments } =
    await call('GET', '/api/v1/appointments' + (form.day.value ? `?day=${form.day.value}` : ''));
  form.day.value = day;
  Queuehall.text($('appointments-counts'), Object.entries(bookingStates)
    .map(([state, names]) => `${t(...names)} ${counts[state] || 0}`).join(' · '));
  $('appointments').tBodies[0].replaceChildren(...appointments.map((a) => row([
    cell(`${a.start.slice(11, 16)}–${a.end.slice(11, 16)}`), cell(t(a.serviceName.zh, a.serviceName.en)),
    cell(a.phone), cell(t(...(bookingStates[a.state] || [a.state, a.state]))), cell(a.ticket || '')])));
}

// ---- Reports

const columns = [
  ['issued', '取号', 'Issued'], ['served', '办结', 'Served'], ['wait_mean_s', '平均等候', 'Mean wait'],
  ['wait_p90_s', 'P90 等候', 'P90 wait'], ['satisfaction', '满意率', 'Satisfaction'],
  ['bad', '差评', 'Bad ratings'], ['cases_same_day_rate', '即办率', 'Same-day rate'],
];
// The city's report (docs/city.md): one row per hall, from the city's PostgreSQL.
const cityColumns = [
  ['issued', '取号', 'Issued'], ['served', '办结', 'Served'], ['wait_mean_s', '平均等候', 'Mean wait'],
  ['satisfaction', '满意率', 'Satisfaction'], ['bad', '差评', 'Bad ratings'],
  ['cases_same_day_rate', '即办率', 'Same-day rate'], ['cases_on_time_rate', '按期办结率', 'On-time rate'],
  ['cases_overdue', '超期办件', 'Overdue cases'],
];
const shown = (key, v) => (v === null || v === undefined ? '—' : key.endsWith('_s') ? `${(v / 60).toFixed(1)}′`
  : key.includes('rate') || key === 'satisfaction' ? `${(v * 100).toFixed(1)}%` : v);

function reportQuery() {
  const f = $('report-form').elements;
  const kind = f.kind.value;
  const q = new URLSearchParams();
  if (kind === 'appraisal')
    q.set('month', f.month.value);
  else {
    q.set('from', f.from.value);
    q.set('to', f.to.value);
    q.set('by', f.by.value);
  }
  if (kind === 'city')
    q.delete('by');
  return { path: { appraisal: '/api/v1/reports/appraisal', city: '/api/v1/city/report' }[kind] || '/api/v1/reports/range', q };
}

async function runReport() {
  const { path, q } = reportQuery();
  const report = await call('GET', `${path}?${q}`);
  const table = $('report-table');
  $('report-csv').href = `${path}?${q}&format=csv`;
  $('report-csv').hidden = false;
  if (path.endsWith('appraisal')) {
    table.tHead.replaceChildren(row(['名次 Rank', '窗口 Window', '得分 Score'].map((h) => Object.assign(document.createElement('th'), { textContent: h }))));
    table.tBodies[0].replaceChildren(...report.windows.map((w) => row([cell(w.rank), cell(w.window), cell(w.score)])));
    $('report-chart').replaceChildren(barChart(report.windows.map((w) => ({ label: `${t('窗口', 'W')} ${w.window}`, value: w.score })), ''));
    return;
  }
  const shownColumns = path.endsWith('city/report') ? cityColumns : columns;
  const groups = path.endsWith('city/report') ? [...report.groups, report.total] : report.groups;
  const groupHeading = path.endsWith('city/report') ? t('大厅', 'Hall') : t('分组', 'Group');
  table.tHead.replaceChildren(row([groupHeading, ...shownColumns.map((c) => t(c[1], c[2]))].map((h) => Object.assign(document.createElement('th'), { textContent: h }))));
  table.tBodies[0].replaceChildren(...groups.map((g) => row([cell(t(g.name, g.name_en || g.name) || g.key), ...shownColumns.map(([key]) => cell(shown(key, g[key])))])));
  $('report-chart').replaceChildren(barChart(groups.map((g) => ({
    label: t(g.name, g.name_en || g.name) || g.key, value: g.wait_mean_s === null ? null : Math.round(g.wait_mean_s / 6) / 10 })), t(' 分钟', ' min')));
}

// ---- Audit

let lastSeq = null;

async function searchAudit(more) {
  const f = $('audit-form').elements;
  const q = new URLSearchParams();
  for (const key of ['ticket', 'case', 'window', 'who', 'type'])
    if (f[key].value.trim())
      q.set(key, f[key].value.trim());
  if (f.from.value)
    q.set('from', isoFromLocal(f.from.value));
  if (f.to.value)
    q.set('to', isoFromLocal(f.to.value));
  if (more && lastSeq)
    q.set('before', lastSeq);
  const { events } = await call('GET', `/api/v1/audit?${q}`);
  const rows = events.map((e) => row([cell(e.seq), cell(e.at.slice(0, 19).replace('T', ' ')), cell(e.type), cell(e.actor), cell(e.device),
                                      cell(e.window || ''), cell(JSON.stringify(e.data))], { seq: e.seq }));
  if (more)
    $('audit').tBodies[0].append(...rows);
  else
    $('audit').tBodies[0].replaceChildren(...rows);
  lastSeq = events.length ? events[events.length - 1].seq : lastSeq;
  $('audit-more').hidden = events.length < 100;
}

export function setUpRecords() {
  $('appointments-form').addEventListener('submit', (e) => {
    e.preventDefault();
    refreshAppointments().catch((error) => say(error.message, true));
  });
  $('notice-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.target.elements;
    change(() => call('POST', '/api/v1/notices', { zh: f.zh.value, en: f.en.value, target: f.target.value,
                                                   startsAt: isoFromLocal(f.startsAt.value), endsAt: isoFromLocal(f.endsAt.value) }),
           async () => { e.target.reset(); await refreshNotices(); }, $('notice-form-message'));
  });
  $('report-form').addEventListener('submit', (e) => {
    e.preventDefault();
    runReport().catch((error) => Queuehall.text($('report-form-message'), error.message));
  });
  $('audit-form').addEventListener('submit', (e) => {
    e.preventDefault();
    searchAudit(false).catch((error) => Queuehall.text($('audit-form-message'), error.message));
  });
  $('audit-more').addEventListener('click', () => searchAudit(true).catch((error) => Queuehall.text($('audit-form-message'), error.message)));
  $('audit-verify').addEventListener('click', async () => {
    try {
      const r = await call('GET', '/api/v1/audit/verify');
      Queuehall.text($('audit-verified'), r.ok ? t(`审计链完整：已核验 ${r.checked} 条`, `The trail is intact: ${r.checked} events checked`)
                                               : t(`审计链被篡改：${r.problems.join('；')}`, `The trail was TAMPERED with: ${r.problems.join('; ')}`));
      $('audit-verified').className = r.ok ? '' : 'bad';
    } catch (error) {
      Queuehall.text($('audit-verified'), error.message);
    }
  });
}
