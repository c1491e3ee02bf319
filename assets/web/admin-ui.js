// What every tab of the admin pages shares: the language, API calls through the session, and
// small builders for tables, forms and messages.
export const ui = {
  lang: localStorage.getItem('queuehall.adminLang') || 'zh',
  me: null,              // GET /api/v1/session
  departments: new Map(), // id → department with its services (GET /api/v1/services)
  onSignedOut: () => {},
};

export const $ = (id) => document.getElementById(id);
export const t = (zh, en) => (ui.lang === 'zh' ? zh : en);
export const isAdmin = () => ui.me && ui.me.staff.roles.includes('admin');

export function say(text, isError) {
  Queuehall.text($('message'), text);
  $('message').className = isError ? 'warning' : 'muted';
}

// An API call through the session; a 401 (expired, signed out elsewhere) brings the sign-in back.
export async function call(method, path, body) {
  try {
    return await Queuehall.api(method, path, body);
  } catch (e) {
    if (e.status === 401 && ui.me)
      ui.onSignedOut(t('登录已过期，请重新登录', 'The session has ended; please sign in again'));
    throw e;
  }
}

export function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : String(text);
  if (className)
    td.className = className;
  return td;
}

export function row(cells, dataset = {}) {
  const tr = document.createElement('tr');
  Object.assign(tr.dataset, dataset);
  tr.append(...cells);
  return tr;
}

export function button(label, run, name) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (name)
    b.name = name;
  b.addEventListener('click', run);
  return b;
}

// Runs a change, refreshes what the page shows, then says how it went: "Saved" (or what `done`
// returns instead) appears only once the page shows the saved state, so an edit made after it is
// never overwritten by the refresh. The API's refusal (which names the field) is shown where the
// form shows its messages.
export async function change(run, done, messageNode) {
  try {
    await run();
    if (messageNode)
      Queuehall.text(messageNode, '');
    const outcome = done ? await done() : '';
    say(outcome || t('已保存', 'Saved'));
  } catch (e) {
    if (messageNode)
      Queuehall.text(messageNode, e.message);
    else
      say(e.message, true);
  }
}

export const departmentName = (id) => {
  const d = ui.departments.get(id);
  return d ? t(d.name.zh, d.name.en) : (id || t('全大厅', 'whole hall'));
};

// An <input type=datetime-local> value as an ISO time in the hall's zone (+08:00 unless told).
export function isoFromLocal(value, offset = '+08:00') {
  return value ? `${value}:00${offset}` : '';
}

// A simple bar chart as SVG: one bar per value, labelled, scaled to the largest.
export function barChart(items, unit) {
  const width = 720, barHeight = 22, gap = 6, labelWidth = 220;
  const max = Math.max(1, ...items.map((i) => i.value || 0));
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${items.length * (barHeight + gap) + gap}`);
  svg.setAttribute('class', 'chart');
  items.forEach((item, i) => {
    const y = gap + i * (barHeight + gap);
    const w = Math.round(((item.value || 0) / max) * (width - labelWidth - 90));
    const add = (tag, attrs, text) => {
      const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
      for (const [k, v] of Object.entries(attrs))
        node.setAttribute(k, v);
      if (text !== undefined)
        node.textContent = text;
      svg.append(node);
    };
    add('text', { x: labelWidth - 8, y: y + 16, 'text-anchor': 'end' }, item.label);
    add('rect', { x: labelWidth, y, width: w, height: barHeight, class: 'bar' });
    add('text', { x: labelWidth + w + 6, y: y + 16 }, item.value === null ? '—' : `${item.value}${unit}`);
  });
  return svg;
}
