// The admin pages and the clerk's sign-in in the Debian Chromium (playwright-core): sign in and
// out, lockout after wrong passwords, a change without the CSRF token refused, a department head
// who sees and changes only his department, a clerk's PIN sign-in on /caller named in the trail
// and on the live hall, an account added through the form with a bad field named first.
// Screenshots of each page in zh and en go to $QH_SCREENSHOT_DIR (or a temporary folder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, browser, cityDatabase, page, shots } from './hall.mjs';

async function adminPage(c) {
  const p = await page(`${c.url}/admin`, { width: 1400, height: 900 });
  await p.waitForSelector('body.signed-out');
  return p;
}

async function signIn(p, staff, password) {
  await p.fill('#signin-staff', staff);
  await p.fill('#signin-password', password);
  await p.click('#signin-button');
}

// /admin, signed in.
async function signedIn(c, staff, password) {
  const p = await adminPage(c);
  await signIn(p, staff, password);
  await p.waitForSelector('body.signed-in');
  return p;
}

const hallAdmin = ['9001', '李主任', 'admin', '', 'correct-horse-battery'];

// A controller of the small hall with these accounts, serving while `run` runs.
async function withHall(accounts, run) {
  const c = new Controller();
  for (const account of accounts)
    c.staff(...account);
  await c.start();
  try {
    await run(c);
  } finally {
    await c.stop();
  }
}

// The newest event of a type in the trail, as the audit would read it.
function lastEvent(c, type) {
  const row = execFileSync('sqlite3', ['-json', c.db,
    `SELECT actor, device FROM events WHERE type = '${type}' ORDER BY seq DESC LIMIT 1`]).toString();
  return JSON.parse(row || '[{}]')[0];
}

test('an admin signs in and out; five wrong passwords lock the account', () => withHall([hallAdmin], async (c) => {
  const p = await adminPage(c);
  await p.screenshot({ path: join(shots, 'admin-signin-zh.png') });
  await signIn(p, '9001', 'correct-horse-battery');
  await p.waitForSelector('body.signed-in');
  assert.match(await p.textContent('#who'), /李主任 \(9001\) · 大厅管理员/);
  assert.equal(await p.locator('#windows tbody tr').count(), 4);
  const cookies = await p.context().cookies();
  const session = cookies.find((k) => k.name === 'qh_session');
  assert.ok(session.httpOnly, 'the session cookie is HttpOnly');
  assert.equal(session.sameSite, 'Strict');
  assert.equal(await p.evaluate(() => document.cookie), '', 'scripts cannot read the cookie');
  await p.screenshot({ path: join(shots, 'admin-live-zh.png') });
  await p.click('.lang-toggle >> nth=1');
  assert.equal(await p.textContent('nav button[data-tab=live]'), 'Live hall');
  await p.screenshot({ path: join(shots, 'admin-live-en.png') });
  await p.click('.lang-toggle >> nth=1');

  // A reload keeps the session; sign-out ends it, for the server too.
  await p.reload();
  await p.waitForSelector('body.signed-in');
  await p.click('#signout');
  await p.waitForSelector('body.signed-out');
  const after = await p.evaluate(async () => (await fetch('/api/v1/hall')).status);
  assert.equal(after, 401);

  for (let i = 0; i < 4; ++i) {
    await p.evaluate(() => { document.getElementById('signin-message').textContent = ''; });
    await signIn(p, '9001', 'not-the-password');
    await p.waitForFunction(() => document.getElementById('signin-message').textContent !== '');
    assert.match(await p.textContent('#signin-message'), /wrong/);
  }
  await signIn(p, '9001', 'not-the-password');
  await p.waitForFunction(() => /locked/.test(document.getElementById('signin-message').textContent));
  await signIn(p, '9001', 'correct-horse-battery');
  await p.waitForFunction(() => /locked/.test(document.getElementById('signin-message').textContent));
  assert.ok(await p.$('body.signed-out'), 'the right password does not open a locked account');
  await p.screenshot({ path: join(shots, 'admin-locked.png') });
  assert.equal(lastEvent(c, 'staff.locked').actor, '9001');
}));

test('a change without the CSRF token is refused; the form names a bad field and adds a good account', () => withHall([hallAdmin], async (c) => {
  const p = await signedIn(c, '9001', 'correct-horse-battery');
  // The page's own fetch, with the cookie but without the token: refused, nothing added.
  const forged = await p.evaluate(async () => {
    const r = await fetch('/api/v1/staff', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ number: '6666', name: 'x', roles: ['clerk'], secret: '1234' }) });
    return { status: r.status, body: await r.json() };
  });
  assert.equal(forged.status, 403);
  assert.equal(forged.body.error.code, 'csrf_failed');

  await p.click('nav button[data-tab=staff]');
  await p.fill('#staff-form input[name=number]', '1024');
  await p.fill('#staff-form input[name=name]', '张三');
  await p.selectOption('#staff-form select[name=department]', 'hukou');
  await p.check('#staff-form input[value=clerk]');
  await p.fill('#staff-form input[name=secret]', '12');
  await p.click('#staff-form button:not([type=reset])');
  await p.waitForFunction(() => /^pin:/.test(document.getElementById('staff-form-message').textContent));
  await p.screenshot({ path: join(shots, 'admin-staff-error-zh.png') });
  await p.fill('#staff-form input[name=secret]', '123456');
  await p.click('#staff-form button:not([type=reset])');
  await p.waitForSelector('#staff tr[data-staff="1024"]');
  assert.match(await p.textContent('#staff tr[data-staff="1024"]'), /张三.*公安户政.*窗口人员/);
  assert.equal(await p.locator('#staff tr[data-staff="6666"]').count(), 0);
  assert.equal(lastEvent(c, 'staff.added').actor, '9001 李主任');
  await p.screenshot({ path: join(shots, 'admin-staff-zh.png') });
  await p.click('.lang-toggle >> nth=1');
  await p.screenshot({ path: join(shots, 'admin-staff-en.png') });
}));

test('a clerk signs in on /caller with a PIN; the admin sees the clerk and the call live; the trail names the clerk', () => withHall([hallAdmin, ['1024', '张三', 'clerk', 'hukou', '123456']], async (c) => {
  await c.ticket('id-card');
  const admin = await signedIn(c, '9001', 'correct-horse-battery');
  assert.match(await admin.textContent('#windows tr[data-window="1"]'), /无人登录/);

  const caller = await page(`${c.url}/caller?access_token=${c.tokens.caller1}`, { width: 1280, height: 800 });
  await caller.waitForSelector('body.signed-in');
  assert.ok(await caller.isDisabled('#call-next'), 'nobody signed in: no calling');
  assert.ok(await caller.isVisible('#clerk-signin'));
  await caller.fill('#clerk-number', '1024');
  await caller.fill('#clerk-pin', '999999');
  await caller.click('#clerk-signin-button');
  await caller.waitForFunction(() => /wrong/.test(document.getElementById('message').textContent));
  await caller.fill('#clerk-pin', '123456');
  await caller.click('#clerk-signin-button');
  await caller.waitForFunction(() => /张三 \(1024\)/.test(document.getElementById('clerk-name').textContent));
  await caller.screenshot({ path: join(shots, 'caller-clerk-signed-in.png') });
  await caller.click('#call-next');
  await caller.waitForFunction(() => document.getElementById('current-number').textContent === 'A001');

  await admin.waitForFunction(() => /张三 \(1024\).*A001 called/.test(document.querySelector('#windows tr[data-window="1"]').textContent));
  assert.deepEqual(lastEvent(c, 'ticket.called'), { actor: '1024 张三', device: 'caller#2' });

  await caller.click('#clerk-signout');
  await caller.waitForFunction(() => /未登录/.test(document.getElementById('clerk-name').textContent));
  await admin.waitForFunction(() => /无人登录/.test(document.querySelector('#windows tr[data-window="1"]').textContent));
}));

test('a department head sees and changes only the windows of his department', () => withHall([['9003', '税务科长', 'head', 'tax', 'tax-head-password']], async (c) => {
  await c.ticket('id-card');
  await c.ticket('invoice');
  const p = await signedIn(c, '9003', 'tax-head-password');
  assert.deepEqual(await p.$$eval('#windows tbody tr', (rows) => rows.map((r) => r.dataset.window)), ['3']);
  assert.deepEqual(await p.$$eval('#queues tbody tr', (rows) => rows.map((r) => r.dataset.department)), ['tax']);
  assert.match(await p.textContent('#hall-name'), /税务局/);
  assert.ok(!(await p.isVisible('#staff-form')), 'a head adds no accounts');
  await p.screenshot({ path: join(shots, 'admin-head-zh.png') });
  const tryPause = (n) => p.evaluate(async (w) => {
    const csrf = (await (await fetch('/api/v1/session')).json()).csrfToken;
    const r = await fetch(`/api/v1/windows/${w}/pause`, { method: 'POST', headers: { 'X-CSRF-Token': csrf }, body: '{}' });
    return r.status;
  }, n);
  assert.equal(await tryPause(1), 403);
  assert.equal(await tryPause(3), 200);
  await p.waitForSelector('#windows tr[data-window="3"].paused');
  const other = await p.evaluate(async () => (await fetch('/api/v1/windows/1')).status);
  assert.equal(other, 403);
}));

test('a service renamed and a window given a new service on the admin pages: the kiosks\' list has it, the window calls it', () => withHall([hallAdmin], async (c) => {
  const p = await signedIn(c, '9001', 'correct-horse-battery');
  await p.click('nav button[data-tab=services]');
  await p.click('#config-services tr[data-service="invoice"] button[name=edit]');
  await p.fill('#service-form input[name=standardMinutes]', '-3');
  await p.click('#service-form button:not([type=button])');
  await p.waitForFunction(() => /services\[2\]\.guide\.standardMinutes/.test(document.getElementById('service-form-message').textContent));
  await p.screenshot({ path: join(shots, 'admin-services-error-zh.png') });
  await p.fill('#service-form input[name=standardMinutes]', '12');
  await p.fill('#service-form input[name=zh]', '增值税发票代开（含电子发票）');
  await p.click('#service-form button:not([type=button])');
  await p.waitForFunction(() => /含电子发票/.test(document.querySelector('#config-services tr[data-service="invoice"]').textContent));
  const services = await c.api('GET', '/api/v1/services', c.tokens.kiosk);
  const invoice = services.json.departments.flatMap((d) => d.services).find((s) => s.id === 'invoice');
  assert.equal(invoice.name.zh, '增值税发票代开（含电子发票）');
  await p.screenshot({ path: join(shots, 'admin-services-zh.png') });

  // Window 4 (the notary's) is given the tax invoice as a secondary service, then calls it.
  await p.click('nav button[data-tab=windows]');
  await p.click('#config-windows tr[data-window="4"] button[name=edit]');
  await p.click('#window-entry-add');
  await p.selectOption('#window-entries li:last-child select[name=entry]', 'service:invoice');
  await p.selectOption('#window-entries li:last-child select[name=weight]', 'secondary');
  await p.click('#window-form button:not([type=button])');
  await p.waitForFunction(() => /含电子发票）（辅）/.test(document.querySelector('#config-windows tr[data-window="4"]').textContent));
  await p.screenshot({ path: join(shots, 'admin-windows-zh.png') });
  await p.click('.lang-toggle >> nth=1');
  await p.screenshot({ path: join(shots, 'admin-windows-en.png') });
  // With a help-after time of 10 minutes for tax, window 4 leaves a fresh invoice ticket alone;
  // with 0 it calls it at once.
  await p.click('nav button[data-tab=services]');
  const helpAfter = async (minutes) => {
    await p.click('#config-departments tr[data-department="tax"] button[name=edit]');
    await p.fill('#department-form input[name=helpAfter]', String(minutes));
    await p.click('#department-form button:not([type=button])');
    await p.waitForFunction((m) => document.querySelector('#config-departments tr[data-department="tax"]').cells[4].textContent.startsWith(`${m} `), minutes);
  };
  await helpAfter(10);
  await c.ticket('invoice');
  const none = await c.api('POST', '/api/v1/windows/4/call-next', c.tokens.admin);
  assert.equal(none.status, 204);
  await helpAfter(0);
  const called = await c.api('POST', '/api/v1/windows/4/call-next', c.tokens.admin);
  assert.equal(called.status, 200);
  assert.equal(called.json.number, 'B001');
  const audit = JSON.parse(execFileSync('sqlite3', ['-json', c.db,
    "SELECT actor, data FROM events WHERE type = 'hall.changed' ORDER BY seq"]).toString());
  assert.equal(audit.length, 4);
  assert.equal(audit[1].actor, '9001 李主任');
  const [change] = JSON.parse(audit[1].data).changes;
  assert.equal(change.section, 'windows');
  assert.equal(change.after.services.length, change.before.services.length + 1);
}));

test('a notice published on the admin pages runs on the display; hours, imports and notices refuse bad values', () => withHall([hallAdmin], async (c) => {
  const display = await page(`${c.url}/display?access_token=${c.tokens.display}`);
  const p = await signedIn(c, '9001', 'correct-horse-battery');
  await p.click('nav button[data-tab=notices]');
  await p.fill('#notice-form input[name=startsAt]', '2026-11-25T09:00');
  await p.fill('#notice-form input[name=endsAt]', '2026-11-25T18:00');
  await p.click('#notice-form button');
  await p.waitForFunction(() => /^text\.zh:/.test(document.getElementById('notice-form-message').textContent));
  await p.fill('#notice-form input[name=zh]', '今日下午三点起暂停办理出入境业务');
  await p.fill('#notice-form input[name=en]', 'Exit-entry services pause from 15:00 today');
  await p.fill('#notice-form input[name=startsAt]', '2026-11-25T09:00');
  await p.fill('#notice-form input[name=endsAt]', '2026-11-25T18:00');
  await p.click('#notice-form button');
  await p.waitForSelector('#notices tbody tr');
  await display.waitForFunction(() => /暂停办理出入境业务 · Exit-entry/.test(document.getElementById('ticker').textContent));
  await display.screenshot({ path: join(shots, 'display-notice.png') });
  await p.screenshot({ path: join(shots, 'admin-notices-zh.png') });
  await p.click('#notices button[name=withdraw]');
  await display.waitForFunction(() => !/出入境/.test(document.getElementById('ticker').textContent));

  await p.click('nav button[data-tab=hours]');
  await p.fill('#weekly li:first-child input[name=periods]', '09:00-12:00, 13:00-17:00/16:30');
  await p.click('#hours-form button:not([type=button])');
  await p.waitForFunction(() => document.getElementById('message').textContent === '已保存');
  assert.deepEqual((await c.api('GET', '/api/v1/hall/config', c.tokens.admin)).json.hall.hours.weekly[0].periods[1],
                   { open: '13:00', close: '17:00', cutoff: '16:30' });
  await p.fill('#weekly li:first-child input[name=periods]', '13:00-12:00');
  await p.click('#hours-form button:not([type=button])');
  await p.waitForFunction(() => /hours\.weekly\[0\]/.test(document.getElementById('hours-form-message').textContent));
  await p.screenshot({ path: join(shots, 'admin-hours-zh.png') });

  const big = join(c.dir, 'big-hall.json');
  writeFileSync(big, JSON.stringify({ padding: 'x'.repeat(1100 * 1024) }));
  await p.click('nav button[data-tab=services]');
  await p.setInputFiles('#import-file', big);
  await p.click('#import-form button');
  await p.waitForFunction(() => /limit is 1048576/.test(document.getElementById('import-form-message').textContent));
}));

test('a display added on the admin pages shows its QR; once revoked, its page is refused', () => withHall([hallAdmin], async (c) => {
  const p = await signedIn(c, '9001', 'correct-horse-battery');
  await p.click('nav button[data-tab=devices]');
  await p.selectOption('#device-form select[name=role]', 'caller');
  await p.click('#device-form button');
  await p.waitForFunction(() => /^window:/.test(document.getElementById('device-form-message').textContent));
  await p.selectOption('#device-form select[name=role]', 'display');
  await p.fill('#device-form input[name=name]', '二楼大屏');
  await p.click('#device-form button');
  await p.waitForSelector('#device-token img');
  const qrWidth = await p.$eval('#device-token img', (img) => img.naturalWidth);
  assert.ok(qrWidth > 0, 'the QR code is drawn');
  const url = (await p.textContent('#device-token')).match(/http:\S+access_token=qh_\S+/)[0];
  await p.screenshot({ path: join(shots, 'admin-devices-zh.png') });

  const display = await page(url);
  await display.waitForFunction(() => document.getElementById('hall').textContent.includes('测试大厅'));
  await p.click('#devices tr:has-text("二楼大屏") button[name=revoke]');
  await display.waitForFunction(() => /refused: the device token was revoked/.test(document.getElementById('connection').textContent));
  await display.reload();
  await display.waitForFunction(() => /refused/.test(document.getElementById('connection').textContent));
  await display.screenshot({ path: join(shots, 'display-revoked.png') });
}));

test('the reports and the audit trail on the admin pages', () => withHall([['9004', '审计员', 'auditor', '', 'auditor-password']], async (c) => {
  await c.ticket('id-card');
  await c.api('POST', '/api/v1/windows/1/call-next', c.tokens.admin);
  await c.api('POST', '/api/v1/windows/1/start', c.tokens.admin);
  await c.api('POST', '/api/v1/windows/1/complete', c.tokens.admin);
  const p = await signedIn(c, '9004', 'auditor-password');
  assert.ok(!(await p.isVisible('#device-form')), 'an auditor changes nothing');
  await p.click('nav button[data-tab=reports]');
  await p.fill('#report-form input[name=from]', '2026-11-25');
  await p.fill('#report-form input[name=to]', '2026-11-25');
  await p.click('#report-form button');
  await p.waitForSelector('#report-table tbody tr');
  assert.match(await p.textContent('#report-table tbody'), /公安户政/);
  assert.equal(await p.locator('#report-chart rect.bar').count(), await p.locator('#report-table tbody tr').count());
  const csv = await p.evaluate(async () => (await fetch(document.getElementById('report-csv').href)).text());
  assert.match(csv.split('\n')[0], /issued/);
  await p.screenshot({ path: join(shots, 'admin-reports-zh.png') });

  await p.click('nav button[data-tab=audit]');
  await p.fill('#audit-form input[name=ticket]', 'A001');
  await p.click('#audit-form button:not([type=button])');
  await p.waitForSelector('#audit tbody tr');
  assert.deepEqual(await p.$$eval('#audit tbody tr td:nth-child(3)', (cells) => cells.map((x) => x.textContent)),
                   ['ticket.completed', 'ticket.started', 'ticket.called', 'ticket.printed', 'ticket.issued']);
  await p.click('#audit-verify');
  await p.waitForFunction(() => /审计链完整/.test(document.getElementById('audit-verified').textContent));
  await p.screenshot({ path: join(shots, 'admin-audit-zh.png') });
  await p.click('.lang-toggle >> nth=1');
  await p.screenshot({ path: join(shots, 'admin-audit-en.png') });
}));

test('the bookings tab lists a day\'s bookings with their states, never their codes', () => withHall([hallAdmin], async (c) => {
  const book = (start, phone) => c.api('POST', '/api/v1/appointments', undefined, { service: 'id-card', start, phone });
  const kept = await book('2026-11-26T09:30:00+08:00', '13800138000');
  const dropped = await book('2026-11-26T10:30:00+08:00', '13912345678');
  assert.equal(kept.status, 201);
  assert.equal((await c.api('POST', '/api/v1/appointments/cancel', undefined,
                            { code: dropped.json.code, phone: '13912345678' })).status, 200);
  const p = await signedIn(c, '9001', 'correct-horse-battery');
  await p.click('nav button[data-tab=appointments]');
  await p.fill('#appointments-form input[name=day]', '2026-11-26');
  await p.click('#appointments-form button');
  await p.waitForFunction(() => document.querySelectorAll('#appointments tbody tr').length === 2);
  assert.match(await p.textContent('#appointments-counts'), /已预约 1 · 已取号 0 · 已取消 1 · 未到 0/);
  const rows = await p.locator('#appointments tbody tr').allTextContents();
  assert.match(rows[0], /09:30–10:00居民身份证申领138\*\*\*\*8000已预约/);
  assert.ok(!rows.join('').includes(kept.json.code), 'the citizen\'s code is not shown');
  await p.screenshot({ path: join(shots, 'admin-bookings-zh.png') });
}));

test('a hall linked to the city shows the link and the city\'s report per hall', async () => {
  const city = cityDatabase();
  const c = new Controller();
  c.staff(...hallAdmin);
  const config = join(c.dir, 'controller.json');
  writeFileSync(config, JSON.stringify({ city: { conninfo: city.conninfo, batchMs: 100 } }));
  await c.start('--config', config);
  try {
    await c.ticket('id-card');
    await c.ticket('invoice');
    for (const step of ['call-next', 'start', 'complete'])
      assert.equal((await c.api('POST', `/api/v1/windows/1/${step}`, c.tokens.admin)).status, 200);
    const p = await signedIn(c, '9001', 'correct-horse-battery');
    await p.waitForFunction(() => /正常 · 已上报至 (\d+)\/\1$/.test(document.getElementById('city-link').textContent));
    await p.click('nav button[data-tab=reports]');
    await p.selectOption('#report-form select[name=kind]', 'city');
    await p.fill('#report-form input[name=from]', '2026-11-01');
    await p.fill('#report-form input[name=to]', '2026-11-30');
    await p.click('#report-form button');
    await p.waitForFunction(() => document.querySelectorAll('#report-table tbody tr').length === 2);
    const rows = await p.locator('#report-table tbody tr').allTextContents();
    assert.match(rows[0], /^测试大厅21/, 'the hall, with its two tickets, one served');
    assert.match(rows[1], /^全市21/, 'and the city\'s total');
    assert.equal(await p.locator('#report-chart rect.bar').count(), 2);
    assert.match(await p.textContent('#report-table thead'), /^大厅.*按期办结率/);
    const csv = await p.evaluate(async () => (await fetch(document.getElementById('report-csv').href)).text());
    assert.match(csv.split('\r\n')[1], /^2026-11-01,2026-11-30,small,测试大厅,2,/);
    await p.screenshot({ path: join(shots, 'admin-city-report-zh.png') });

    city.stop();
    await c.ticket('id-card');
    await p.click('nav button[data-tab=live]');
    await p.waitForFunction(() => /中断/.test(document.getElementById('city-link').textContent), null, { timeout: 20000 });
    await p.click('nav button[data-tab=reports]');
    await p.click('#report-form button');
    await p.waitForFunction(() => /not reachable|无法/.test(document.getElementById('report-form-message').textContent));
  } finally {
    await c.stop();
  }
});
