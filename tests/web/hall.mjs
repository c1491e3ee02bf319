// What the browser tests share: a controller on a loopback port with a device of each role, the
// Debian Chromium, and the folder screenshots are kept in ($QH_SCREENSHOT_DIR, or a temporary one).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const bin = join(process.env.QH_BIN_DIR, 'queuehall-controller');
export const hall = join(process.env.QH_SOURCE_DIR, 'tests/data/small-hall.json');
export const shots = process.env.QH_SCREENSHOT_DIR || mkdtempSync(join(tmpdir(), 'queuehall-pages-'));
mkdirSync(shots, { recursive: true });

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A controller with a hall (the small one unless told) on a fixed loopback port, so a restart keeps the address.
export class Controller {
  constructor(hallFile = hall) {
    this.dir = mkdtempSync(join(tmpdir(), 'queuehall-web-'));
    this.db = join(this.dir, 'hall.db');
    execFileSync(bin, ['init', '--hall', hallFile, '--db', this.db], { stdio: 'ignore' });
    const add = (...args) => JSON.parse(execFileSync(bin, ['--db', this.db, '--json', 'device', 'add', ...args]).toString()).token;
    this.tokens = { kiosk: add('--role', 'kiosk'), caller1: add('--role', 'caller', '--window', '1'),
                    caller3: add('--role', 'caller', '--window', '3'), display: add('--role', 'display'),
                    admin: add('--role', 'admin') };
  }
  async start(...extra) {
    this.port = this.port || await freePort();
    this.process = spawn(bin, ['--db', this.db, '--at', this.at || '2026-11-25T10:00:00+08:00', 'serve',
                               '--listen', '127.0.0.1', '--port', String(this.port), ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      this.process.stdout.on('data', (d) => d.toString().includes('listening on') && resolve());
      this.process.on('exit', () => reject(new Error('the controller exited')));
    });
    this.url = `http://127.0.0.1:${this.port}`;
  }
  async stop() {
    const exited = new Promise((resolve) => this.process.on('exit', resolve));
    this.process.kill('SIGTERM');
    await exited;
  }
  async api(method, path, token, body, headers = {}) {
    const response = await fetch(this.url + path, { method, body: body && JSON.stringify(body),
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json', ...headers } });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }
  // A staff account through the command line; the password or PIN goes on standard input.
  staff(number, name, roles, department, secret) {
    const args = ['--db', this.db, 'staff', 'add', number, '--name', name, '--roles', roles];
    execFileSync(bin, department ? [...args, '--department', department] : args, { input: secret + '\n' });
  }
  async ticket(service) {
    const issued = await this.api('POST', '/api/v1/tickets', this.tokens.kiosk, { service },
                                  { 'Idempotency-Key': `${service}-${Date.now()}-${Math.random()}` });
    assert.equal(issued.status, 201);
    await this.api('POST', `/api/v1/tickets/${issued.json.id}/printed`, this.tokens.kiosk);
    return issued.json;
  }
}

export let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
});
after(async () => { await browser.close(); });

export async function page(url, viewport = { width: 1920, height: 1080 }) {
  const p = await browser.newPage({ viewport });
  await p.goto(url);
  return p;
}

// A PostgreSQL 15 of its own for the city link, on a socket in a temporary folder, with the city's
// schema; initdb refuses root, so as root it runs as nobody.
export function cityDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'queuehall-city-'));
  const pgBin = '/usr/lib/postgresql/15/bin/';
  const asPostgres = (program, args) => (process.getuid() === 0
    ? execFileSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', pgBin + program, ...args], { stdio: 'ignore' })
    : execFileSync(pgBin + program, args, { stdio: 'ignore' }));
  if (process.getuid() === 0)
    execFileSync('chown', ['nobody:nogroup', dir]);
  asPostgres('initdb', ['-D', join(dir, 'data'), '-U', 'queuehall', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '-N']);
  asPostgres('pg_ctl', ['start', '-w', '-D', join(dir, 'data'), '-l', join(dir, 'log'), '-o', `-c listen_addresses='' -k ${dir} -c fsync=off`]);
  const conninfo = `host=${dir} port=5432 dbname=city user=queuehall`;
  execFileSync('psql', ['-q', '-h', dir, '-U', 'queuehall', '-d', 'postgres', '-c', 'CREATE DATABASE city']);
  execFileSync(join(process.env.QH_BIN_DIR, 'queuehall-city'), ['--conninfo', conninfo, 'migrate'], { stdio: 'ignore' });
  return { conninfo, stop: () => asPostgres('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', join(dir, 'data')]) };
}
