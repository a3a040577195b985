import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { DataSource } from 'typeorm';
import type { AgentCommand, AgentHost, AgentOutcome } from '../../../../src/domain/agent/agent-command';
import type { AgentDispatcher, DispatchContext } from '../../../../src/app/ports/agent-dispatcher';
import type { MigrationJob } from '../../../../src/app/migration/migration-job';
import type { MigrationRequest } from '../../../../src/app/migration/migration-request';
import type { DatabaseKind } from '../../../../src/config/gateway-config';
import { MigrateVmWithStorageUseCase } from '../../../../src/app/migration/migrate-vm-with-storage.use-case';
import { MigrationExecutor } from '../../../../src/app/migration/migration-executor';
import { MigrationRunner } from '../../../../src/app/migration/migration-runner';
import type { MigrationBookkeeping } from '../../../../src/app/ports/migration-bookkeeping';
import { readFleetInventory } from '../../../../src/infra/db/read-fleet-inventory';
import { TypeOrmInventoryReader } from '../../../../src/infra/db/typeorm-inventory-reader';
import { TypeOrmMigrationBookkeeping } from '../../../../src/infra/db/typeorm-migration-bookkeeping';
import { TypeOrmMigrationJournal } from '../../../../src/infra/db/typeorm-migration-journal';
import { TypeOrmMigrationJobStore } from '../../../../src/infra/db/typeorm-migration-job-store';
import { TypeOrmMigrationReader } from '../../../../src/infra/db/typeorm-migration-reader';
import { demoHandles } from '../../../../src/infra/db/seed/demo-inventory';
import { createMigrationStack, type MigrationStack, type MigrationStackOptions } from '../../../support/migration-stack';
import { expectNothingStuck } from './rows';

/**
 * Runs before the simulator sees a command; `next` delivers it. Lets a scenario hold a command
 * (a slow step), change rows at a precise moment (a lost race) or never answer (a dead owner).
 */
type Interceptor = (host: AgentHost, command: AgentCommand, next: () => Promise<AgentOutcome>) => Promise<AgentOutcome>;

/** Tables a migration writes; restored from a copy taken right after seeding. */
const MUTABLE_TABLES = [
  'vm_instance',
  'volumes',
  'template_spool_ref',
  'snapshots',
  'sequence',
  'configuration',
  'gateway_migration_job',
  'gateway_migration_command',
] as const;

/**
 * One seeded database per database kind, shared by the scenarios of a file: `reset()` puts the
 * rows a migration touches and the simulated fleet back as seeded (a fresh MariaDB database
 * costs ~2 s, a reset a few ms).
 */
export interface ScenarioStack extends MigrationStack {
  /** Set by a scenario; cleared by reset(). */
  intercept: Interceptor | null;
  names: DemoNames;
  reset(): Promise<void>;
  sql: <T = Record<string, unknown>>(query: string, params?: unknown[]) => Promise<T[]>;
  /** Starts a migration through the use case and waits for the job to end; returns the stored job. */
  migrate(request: MigrationRequest): Promise<MigrationJob>;
  /**
   * Another gateway "process" over the same database: its own job store, executor, runner and
   * use case, with its own lease owner, agent dispatcher (default: the shared one, interceptor
   * included) and optionally a wrapped bookkeeping (to lose a race at a precise moment).
   */
  gateway(options: GatewayOptions): TestGatewayProcess;
}

interface GatewayOptions {
  owner: string;
  agents?: AgentDispatcher;
  leaseSeconds?: number;
  wrapBookkeeping?: (real: MigrationBookkeeping) => MigrationBookkeeping;
  /** A runner whose start() only records the job (the test starts it later with `runner.start`). */
  deferStart?: boolean;
}

export interface TestGatewayProcess {
  runner: MigrationRunner;
  jobs: TypeOrmMigrationJobStore;
  /** Jobs the use case handed to a deferred runner. */
  started: MigrationJob[];
  migrate(request: MigrationRequest): Promise<MigrationJob>;
}

/** Numeric ids of demo objects by name, and names by id, for assertions. */
export interface DemoNames {
  hostId(name: string): number;
  hostName(id: number): string;
  poolId(name: string): number;
  poolName(idOrUuid: number | string): string;
  vmId(name: string): number;
  templateId(name: string): number;
}

export async function createScenarioStack(kind: DatabaseKind, options: Omit<MigrationStackOptions, 'agents'> = {}): Promise<ScenarioStack> {
  const holder: { stack?: ScenarioStack } = {};
  const base = await createMigrationStack(kind, {
    ...options,
    agents: (simulator) =>
      ({
        send(host: AgentHost, command: AgentCommand, context: DispatchContext) {
          const next = () => simulator.send(host, command, context);
          const hook = holder.stack?.intercept;
          return hook ? hook(host, command, next) : next();
        },
      }) satisfies AgentDispatcher,
  });
  const ds = base.db.dataSource;
  for (const table of MUTABLE_TABLES) {
    await ds.query(`DROP TABLE IF EXISTS zz_seed_${table}`);
    await ds.query(`CREATE TABLE zz_seed_${table} AS SELECT * FROM ${table}`);
  }
  const names = await loadNames(ds);
  const gateways: MigrationRunner[] = [];
  /** Waits for every runner's jobs, but not forever: a failed scenario may leave a job hanging on a gate. */
  const settleAll = async () => {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 2_000);
    });
    await Promise.race([Promise.all([base.runner, ...gateways].map((r) => r.settled())), limit]);
    clearTimeout(timer);
  };
  const stack: ScenarioStack = Object.assign(base, {
    intercept: null,
    names,
    async reset() {
      stack.intercept = null;
      await settleAll();
      await ds.transaction(async (m) => {
        for (const table of MUTABLE_TABLES) {
          await m.query(`DELETE FROM ${table}`);
          await m.query(`INSERT INTO ${table} SELECT * FROM zz_seed_${table}`);
        }
      });
      base.simulator.loadInventory(await readFleetInventory(ds));
      base.simulator.clearLog();
      base.simulator.clearFaults();
    },
    sql<T>(query: string, params: unknown[] = []) {
      return ds.query<T[]>(query, params);
    },
    async migrate(request: MigrationRequest) {
      const job = await base.services.migrateVmWithStorage(request, { accountId: null });
      await base.runner.settled(job.id);
      return (await base.jobs.byUuid(job.uuid))!;
    },
    gateway(g: GatewayOptions): TestGatewayProcess {
      const jobs = new TypeOrmMigrationJobStore(ds);
      const readers = { inventory: new TypeOrmInventoryReader(ds), migration: new TypeOrmMigrationReader(ds) };
      const real = new TypeOrmMigrationBookkeeping(ds);
      const bookkeeping = g.wrapBookkeeping ? g.wrapBookkeeping(real) : real;
      const executor = new MigrationExecutor({ leases: jobs, journal: new TypeOrmMigrationJournal(ds), bookkeeping, readers, agents: g.agents ?? base.agents });
      const runner = new MigrationRunner(executor, jobs, { owner: g.owner, leaseSeconds: g.leaseSeconds ?? 30 });
      gateways.push(runner);
      const started: MigrationJob[] = [];
      const starter = g.deferStart
        ? (Object.assign(Object.create(runner), { start: (job: MigrationJob) => void started.push(job) }) as MigrationRunner)
        : runner;
      const useCase = new MigrateVmWithStorageUseCase(readers, jobs, starter, g.owner);
      return { runner, jobs, started, migrate: (request) => useCase.execute(request, { accountId: null }) };
    },
  });
  holder.stack = stack;
  return stack;
}

async function loadNames(ds: DataSource): Promise<DemoNames> {
  const handles = demoHandles();
  const hosts = await ds.query<{ id: number; name: string }[]>('SELECT id, name FROM host');
  const pools = await ds.query<{ id: number; name: string; uuid: string }[]>('SELECT id, name, uuid FROM storage_pool');
  const vms = await ds.query<{ id: number; uuid: string }[]>('SELECT id, uuid FROM vm_instance');
  const templates = await ds.query<{ id: number; uuid: string }[]>('SELECT id, uuid FROM vm_template');
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`demo inventory has no ${what}`);
    return value;
  };
  return {
    hostId: (name) =>
      Number(
        need(
          hosts.find((h) => h.name === name),
          `host ${name}`,
        ).id,
      ),
    hostName: (id) =>
      need(
        hosts.find((h) => Number(h.id) === Number(id)),
        `host ${id}`,
      ).name,
    poolId: (name) =>
      Number(
        need(
          pools.find((p) => p.name === name),
          `pool ${name}`,
        ).id,
      ),
    poolName: (idOrUuid) =>
      need(
        pools.find((p) => (typeof idOrUuid === 'string' ? p.uuid === idOrUuid : Number(p.id) === idOrUuid)),
        `pool ${idOrUuid}`,
      ).name,
    vmId: (name) =>
      Number(
        need(
          vms.find((v) => v.uuid === handles.vms[name]),
          `vm ${name}`,
        ).id,
      ),
    templateId: (name) =>
      Number(
        need(
          templates.find((t) => t.uuid === (handles.templates as Record<string, string>)[name]),
          `template ${name}`,
        ).id,
      ),
  };
}

/**
 * The lifecycle every scenario file shares: one seeded stack per file (beforeAll), reset before
 * each scenario, the "nothing stuck in Migrating" invariant after each, disposed at the end. The
 * returned object stands for the stack while it does not exist yet (it forwards to it once built).
 */
export function useScenarioStack(kind: DatabaseKind): ScenarioStack {
  let real: ScenarioStack | undefined;
  beforeAll(async () => {
    real = await createScenarioStack(kind);
  });
  beforeEach(async () => {
    await real!.reset();
  });
  afterEach(async () => {
    await expectNothingStuck(real!);
  });
  afterAll(async () => {
    await real?.dispose();
  });
  return new Proxy({} as ScenarioStack, {
    get: (_target, key) => {
      if (!real) throw new Error('the scenario stack exists only inside tests and hooks');
      const value = Reflect.get(real, key);
      return typeof value === 'function' ? value.bind(real) : value;
    },
    set: (_target, key, value) => Reflect.set(real!, key, value),
  });
}
