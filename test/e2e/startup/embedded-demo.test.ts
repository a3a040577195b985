import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const FILE = join(tmpdir(), `gw-demo-${process.pid}-${Date.now()}.sqlite`);

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Starts `src/composition/main.ts` on the embedded default (a fresh SQLite file) and waits for /healthz. */
async function startEmbedded(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GATEWAY_')));
  const child = spawn(TSX, ['src/composition/main.ts'], {
    cwd: ROOT,
    env: { ...clean, GATEWAY_DATABASE_URL: `sqlite:${FILE}`, GATEWAY_PORT: String(port), ...EXTRA_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return { child, output: () => output };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`gateway did not start:\n${output}`);
}

/** Settings the embedded demo needs in tests beyond its defaults (none today). */
const EXTRA_ENV: Record<string, string> = {};

async function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGTERM');
  });
}

async function vmCount(port: number, key: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ virtualMachines(first: 1) { totalCount } }' }),
  });
  const body = (await response.json()) as { data: { virtualMachines: { totalCount: number } } };
  return body.data.virtualMachines.totalCount;
}

describe('npm start on the embedded default', () => {
  afterAll(() => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(FILE + suffix, { force: true });
  });

  it('creates and migrates a fresh database, loads the demo once, serves it, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const first = await startEmbedded(port);
    expect(first.output()).toContain('demo inventory loaded');
    // The first start prints a root admin API key once (stderr); the API needs it.
    const key = /csk_[A-Za-z0-9_-]{43}/.exec(first.output())?.[0];
    expect(key).toBeDefined();
    expect(await vmCount(port, key!)).toBe(34);
    expect(await stop(first.child)).toBe(0);

    const second = await startEmbedded(port);
    expect(second.output()).not.toContain('demo inventory loaded');
    expect(second.output()).not.toMatch(/csk_[A-Za-z0-9_-]{43}/);
    expect(await vmCount(port, key!)).toBe(34);
    expect(await stop(second.child)).toBe(0);
  }, 60_000);
});
