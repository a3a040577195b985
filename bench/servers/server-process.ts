import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { installNaiveDataLoader } from './naive-dataloader';
import type { Announcement, Command, MigrationOutcome, Reply, Request, ServerSpec, ServerStats } from './protocol';
import type { Logger } from 'typeorm';
import { StatementCounter } from './statement-counter';

/**
 * A benchmark server in a process of its own (forked by server-handle.ts): the gateway as
 * `startGateway` builds it, the naive variant (the same, with unbatched DataLoaders), or the
 * floor. It answers the runner's IPC commands: counters, RSS peak, CPU profile, migration outcome.
 * Only the modules above are imported statically: the naive variant must patch `dataloader`
 * before the gateway's modules load it.
 */
const spec = JSON.parse(process.argv[2] ?? '{}') as ServerSpec;
let counter = new StatementCounter();
let requests = 0;
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 20);
sampler.unref();

const finished = new Map<string, MigrationOutcome>();
const waiting = new Map<string, (outcome: MigrationOutcome) => void>();
function migrationEnded(jobUuid: string, outcome: MigrationOutcome): void {
  finished.set(jobUuid, outcome);
  waiting.get(jobUuid)?.(outcome);
  waiting.delete(jobUuid);
}

let printed = 0;
/** The gateway's JsonLogger: migration ends are noted; warnings and errors go to stderr (the first 20). */
const logger = {
  log(entry: { level?: string; msg: string; [key: string]: unknown }): void {
    const job = typeof entry.job === 'string' ? entry.job : null;
    if (job && entry.msg === 'migration succeeded') migrationEnded(job, { status: 'SUCCEEDED' });
    else if (job && entry.msg === 'migration failed') migrationEnded(job, { status: 'FAILED', detail: `${String(entry.code)}: ${String(entry.error)}` });
    else if (job && entry.msg === 'migration job crashed') migrationEnded(job, { status: 'CRASHED', detail: String(entry.error) });
    if ((entry.level === 'warn' || entry.level === 'error') && printed++ < 20) process.stderr.write(`[${spec.variant}] ${JSON.stringify(entry)}\n`);
  },
};

interface Running {
  url: string;
  agentCommands: () => number;
  stop: () => Promise<void>;
}

async function startGatewayVariant(): Promise<Running> {
  if (spec.variant === 'naive') installNaiveDataLoader();
  const { loadConfig } = require('../../src/config/gateway-config') as typeof import('../../src/config/gateway-config');
  const { startGateway } = require('../../src/composition/gateway') as typeof import('../../src/composition/gateway');
  const { KvmFleetSimulator } = require('../../src/infra/agent/kvm-fleet-simulator') as typeof import('../../src/infra/agent/kvm-fleet-simulator');
  const { BENCH_CURSOR_SECRET } = require('../support/bench-cursors') as typeof import('../support/bench-cursors');
  const env: Record<string, string> = {
    GATEWAY_DATABASE_URL: spec.databaseUrl,
    GATEWAY_CREATE_SCHEMA: 'true',
    GATEWAY_SEED_DEMO: 'false',
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    GATEWAY_AGENT_TRANSPORT: spec.agentTransport,
    GATEWAY_MAX_PAGE_SIZE: String(spec.maxPageSize),
    GATEWAY_LOG_LEVEL: 'warn',
    // Long leases: no reconciler or lease-renewal statements inside the measured windows.
    GATEWAY_JOB_LEASE_SECONDS: '3600',
    // Known to the load generator and the floor, which start pages anywhere (support/bench-cursors.ts).
    GATEWAY_CURSOR_SECRET: BENCH_CURSOR_SECRET,
    ...spec.env,
  };
  // NODE_ENV=production (set by the runner) and GATEWAY_AUTH at its default (required): the
  // gateway as deployed; the runner sends a root-admin API key with every request.
  const gateway = await startGateway(loadConfig({ ...env, NODE_ENV: process.env.NODE_ENV }), logger);
  // TypeORM reads dataSource.logger for every statement: counting starts now (migrations excluded),
  // and the gateway's own logger still sees every call.
  const dataSource = gateway.dataSource as unknown as { logger: Logger };
  counter = new StatementCounter(dataSource.logger);
  dataSource.logger = counter;
  gateway.http.server.on('request', () => (requests += 1));
  const agents = gateway.agents;
  return {
    url: gateway.url,
    agentCommands: () => (agents instanceof KvmFleetSimulator ? agents.commandLog().length : 0),
    stop: () => gateway.stop(),
  };
}

async function startFloorVariant(): Promise<Running> {
  const { createFloorServer } = require('./floor-server') as typeof import('./floor-server');
  const floor = createFloorServer(spec.databaseUrl, counter, { maxPageSize: spec.maxPageSize, poolSize: 10 });
  floor.server.on('request', () => (requests += 1));
  return { url: await floor.listen(0, '127.0.0.1'), agentCommands: () => 0, stop: () => floor.close() };
}

let profiler: Session | null = null;

async function handle(command: Command, running: Running): Promise<unknown> {
  switch (command.cmd) {
    case 'stats': {
      const cpu = process.cpuUsage();
      const stats: ServerStats = {
        statements: counter.statements,
        transactionControl: counter.transactionControl,
        requests,
        rssBytes: process.memoryUsage.rss(),
        peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        agentCommands: running.agentCommands(),
      };
      return stats;
    }
    case 'resetPeak':
      peakRss = process.memoryUsage.rss();
      return null;
    case 'captureStart':
      counter.startCapture();
      return null;
    case 'captureStop':
      return counter.stopCapture();
    case 'profileStart':
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: command.samplingIntervalUs });
      await profiler.post('Profiler.start');
      return null;
    case 'profileStop': {
      if (!profiler) throw new Error('no profile running');
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = null;
      writeFileSync(command.file, JSON.stringify(profile));
      return command.file;
    }
    case 'heapSampleStart':
      profiler = new Session();
      profiler.connect();
      // Objects already collected stay in the profile: it shows all allocation, which is what drives GC.
      await profiler.post('HeapProfiler.startSampling', {
        samplingInterval: command.samplingIntervalBytes,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      } as never);
      return null;
    case 'heapSampleStop': {
      if (!profiler) throw new Error('no heap sampling running');
      const { profile } = await profiler.post('HeapProfiler.stopSampling');
      profiler.disconnect();
      profiler = null;
      writeFileSync(command.file, JSON.stringify(profile));
      return command.file;
    }
    case 'awaitMigration': {
      const done = finished.get(command.jobUuid);
      if (done) return done;
      return new Promise<MigrationOutcome>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(command.jobUuid);
          reject(new Error(`job ${command.jobUuid} did not finish within ${command.timeoutMs} ms`));
        }, command.timeoutMs);
        waiting.set(command.jobUuid, (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        });
      });
    }
    case 'stop':
      await running.stop();
      setImmediate(() => process.exit(0));
      return null;
  }
}

async function main(): Promise<void> {
  let running: Running;
  try {
    running = spec.variant === 'floor' ? await startFloorVariant() : await startGatewayVariant();
  } catch (error) {
    const announcement: Announcement = { ready: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    process.send?.(announcement);
    setImmediate(() => process.exit(1));
    return;
  }
  process.on('message', (message: Request) => {
    handle(message.command, running).then(
      (result) => process.send?.({ id: message.id, ok: true, result } satisfies Reply),
      (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Reply),
    );
  });
  // The runner going away ends this process too (no orphaned servers).
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: true, url: running.url } satisfies Announcement);
}

void main();
