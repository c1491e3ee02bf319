// The booking page (/book) in the Debian Chromium (playwright-core) on a phone-sized screen:
// a booking from department to code and QR, its SMS on the fake modem decoded by an independent
// codec (node-pdu); a slot filled meanwhile refused and shown full; the holiday session; cancel
// and look up with code and number; the number's limits. Screenshots in zh and en.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'node-pdu';
import { Controller, hall, page, shots } from './hall.mjs';

const phone = '13800138000';
const phoneViewport = { width: 390, height: 844 };

// The fake modem as a program: its pty's path, and every SMS it is sent, decoded by node-pdu
// with the parts of a long one put together.
class Modem {
  async start() {
    this.process = spawn(join(process.env.QH_BIN_DIR, 'fakemodemtool'), [], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.parts = [];
    let buffer = '';
    await new Promise((resolve) => {
      this.process.stdout.on('data', (d) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop();
        for (const line of lines) {
          if (line.startsWith('port ')) {
            this.path = line.slice(5);
            resolve();
          } else if (line.startsWith('sms ')) {
            this.parts.push(parse(line.slice(4)));
          }
        }
      });
    });
  }
  texts(to) {
    const whole = new Map(); // by the concatenation reference, or alone
    this.parts.filter((p) => p.address.phone === to).forEach((p, i) => {
      const [part] = p.data.parts;
      const key = part.header ? `ref ${part.header.getPointer()}` : `single ${i}`;
      const pieces = whole.get(key) || [];
      pieces[part.header ? part.header.getCurrent() - 1 : 0] = p.data.getText();
      whole.set(key, pieces);
    });
    return [...whole.values()].map((pieces) => pieces.join(''));
  }
  async textContaining(to, part) {
    for (let i = 0; i < 200; ++i) {
      const found = this.texts(to).find((t) => t.includes(part));
      if (found)
        return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no SMS to ${to} with "${part}"; got ${JSON.stringify(this.texts(to))}`);
  }
  stop() { this.process.kill('SIGKILL'); }
}

// A controller of the small hall texting through the modem, at a local time, while `run` runs.
async function withHall(at, run) {
  const modem = new Modem();
  await modem.start();
  const file = join(mkdtempSync(join(tmpdir(), 'queuehall-book-')), 'hall.json');
  const h = JSON.parse(readFileSync(hall, 'utf8'));
  h.sms = { port: modem.path };
  writeFileSync(file, JSON.stringify(h));
  const c = new Controller(file);
  c.at = at;
  await c.start();
  try {
    await run(c, modem);
  } finally {
    await c.stop();
    modem.stop();
  }
}

async function bookingPage(c) {
  const p = await page(`${c.url}/book`, phoneViewport);
  await p.waitForSelector('#departments button');
  return p;
}

async function chooseIdCard(p) {
  await p.click('[data-department=hukou]');
  await p.click('[data-service=id-card]');
  await p.waitForSelector('#slots button');
}

const api = (c, path, body) => c.api('POST', path, undefined, body);

test('a citizen books on a phone: department, service and guide, day, slot, number, code and QR, SMS', () =>
  withHall('2026-11-25T10:00:00+08:00', async (c, modem) => {
    const p = await bookingPage(c);
    assert.equal(await p.textContent('h1'), JSON.parse(readFileSync(hall, 'utf8')).hall.name.zh);
    await chooseIdCard(p);
    assert.match(await p.textContent('#guide'), /户口簿原件/);
    await p.click('[data-date="2026-11-26"]');
    assert.equal(await p.locator('#slots button').count(), 13);
    await p.screenshot({ path: join(shots, 'book-slots-zh.png'), fullPage: true });
    await p.click('[data-start="2026-11-26T09:00:00+08:00"]');
    await p.fill('#phone', '138 0013 8000');
    await p.click('#book');
    await p.waitForSelector('#confirmation:not([hidden])');
    const code = (await p.textContent('#code')).replace(/\s/g, '');
    assert.match(code, /^[1-9][0-9]{9}$/);
    assert.equal(await p.locator('#qr svg').count(), 1);
    assert.match(await p.textContent('#booked-when'), /11月26日 周四 09:00–09:30/);
    assert.match(await p.textContent('#how'), /08:30 后/);
    await p.screenshot({ path: join(shots, 'book-confirmed-zh.png'), fullPage: true });
    await p.click('#language');
    assert.match(await p.textContent('#booked-when'), /Thu 26\/11 09:00–09:30/);
    await p.screenshot({ path: join(shots, 'book-confirmed-en.png'), fullPage: true });

    const sms = await modem.textContaining(phone, code);
    assert.match(sms, /您已预约居民身份证申领，时间11月26日 09:00/);
    // The slot is full now: shown so, and not offered to the next citizen.
    const next = await bookingPage(c);
    await chooseIdCard(next);
    await next.click('[data-date="2026-11-26"]');
    assert.ok(await next.isDisabled('[data-start="2026-11-26T09:00:00+08:00"]'));
    assert.match(await next.textContent('[data-start="2026-11-26T09:00:00+08:00"]'), /已约满/);
  }));

test('a slot filled while the citizen was choosing is refused, and the slots are shown anew', () =>
  withHall('2026-11-25T10:00:00+08:00', async (c) => {
    const p = await bookingPage(c);
    await chooseIdCard(p);
    await p.click('[data-date="2026-11-26"]');
    await p.click('[data-start="2026-11-26T10:00:00+08:00"]');
    await p.fill('#phone', phone);
    const other = await api(c, '/api/v1/appointments', { service: 'id-card', start: '2026-11-26T10:00:00+08:00', phone: '13912345678' });
    assert.equal(other.status, 201);
    await p.click('#book');
    await p.waitForSelector('#slot-message:text("该时段刚刚约满")');
    assert.ok(await p.isHidden('#contact'), 'the number is asked again once a slot is chosen');
    assert.ok(await p.isDisabled('[data-start="2026-11-26T10:00:00+08:00"]'));
    await p.screenshot({ path: join(shots, 'book-full-zh.png'), fullPage: true });
  }));

test('the holiday session offers its services, appointments only', () =>
  withHall('2026-12-28T10:00:00+08:00', async (c, modem) => {
    const p = await bookingPage(c);
    await p.click('[data-department=hukou]');
    await p.click('[data-service=residence]');
    await p.waitForSelector('#slots button');
    // Residence takes no bookings on working days: the session's day is the only one.
    assert.deepEqual(await p.locator('#days button').evaluateAll((bs) => bs.map((b) => b.dataset.date)), ['2027-01-02']);
    assert.equal(await p.textContent('#session'), '元旦错时服务（仅限预约）');
    await p.click('[data-start="2027-01-02T09:00:00+08:00"]');
    await p.fill('#phone', phone);
    await p.click('#book');
    await p.waitForSelector('#confirmation:not([hidden])');
    await p.screenshot({ path: join(shots, 'book-holiday-zh.png'), fullPage: true });
    await modem.textContaining(phone, '1月2日 09:00');
  }));

test('a booking is looked up and cancelled with its code and number, and the SMS says so', () =>
  withHall('2026-11-25T10:00:00+08:00', async (c, modem) => {
    const booked = await api(c, '/api/v1/appointments', { service: 'id-card', start: '2026-11-27T09:30:00+08:00', phone });
    assert.equal(booked.status, 201);
    const p = await bookingPage(c);
    await p.fill('#cancel-code', booked.json.code);
    await p.fill('#cancel-phone', '13912345678');
    await p.click('#lookup');
    await p.waitForFunction(() => document.querySelector('#cancel-message').textContent.length > 0);
    assert.match(await p.textContent('#cancel-message'), /预约码或手机号不正确/);
    await p.fill('#cancel-phone', phone);
    await p.click('#lookup');
    await p.waitForFunction(() => /已预约/.test(document.querySelector('#cancel-message').textContent));
    await p.click('#cancel-booking');
    await p.waitForFunction(() => /已取消/.test(document.querySelector('#cancel-message').textContent));
    assert.match(await p.textContent('#cancel-message'), /居民身份证申领 · 11月27日 周五 09:30–10:00 · 已取消/);
    await p.screenshot({ path: join(shots, 'book-cancelled-zh.png'), fullPage: true });
    assert.match(await modem.textContaining(phone, '已取消'), /您预约的居民身份证申领（11月27日 09:30）已取消/);
  }));

test('a number at its limit is told so on the page', () =>
  withHall('2026-11-25T10:00:00+08:00', async (c) => {
    for (const start of ['2026-11-26T09:30:00+08:00', '2026-11-26T10:30:00+08:00'])
      assert.equal((await api(c, '/api/v1/appointments', { service: 'id-card', start, phone })).status, 201);
    const p = await bookingPage(c);
    await p.click('#language');
    await chooseIdCard(p);
    await p.click('[data-date="2026-11-26"]');
    await p.click('[data-start="2026-11-26T13:30:00+08:00"]');
    await p.fill('#phone', phone);
    await p.click('#book');
    await p.waitForFunction(() => document.querySelector('#book-message').textContent.length > 0);
    assert.match(await p.textContent('#book-message'), /This number has as many bookings as allowed: .*2 bookings on that day/);
    await p.screenshot({ path: join(shots, 'book-limit-en.png'), fullPage: true });
  }));

test('a booking checked in at the kiosk is marked as booked on the clerk\'s /caller', () =>
  withHall('2026-11-26T09:20:00+08:00', async (c) => {
    const booked = await api(c, '/api/v1/appointments', { service: 'id-card', start: '2026-11-26T09:30:00+08:00', phone });
    const ticket = await c.api('POST', '/api/v1/appointments/check-in', c.tokens.kiosk, { code: booked.json.code });
    assert.equal(ticket.status, 201);
    assert.equal((await c.api('POST', `/api/v1/tickets/${ticket.json.id}/printed`, c.tokens.kiosk)).status, 200);
    const caller = await page(`${c.url}/caller?access_token=${c.tokens.caller1}`, { width: 1280, height: 800 });
    await caller.waitForSelector('body.signed-in');
    await caller.click('#call-next');
    await caller.waitForFunction(() => document.getElementById('current-number').textContent === 'A001');
    assert.equal(await caller.textContent('#current-service'), '预约 Appointment 09:30 · 居民身份证申领 ID card application');
    await caller.screenshot({ path: join(shots, 'caller-booked.png') });
  }));
