// The controller's pages in the Debian Chromium (playwright-core): a clerk calls on /caller and
// /display shows it, as it does a call made on the command line; /display survives a controller
// restart; /t/CODE follows the ticket; wrong tokens are refused; /caller warns of the window's
// cut-off devices; a clerk accepts a case on /caller, its window sees it turn red when overdue,
// and the applicant looks it up on /case; the monthly report's HTML page shows its charts.
// Screenshots go to $QH_SCREENSHOT_DIR (or a temporary folder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, hall, shots, Controller, browser, page } from './hall.mjs';

test('a clerk calls next on /caller and /display shows the number', async () => {
  const c = new Controller();
  await c.start();
  try {
    await c.ticket('id-card');
    const display = await page(`${c.url}/display?access_token=${c.tokens.display}`);
    assert.ok(!display.url().includes('access_token'), 'the token leaves the address bar');
    const caller = await page(`${c.url}/caller?access_token=${c.tokens.caller1}`, { width: 1280, height: 800 });
    await caller.waitForSelector('body.signed-in');
    assert.equal(await caller.textContent('#window'), '1 号窗口 Window 1');
    await caller.click('#call-next');
    await display.waitForFunction(() => document.getElementById('latest-number').textContent === 'A001');
    assert.match(await display.textContent('#latest-where'), /1 楼 1 号窗口/);
    assert.match(await display.textContent('#recent-calls'), /A001/);
    assert.equal(await caller.textContent('#current-number'), 'A001');
    await display.screenshot({ path: join(shots, 'display-landscape.png') });
    await caller.screenshot({ path: join(shots, 'caller.png') });
    // Keyboard: S starts, C completes.
    await caller.keyboard.press('s');
    await caller.waitForFunction(() => document.getElementById('current-state').textContent.startsWith('serving'));
    await caller.keyboard.press('c');
    await caller.waitForFunction(() => document.getElementById('current-number').textContent === '—');
    const portrait = await page(`${c.url}/display?access_token=${c.tokens.display}`, { width: 1080, height: 1920 });
    await portrait.waitForFunction(() => document.getElementById('latest-number').textContent === 'A001');
    await portrait.screenshot({ path: join(shots, 'display-portrait.png') });
  } finally {
    await c.stop();
  }
});

test('a call-next typed on the command line while the controller serves shows on /display', async () => {
  const c = new Controller();
  await c.start();
  try {
    await c.ticket('invoice');
    const display = await page(`${c.url}/display?access_token=${c.tokens.display}`);
    await display.waitForFunction(() => document.body.dataset.connection === 'connected');
    const out = execFileSync(bin, ['--db', c.db, 'window', 'call-next', '3']).toString();
    assert.match(out, /B001/);
    await display.waitForFunction(() => document.getElementById('latest-number').textContent === 'B001');
    assert.match(await display.textContent('#latest-where'), /3 号窗口/);
  } finally {
    await c.stop();
  }
});

test('/display misses no call across a controller restart', async () => {
  const c = new Controller();
  await c.start();
  try {
    await c.ticket('invoice');
    await c.ticket('invoice');
    const display = await page(`${c.url}/display?access_token=${c.tokens.display}`);
    await display.waitForFunction(() => document.body.dataset.connection === 'connected');
    await c.stop();
    await display.waitForFunction(() => document.body.dataset.connection === 'reconnecting');
    await c.start();
    // A call made before the display is back: it comes with the replay after `since`.
    const called = await c.api('POST', '/api/v1/windows/3/call-next', c.tokens.caller3);
    assert.equal(called.json.number, 'B001');
    await display.waitForFunction(() => document.getElementById('latest-number').textContent === 'B001', null, { timeout: 15000 });
    await c.api('POST', '/api/v1/windows/3/start', c.tokens.caller3);
    await c.api('POST', '/api/v1/windows/3/complete', c.tokens.caller3);
    await c.api('POST', '/api/v1/windows/3/call-next', c.tokens.caller3);
    await display.waitForFunction(() => document.getElementById('latest-number').textContent === 'B002');
    const recent = await display.$$eval('#recent-calls li', (items) => items.map((li) => li.dataset.number));
    assert.deepEqual(recent, ['B002', 'B001']);
  } finally {
    await c.stop();
  }
});

test('/t/CODE shows the place in line and follows the ticket when it is called', async () => {
  const c = new Controller();
  await c.start();
  try {
    await c.ticket('invoice');
    const mine = await c.ticket('invoice');
    const phone = await page(`${c.url}/t/${mine.statusCode}`, { width: 390, height: 844 });
    await phone.waitForFunction(() => document.getElementById('number').textContent === 'B002');
    assert.match(await phone.textContent('#state'), /等候中 Waiting/);
    assert.match(await phone.textContent('#ahead'), /^1 人/);
    assert.doesNotMatch(await phone.content(), /13800000000|kiosk/);
    await phone.screenshot({ path: join(shots, 'status-waiting.png') });
    await c.api('POST', '/api/v1/windows/3/call', c.tokens.caller3, { number: 'B002' });
    await phone.waitForFunction(() => document.body.className === 'called', null, { timeout: 10000 });
    assert.match(await phone.textContent('#state'), /请到 3 号窗口办理 · Please go to window 3 now/);
    assert.match(await phone.textContent('#where'), /3 号窗口/);
    assert.equal(await phone.isVisible('#rate'), false); // not before it is completed
    await phone.screenshot({ path: join(shots, 'status-called.png') });

    // Completed: the five levels are offered, once.
    await c.api('POST', '/api/v1/windows/3/start', c.tokens.caller3);
    await c.api('POST', '/api/v1/windows/3/complete', c.tokens.caller3);
    await phone.waitForSelector('#rate', { state: 'visible', timeout: 10000 });
    await phone.screenshot({ path: join(shots, 'status-rate.png') });
    await phone.click('#rate .levels button[data-rating="4"]');
    await phone.waitForFunction(() => /感谢您的评价 · Thank you: 满意 Satisfied/.test(document.getElementById('rated').textContent));
    assert.equal(await phone.isVisible('#rate'), false);
    const rated = await c.api('GET', `/api/v1/tickets/${mine.statusCode}`);
    assert.equal(rated.json.rating, 4);
    assert.equal(rated.json.ratable, false);
    const again = await c.api('POST', `/api/v1/tickets/${mine.statusCode}/rating`, undefined, { rating: 1 });
    assert.equal(again.status, 409);
    await phone.reload();
    await phone.waitForFunction(() => !document.getElementById('rated').hidden);
    assert.equal(await phone.isVisible('#rate'), false);
  } finally {
    await c.stop();
  }
});

test("/display shows the hall's time of day, whatever the screen's own time zone", async () => {
  const c = new Controller();
  await c.start();
  try {
    const context = await browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1920, height: 1080 } });
    const display = await context.newPage();
    await display.goto(`${c.url}/display?access_token=${c.tokens.display}`);
    await display.waitForFunction(() => document.body.dataset.connection === 'connected');
    const hallHour = () => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' })
      .format(new Date());
    const before = hallHour();
    const shown = (await display.textContent('#clock')).slice(0, 2);
    assert.ok([before, hallHour()].includes(shown), `the clock shows hour ${shown}, the hall's is ${before}`);
    await context.close();
  } finally {
    await c.stop();
  }
});

test('a wrong token is refused on /display and /caller', async () => {
  const c = new Controller();
  await c.start();
  try {
    const display = await page(`${c.url}/display?access_token=qh_wrong`);
    await display.waitForFunction(() => document.body.dataset.connection === 'refused');
    assert.match(await display.textContent('#connection'), /refused/);
    const caller = await page(`${c.url}/caller?access_token=${c.tokens.display}`, { width: 1280, height: 800 });
    await caller.waitForSelector('body.signed-out');
    assert.match(await caller.textContent('#signin-message'), /not a caller token/);
    await caller.fill('#token-input', 'qh_wrong');
    await caller.click('#signin-button');
    await caller.waitForFunction(() => /valid device token/.test(document.getElementById('signin-message').textContent));
    await caller.screenshot({ path: join(shots, 'caller-refused.png') });
  } finally {
    await c.stop();
  }
});

test('/display plays each announcement in order, never overlapping, and a recall again', async () => {
  const c = new Controller();
  await c.start('--voice-languages', 'zh');
  try {
    await c.ticket('invoice');
    await c.ticket('invoice');
    const display = await page(`${c.url}/display?access_token=${c.tokens.display}`);
    const requested = [];
    display.on('request', (r) => {
      const m = r.url().match(/announcements\/(\d+)\.wav/);
      if (m)
        requested.push({ seq: Number(m[1]), at: Date.now() });
    });
    await display.waitForFunction(() => document.body.dataset.connection === 'connected');
    await c.api('POST', '/api/v1/windows/3/call-next', c.tokens.caller3);   // B001
    await c.api('POST', '/api/v1/windows/3/recall', c.tokens.caller3);      // B001 again
    await c.api('POST', '/api/v1/windows/4/call-next', c.tokens.caller3);   // refused: another window
    await c.api('POST', '/api/v1/windows/3/start', c.tokens.caller3);
    await c.api('POST', '/api/v1/windows/3/complete', c.tokens.caller3);
    await c.api('POST', '/api/v1/windows/3/call-next', c.tokens.caller3);   // B002
    const calls = (await c.api('GET', '/api/v1/hall', c.tokens.display)).json.recentCalls.map((e) => e.seq).reverse();
    assert.equal(calls.length, 3);
    const deadline = Date.now() + 30000;
    while (requested.length < 3 && Date.now() < deadline)
      await display.waitForTimeout(200);
    assert.deepEqual(requested.map((r) => r.seq), calls, 'each call announced once, in order');
    // Each announcement is about 2 s of speech: the next starts only after the previous ended.
    assert.ok(requested[1].at - requested[0].at > 1000, 'no overlap');
    assert.ok(requested[2].at - requested[1].at > 1000, 'no overlap');
    const wav = await fetch(`${c.url}/api/v1/announcements/${calls[0]}.wav?access_token=${c.tokens.display}`);
    assert.equal(wav.headers.get('content-type'), 'audio/wav');
    assert.equal(Buffer.from(await wav.arrayBuffer()).subarray(0, 4).toString(), 'RIFF');
  } finally {
    await c.stop();
  }
});

test('/caller warns the clerk when the window\'s keypad or board is cut off', async () => {
  // Window 1's devices hang on an adapter that is not plugged in; window 3 has none.
  const withSerial = JSON.parse(readFileSync(hall, 'utf8'));
  withSerial.serial = [{ port: '/dev/serial/by-id/queuehall-test-missing-adapter',
                         devices: [{ address: 1, kind: 'keypad', window: 1 },
                                   { address: 2, kind: 'windowBoard', window: 1 }] }];
  const dir = mkdtempSync(join(tmpdir(), 'queuehall-web-hall-'));
  writeFileSync(join(dir, 'hall.json'), JSON.stringify(withSerial));
  const c = new Controller(join(dir, 'hall.json'));
  await c.start();
  try {
    const one = await page(`${c.url}/caller?access_token=${c.tokens.caller1}`);
    await one.waitForFunction(() => /port closed/.test(document.getElementById('hardware').textContent));
    const warning = await one.textContent('#hardware');
    assert.match(warning, /呼叫器 keypad #1: 端口断开 port closed/);
    assert.match(warning, /窗口屏 window board #2: 端口断开 port closed/);
    await one.screenshot({ path: join(shots, 'caller-hardware-fault.png') });
    const three = await page(`${c.url}/caller?access_token=${c.tokens.caller3}`);
    await three.waitForFunction(() => document.getElementById('window').textContent.includes('3'));
    assert.equal(await three.textContent('#hardware'), '');
  } finally {
    await c.stop();
  }
});

test('/caller tells every clerk when the hall\'s SMS modem cannot send', async () => {
  const withSms = JSON.parse(readFileSync(hall, 'utf8'));
  withSms.sms = { port: '/dev/serial/by-id/queuehall-test-missing-modem' };
  const dir = mkdtempSync(join(tmpdir(), 'queuehall-web-hall-'));
  writeFileSync(join(dir, 'hall.json'), JSON.stringify(withSms));
  const c = new Controller(join(dir, 'hall.json'));
  await c.start();
  try {
    const three = await page(`${c.url}/caller?access_token=${c.tokens.caller3}`);
    await three.waitForFunction(() => /短信猫/.test(document.getElementById('hardware').textContent));
    const warning = await three.textContent('#hardware');
    assert.match(warning, /SMS modem down, texts are held — cannot open the port/);
    assert.doesNotMatch(warning, /本窗口设备故障/);
  } finally {
    await c.stop();
  }
});

test('a clerk accepts a case on /caller, the applicant looks it up on /case, and overdue turns it red', async () => {
  const c = new Controller();
  await c.start();
  try {
    await c.ticket('invoice');
    const caller = await page(`${c.url}/caller?access_token=${c.tokens.caller3}`, { width: 1280, height: 900 });
    await caller.waitForSelector('body.signed-in');
    assert.ok(await caller.isDisabled('#accept-case'), 'no case without a ticket being served');
    await caller.click('#call-next');
    await caller.waitForFunction(() => document.getElementById('current-number').textContent === 'B001');
    await caller.click('#start');
    await caller.waitForFunction(() => !document.getElementById('accept-case').disabled);
    await caller.keyboard.press('a');
    await caller.waitForFunction(() => /查询密码 Password/.test(document.getElementById('case-password').textContent));
    const shown = await caller.textContent('#case-password');
    const serial = shown.match(/Serial (\S+)/)[1];
    const password = await caller.textContent('#case-password strong');
    assert.equal(serial, 'SMALL-20261125-000001');
    assert.match(password, /^[0-9]{6}$/);
    await caller.waitForSelector(`#cases li[data-serial="${serial}"]`);
    await caller.screenshot({ path: join(shots, 'caller-case-accepted.png') });
    // A second matter, suspended for missing documents (the reason typed into the prompt).
    await caller.click('#accept-case');
    await caller.waitForFunction(() => document.querySelectorAll('#cases li').length === 2);
    caller.once('dialog', (d) => d.accept('缺营业执照副本'));
    await caller.click('#cases li[data-serial="SMALL-20261125-000002"] button:has-text("补正")');
    await caller.waitForFunction(() => /补正中/.test(document.querySelector('#cases li[data-serial="SMALL-20261125-000002"]').textContent));

    const phone = await page(`${c.url}/case`, { width: 390, height: 844 });
    await phone.fill('#serial', serial.toLowerCase());
    await phone.fill('#password', password === '000000' ? '111111' : '000000');
    await phone.click('button[type=submit]');
    await phone.waitForFunction(() => /不正确/.test(document.getElementById('message').textContent));
    assert.equal(await phone.isVisible('#result'), false);
    await phone.fill('#password', password);
    await phone.click('button[type=submit]');
    await phone.waitForSelector('body.found');
    assert.equal(await phone.textContent('#state'), '办理中 In progress');
    assert.match(await phone.textContent('#service'), /增值税发票代开/);
    assert.match(await phone.textContent('#due'), /2026-11-25/);
    assert.match(await phone.textContent('#steps'), /2026-11-25 受理 Accepted · 3 号窗口/);
    const html = await phone.content();
    assert.doesNotMatch(html, /caller3|B001/, 'no clerk and no ticket on the applicant\'s page');
    await phone.screenshot({ path: join(shots, 'case-lookup.png') });

    // The next morning the 即办件 is overdue: red on its window's page.
    await c.stop();
    c.at = '2026-11-26T09:00:00+08:00';
    await c.start();
    const next = await page(`${c.url}/caller?access_token=${c.tokens.caller3}`, { width: 1280, height: 900 });
    await next.waitForSelector(`#cases li.overdue[data-serial="${serial}"]`);
    assert.match(await next.textContent(`#cases li[data-serial="${serial}"]`), /已超期 overdue/);
    await next.screenshot({ path: join(shots, 'caller-case-overdue.png') });
    await next.click(`#cases li[data-serial="${serial}"] button:has-text("办结")`);
    await next.waitForFunction((s) => !document.querySelector(`#cases li[data-serial="${s}"]`), serial);

    // Finished: the applicant rates the case on its page (扫码评价), once; a 差评 is followed up.
    const rater = await page(`${c.url}/case?serial=${serial}`, { width: 390, height: 844 });
    await rater.fill('#password', password);
    await rater.click('button[type=submit]');
    await rater.waitForSelector('#rate', { state: 'visible' });
    assert.equal(await rater.textContent('#state'), '已办结 Completed');
    await rater.screenshot({ path: join(shots, 'case-rate.png') });
    await rater.click('#rate .levels button[data-rating="2"]');
    await rater.waitForFunction(() => /感谢您的评价 · Thank you: 不满意 Dissatisfied/.test(document.getElementById('rated').textContent));
    assert.equal(await rater.isVisible('#rate'), false);
    const followUps = await c.api('GET', '/api/v1/followups', c.tokens.admin);
    assert.equal(followUps.json.followUps.length, 1);
    assert.equal(followUps.json.followUps[0].case, serial);
    assert.equal(followUps.json.followUps[0].channel, 'web');
    const twice = await c.api('POST', '/api/v1/cases/rating', undefined, { serial, password, rating: 5 });
    assert.equal(twice.status, 409);
    const wrong = await c.api('POST', '/api/v1/cases/rating', undefined,
                              { serial, password: password === '000000' ? '111111' : '000000', rating: 5 });
    assert.equal(wrong.status, 404);
    await rater.reload();
    await rater.fill('#password', password);
    await rater.click('button[type=submit]');
    await rater.waitForFunction(() => !document.getElementById('rated').hidden);
    assert.equal(await rater.isVisible('#rate'), false);
  } finally {
    await c.stop();
  }
});

test('the monthly report opens in Chromium as one page with its five charts drawn', async () => {
  const c = new Controller();
  const cli = (at, ...args) => JSON.parse(execFileSync(bin, ['--db', c.db, '--at', `2026-11-25T${at}:00+08:00`, '--json', ...args]).toString());
  // A morning on the command line: two tickets served at two windows, a case finished at once.
  const id = cli('09:00', 'ticket', 'issue', 'id-card');
  cli('09:00', 'ticket', 'confirm', String(id.id));
  const invoice = cli('09:05', 'ticket', 'issue', 'invoice');
  cli('09:05', 'ticket', 'confirm', String(invoice.id));
  cli('09:20', 'window', 'call-next', '1');
  cli('09:21', 'window', 'start', '1');
  const accepted = cli('09:22', 'case', 'accept', '1');
  cli('09:30', 'case', 'complete', accepted.serial, '--result', 'approved');
  cli('09:31', 'window', 'complete', '1');
  cli('10:35', 'window', 'call-next', '3');
  cli('10:36', 'window', 'start', '3');
  cli('10:50', 'window', 'complete', '3');
  // The second is rated on its status page (the first is rated with its case, on the case page).
  c.at = '2026-11-25T11:00:00+08:00';
  await c.start();
  try {
    const rated = await c.api('POST', `/api/v1/tickets/${invoice.statusCode}/rating`, undefined, { rating: 5 });
    assert.equal(rated.status, 200, JSON.stringify(rated.json));
  } finally {
    await c.stop();
  }
  const file = join(c.dir, 'november.html');
  execFileSync(bin, ['--db', c.db, '--at', '2026-12-01T09:00:00+08:00', 'report', 'monthly', '--month', '2026-11',
                     '--format', 'html', '--out', file], { stdio: 'ignore' });

  const report = await page(`file://${file}`, { width: 1280, height: 900 });
  assert.match(await report.textContent('h1'), /月度报告/);
  assert.match(await report.textContent('.figures'), /2取号/);
  // Each chart has loaded and is not blank: pixels of its first series' blue, counted in a canvas.
  const charts = await report.$$eval('figure img', (images) => images.map((img) => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 0x1f) < 8 && Math.abs(data[i + 1] - 0x5f) < 8 && Math.abs(data[i + 2] - 0xae) < 8) blue += 1;
    }
    return { id: img.closest('figure').id, loaded: img.complete && img.naturalWidth > 0, width: img.naturalWidth, blue };
  }));
  assert.deepEqual(charts.map((chart) => chart.id), ['waits-by-hour', 'departments', 'ratings', 'appraisal', 'same-day']);
  for (const chart of charts) {
    assert.ok(chart.loaded && chart.width === 1000, `${chart.id} has loaded`);
    assert.ok(chart.blue > 8, `${chart.id} draws its data (${chart.blue} pixels)`);
  }
  assert.equal(await report.$$eval('table tbody tr', (rows) => rows.length), 2); // hukou and tax
  await report.screenshot({ path: join(shots, 'report-monthly.png'), fullPage: true });
});
