/**
 * What idle subscribers cost: a gateway process (src/composition/main.ts, MariaDB, poller on) with no
 * subscriber, then 500 sockets each watching its own stalled job (migrationJobUpdated), then 500
 * sockets on migrationJobsUpdated. For each phase: the gateway's RSS and V8 heap (its /metrics,
 * no forced GC) and its SQL statements per second over a quiet window (gateway_sql_statements_total).
 * Run: `npm run bench:subscriptions` (MariaDB at 127.0.0.1:3306, root, no password).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createClient } from 'graphql-ws';
import mysql from 'mysql2/promise';
import WebSocket from 'ws';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 500);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const POLL_MS = 500;
const TOKEN = 'bench-subscriptions-metrics-token-0123456789';
const SERVER = 'mysql://root@127.0.0.1:3306';
const ROOT = resolve(__dirname, '../..');

interface Sample {
  rssMiB: number;
  heapMiB: number;
  statements: number;
}

async function main(): Promise<void> {
  const database = `gw_bench_subs_${randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection(`${SERVER}`);
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const gateway = await startGateway(`${SERVER}/${database}`, port);
  try {
    const db = await mysql.createConnection(`${SERVER}/${database}`);
    const jobIds = await stalledJobs(db, SUBSCRIBERS);
    await db.end();

    const results: { phase: string; sample: Sample; perSecond: number }[] = [];
    const measure = async (phase: string) => {
      await sleep(2_000);
      const before = await scrape(url);
      await sleep(WINDOW_MS);
      const after = await scrape(url);
      results.push({ phase, sample: after, perSecond: (after.statements - before.statements) / (WINDOW_MS / 1000) });
    };

    await measure('no subscriber');
    const perJob = await subscribeAll(url, SUBSCRIBERS, (i) => ({
      query: 'subscription($id: ID!) { migrationJobUpdated(id: $id) { id status progress { step } } }',
      variables: { id: jobIds[i] },
    }));
    await measure(`${SUBSCRIBERS} × migrationJobUpdated (one stalled job each)`);
    for (const c of perJob) void c.dispose(); // graphql-ws's dispose may return void
    await sleep(1_000);
    const anyJob = await subscribeAll(url, SUBSCRIBERS, () => ({ query: 'subscription { migrationJobsUpdated { id status } }', variables: {} }));
    await measure(`${SUBSCRIBERS} × migrationJobsUpdated`);
    for (const c of anyJob) void c.dispose();

    const base = results[0].sample;
    const lines = [
      `| phase | RSS MiB | heap MiB | SQL statements/s |`,
      `|---|---|---|---|`,
      ...results.map(
        (r) =>
          `| ${r.phase} | ${r.sample.rssMiB.toFixed(1)} (${signed(r.sample.rssMiB - base.rssMiB)}) | ${r.sample.heapMiB.toFixed(1)} (${signed(r.sample.heapMiB - base.heapMiB)}) | ${r.perSecond.toFixed(2)} |`,
      ),
    ];
    process.stdout.write(`\nIdle subscribers, poll every ${POLL_MS} ms, ${WINDOW_MS / 1000} s window, ${new Date().toISOString()}\n\n${lines.join('\n')}\n`);
  } finally {
    gateway.kill('SIGTERM');
    await new Promise((r) => gateway.once('exit', r));
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  }
}

/** Jobs that never move: PENDING, leased to a process that is not there, lease far ahead (the reconciler leaves them). */
async function stalledJobs(db: mysql.Connection, count: number): Promise<string[]> {
  const [[vm]] = (await db.query('SELECT id FROM vm_instance ORDER BY id LIMIT 1')) as any;
  const [[host]] = (await db.query('SELECT id FROM host ORDER BY id LIMIT 1')) as any;
  const uuids = Array.from({ length: count }, () => randomUUID());
  const until = new Date(Date.now() + 24 * 3600_000);
  const now = new Date();
  const request = JSON.stringify({ vmUuid: 'bench', destinationHostUuid: 'bench', volumes: [] });
  await db.query(
    'INSERT INTO gateway_migration_job (uuid, vm_id, status, destination_host_id, request_json, plan_json, checkpoint_json, progress_step, progress_percent, lease_owner, lease_expires_at, created_at, updated_at) VALUES ?',
    [uuids.map((uuid) => [uuid, vm.id, 'PENDING', host.id, request, 'null', null, 'QUEUED', 0, 'bench-elsewhere', until, now, now])],
  );
  return uuids;
}

async function subscribeAll(url: string, count: number, payload: (i: number) => { query: string; variables: Record<string, unknown> }) {
  const clients = [];
  const firsts: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const client = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer bench' },
      retryAttempts: 0,
    });
    clients.push(client);
    firsts.push(
      new Promise<void>((resolveFirst, reject) => {
        client.subscribe(payload(i), { next: () => resolveFirst(), error: reject, complete: () => {} });
      }),
    );
  }
  // migrationJobUpdated sends the current state first; migrationJobsUpdated sends nothing while idle.
  if (payload(0).query.includes('migrationJobUpdated(')) await Promise.all(firsts);
  else await untilActive(url, count);
  return clients;
}

async function untilActive(url: string, count: number): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const text = await metricsText(url);
    if (Number(/^gateway_graphql_subscriptions_active (\d+)$/m.exec(text)?.[1]) >= count) return;
    await sleep(100);
  }
  throw new Error(`fewer than ${count} subscriptions became active`);
}

async function metricsText(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
}

async function scrape(url: string): Promise<Sample> {
  const text = await metricsText(url);
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
  const statements = [...text.matchAll(/^gateway_sql_statements_total\{context="[^"]+"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  return { rssMiB: value(/^process_resident_memory_bytes (\d+)/m) / 2 ** 20, heapMiB: value(/^nodejs_heap_used_bytes (\d+)/m) / 2 ** 20, statements };
}

function startGateway(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/composition/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      GATEWAY_DATABASE_URL: databaseUrl,
      GATEWAY_CREATE_SCHEMA: 'true',
      GATEWAY_SEED_DEMO: 'true',
      GATEWAY_AGENT_TRANSPORT: 'simulator',
      GATEWAY_AUTH: 'off',
      GATEWAY_PORT: String(port),
      GATEWAY_METRICS_TOKEN: TOKEN,
      GATEWAY_SUBSCRIPTION_POLL_MS: String(POLL_MS),
      GATEWAY_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveStart, reject) => {
    let out = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (started) return;
      out += chunk.toString();
      if (out.includes('gateway listening')) {
        started = true;
        resolveStart(child);
      }
    });
    child.once('exit', (code) => started || reject(new Error(`gateway exited with ${code}: ${out}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;

void main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
