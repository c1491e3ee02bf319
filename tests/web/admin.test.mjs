// The admin pages and the clerk's sign-in in the Debian Chromium (playwright-core): sign in and
// out, lockout after wrong passwords, a change without the CSRF token refused, a department head
// who sees and changes only his department, a clerk's PIN sign-in on /caller named in the trail
// and on the live hall, an account added through the form with a bad field named first.
// Screenshots of each page in zh and en go to $QH_SCREENSHOT_DIR (or a temporary folder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Controller, browser, page, shots } from './hall.mjs';

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

// The newest event of a type in the trail, as the audit would read it.
function lastEvent(c, type) {
  const row = execFileSync('sqlite3', ['-json', c.db,
    `SELECT actor, device FROM events WHERE type = '${type}' ORDER BY seq DESC LIMIT 1`]).toString();
  return JSON.parse(row || '[{}]')[0];
}

test('an admin signs in and out; five wrong passwords lock the account', async () => {
  const c = new Controller();
  c.staff('9001', '李主任', 'admin', '', 'correct-horse-battery');
  await c.start();
  try {
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
  } finally {
    await c.stop();
  }
});

test('a change without the CSRF token is refused; the form names a bad field and adds a good account', async () => {
  const c = new Controller();
  c.staff('9001', '李主任', 'admin', '', 'correct-horse-battery');
  await c.start();
  try {
    const p = await adminPage(c);
    await signIn(p, '9001', 'correct-horse-battery');
    await p.waitForSelector('body.signed-in');
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
    await p.click('#staff-form button');
    await p.waitForFunction(() => /^pin:/.test(document.getElementById('staff-form-message').textContent));
    await p.screenshot({ path: join(shots, 'admin-staff-error-zh.png') });
    await p.fill('#staff-form input[name=secret]', '123456');
    await p.click('#staff-form button');
    await p.waitForSelector('#staff tr[data-staff="1024"]');
    assert.match(await p.textContent('#staff tr[data-staff="1024"]'), /张三.*公安户政.*窗口人员/);
    assert.equal(await p.locator('#staff tr[data-staff="6666"]').count(), 0);
    assert.equal(lastEvent(c, 'staff.added').actor, '9001 李主任');
    await p.screenshot({ path: join(shots, 'admin-staff-zh.png') });
    await p.click('.lang-toggle >> nth=1');
    await p.screenshot({ path: join(shots, 'admin-staff-en.png') });
  } finally {
    await c.stop();
  }
});

test('a clerk signs in on /caller with a PIN; the admin sees the clerk and the call live; the trail names the clerk', async () => {
  const c = new Controller();
  c.staff('9001', '李主任', 'admin', '', 'correct-horse-battery');
  c.staff('1024', '张三', 'clerk', 'hukou', '123456');
  await c.start();
  try {
    await c.ticket('id-card');
    const admin = await adminPage(c);
    await signIn(admin, '9001', 'correct-horse-battery');
    await admin.waitForSelector('body.signed-in');
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
  } finally {
    await c.stop();
  }
});

test('a department head sees and changes only the windows of his department', async () => {
  const c = new Controller();
  c.staff('9003', '税务科长', 'head', 'tax', 'tax-head-password');
  await c.start();
  try {
    await c.ticket('id-card');
    await c.ticket('invoice');
    const p = await adminPage(c);
    await signIn(p, '9003', 'tax-head-password');
    await p.waitForSelector('body.signed-in');
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
  } finally {
    await c.stop();
  }
});
