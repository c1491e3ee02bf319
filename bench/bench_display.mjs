// Display fan-out in real browsers: a clerk clicks "call next" on /caller; the time until the
// number is visible on 20 open /display pages (headless Chromium), p50/p95 over 100 calls.
// Usage: QH_BIN_DIR=build/ci/bin QH_SOURCE_DIR=. node bench/bench_display.mjs [calls]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(join(process.env.QH_SOURCE_DIR, 'tests/web/package.json'));
const { chromium } = require('playwright-core');
const bin = join(process.env.QH_BIN_DIR, 'queuehall-controller');
const calls = Number(process.argv[2] || 100);
const displays = 20;

const dir = mkdtempSync(join(tmpdir(), 'queuehall-bench-'));
const db = join(dir, 'hall.db');
execFileSync(bin, ['init', '--hall', join(process.env.QH_SOURCE_DIR, 'tests/data/small-hall.json'), '--db', db], { stdio: 'ignore' });
const add = (...a) => JSON.parse(execFileSync(bin, ['--db', db, '--json', 'device', 'add', ...a]).toString()).token;
const kiosk = add('--role', 'kiosk');
const caller = add('--role', 'caller', '--window', '3');
const display = add('--role', 'display');
const server = spawn(bin, ['--db', db, '--at', '2026-11-25T10:00:00+08:00', 'serve', '--listen', '127.0.0.1', '--port', '0',
                           '--rate-limit', '100000', '--voice-languages', 'zh'], { stdio: ['ignore', 'pipe', 'ignore'] });
const url = await new Promise((resolve) => server.stdout.on('data', (d) => {
  const m = d.toString().match(/listening on (http:\/\/[^ ]+)/);
  if (m) resolve(m[1]);
}));
const api = (method, path, token, body, key) => fetch(url + path, {
  method, body: body && JSON.stringify(body),
  headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
}).then((r) => r.text()).then((t) => (t ? JSON.parse(t) : null));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'] });
const pages = [];
for (let i = 0; i < displays; ++i) {
  // Each display in its own context (its own window), as each screen is its own browser.
  const p = await (await browser.newContext({ viewport: { width: 960, height: 540 } })).newPage();
  await p.goto(`${url}/display?access_token=${display}`);
  await p.waitForFunction(() => document.body.dataset.connection === 'connected');
  // Each page notes when a number appears, in its own clock (the same machine's).
  await p.evaluate(() => {
    window.shownAt = {};
    const node = document.getElementById('latest-number');
    new MutationObserver(() => { window.shownAt[node.textContent] = Date.now(); })
      .observe(node, { childList: true, characterData: true, subtree: true });
  });
  pages.push(p);
}
const callerPage = await browser.newPage();
await callerPage.goto(`${url}/caller?access_token=${caller}`);
await callerPage.waitForSelector('body.signed-in');

const latencies = [];
for (let i = 0; i < calls; ++i) {
  const t = await api('POST', '/api/v1/tickets', kiosk, { service: 'invoice' }, `k${i}`);
  await api('POST', `/api/v1/tickets/${t.id}/printed`, kiosk);
  // The caller page follows the events; click once it shows the window free again.
  await callerPage.waitForFunction(() => document.getElementById('current-number').textContent === '—' &&
                                         !document.getElementById('call-next').disabled);
  const clicked = await callerPage.evaluate(() => { const at = Date.now(); document.getElementById('call-next').click(); return at; });
  await callerPage.waitForFunction((n) => document.getElementById('current-number').textContent === n, t.number);
  const shown = await Promise.all(pages.map((p) => p.waitForFunction((n) => window.shownAt[n], t.number)
                                                    .then((h) => h.jsonValue())));
  latencies.push(Math.max(...shown) - clicked);
  await api('POST', '/api/v1/windows/3/start', caller);
  await api('POST', '/api/v1/windows/3/complete', caller);
}
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.floor(q * (latencies.length - 1))];
console.log(`click call-next -> number visible on ${displays} display pages: p50 ${at(0.5).toFixed(1)} ms, ` +
            `p95 ${at(0.95).toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms over ${calls} calls ` +
            '(browser, controller and the measuring all on this machine)');
await browser.close();
server.kill('SIGTERM');
