import type { DatabaseKind } from '../../src/config/gateway-config';
import type { GatewayServices } from '../../src/app/gateway-services';
import type { MigrationRequest } from '../../src/app/migration/migration-request';
import { MigrateVmWithStorageUseCase } from '../../src/app/migration/migrate-vm-with-storage.use-case';
import { MigrationExecutor } from '../../src/app/migration/migration-executor';
import { MigrationRunner } from '../../src/app/migration/migration-runner';
import { PlanMigrationUseCase } from '../../src/app/migration/plan-migration.use-case';
import type { AgentDispatcher } from '../../src/app/ports/agent-dispatcher';
import { KvmFleetSimulator } from '../../src/infra/agent/kvm-fleet-simulator';
import { readFleetInventory } from '../../src/infra/db/read-fleet-inventory';
import { demoHandles, seedDemoInventory } from '../../src/infra/db/seed/demo-inventory';
import { DEMO_MIGRATION_CASES, type DemoMigrationCase } from '../../src/infra/db/seed/demo-migration-cases';
import { TypeOrmInventoryReader } from '../../src/infra/db/typeorm-inventory-reader';
import { TypeOrmMigrationBookkeeping } from '../../src/infra/db/typeorm-migration-bookkeeping';
import { TypeOrmMigrationJournal } from '../../src/infra/db/typeorm-migration-journal';
import { TypeOrmMigrationJobStore } from '../../src/infra/db/typeorm-migration-job-store';
import { TypeOrmMigrationReader } from '../../src/infra/db/typeorm-migration-reader';
import { createTargetServices, type TargetServicesOptions } from './target-services';
import { MigrationJobWatch } from '../../src/app/watch/migration-job-watch';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * The whole migration stack in-process over a throwaway database holding the demo inventory:
 * use cases, executor, runner, and a KVM fleet simulator seeded from the same rows (or any
 * other AgentDispatcher, e.g. the HTTP transport to an agent server in another process).
 */
export interface MigrationStack {
  db: TestDatabase;
  simulator: KvmFleetSimulator;
  agents: AgentDispatcher;
  jobs: TypeOrmMigrationJobStore;
  runner: MigrationRunner;
  services: GatewayServices;
  /** A demo case's request with real uuids. */
  requestFor(caseId: string, overrides?: Partial<MigrationRequest>): Promise<MigrationRequest>;
  dispose(): Promise<void>;
}

export interface MigrationStackOptions {
  agents?: (simulator: KvmFleetSimulator) => AgentDispatcher;
  owner?: string;
  leaseSeconds?: number;
  /** Seconds of `kvm.storage.online.migration.wait` (small values make timeouts quick over HTTP). */
  migrateWaitSeconds?: number;
  database?: TestDatabase;
  seed?: boolean;
  /** Migration-target settings (GATEWAY_MIGRATION_*); defaults as documented. */
  targets?: TargetServicesOptions;
}

export async function createMigrationStack(kind: DatabaseKind, options: MigrationStackOptions = {}): Promise<MigrationStack> {
  const db = options.database ?? (await createTestDatabase(kind));
  if (options.seed ?? true) await seedDemoInventory(db.dataSource);
  if (options.migrateWaitSeconds !== undefined) {
    await db.dataSource.query('UPDATE configuration SET value = ? WHERE name = ?', [String(options.migrateWaitSeconds), 'kvm.storage.online.migration.wait']);
  }
  const simulator = new KvmFleetSimulator();
  simulator.loadInventory(await readFleetInventory(db.dataSource));
  const agents = options.agents ? options.agents(simulator) : simulator;
  const inventory = new TypeOrmInventoryReader(db.dataSource);
  const readers = { inventory, migration: new TypeOrmMigrationReader(db.dataSource) };
  const jobs = new TypeOrmMigrationJobStore(db.dataSource);
  const owner = options.owner ?? 'test-gateway';
  const executor = new MigrationExecutor({
    leases: jobs,
    journal: new TypeOrmMigrationJournal(db.dataSource),
    bookkeeping: new TypeOrmMigrationBookkeeping(db.dataSource),
    readers,
    agents,
  });
  const runner = new MigrationRunner(executor, jobs, { owner, leaseSeconds: options.leaseSeconds ?? 30 });
  const targets = createTargetServices(db.dataSource, inventory, options.targets);
  const migrate = new MigrateVmWithStorageUseCase(readers, jobs, runner, owner, targets.destinationCheck);
  const plan = new PlanMigrationUseCase(readers, targets.destinationCheck);
  const services: GatewayServices = {
    planMigration: (request) => plan.execute(request),
    migrateVmWithStorage: (request, requester) => migrate.execute(request, requester),
    migrationJobs: jobs,
    migrationJobWatch: new MigrationJobWatch(jobs),
    ...targets.services,
  };
  const handles = demoHandles();
  return {
    db,
    simulator,
    agents,
    jobs,
    runner,
    services,
    async requestFor(caseId, overrides = {}) {
      const demoCase: DemoMigrationCase | undefined = DEMO_MIGRATION_CASES.find((c) => c.id === caseId);
      if (!demoCase) throw new Error(`unknown demo case ${caseId}`);
      const vmUuid = handles.vms[demoCase.vm];
      const [vm] = await inventory.byUuids('vm', [vmUuid]);
      const disks = await inventory.volumesByVmIds([vm.id]);
      const volumeFor = (disk: 'ROOT' | 'DATA-1') => {
        const found = disk === 'ROOT' ? disks.find((d) => d.volumeType === 'ROOT') : disks.filter((d) => d.volumeType === 'DATADISK')[0];
        if (!found) throw new Error(`${demoCase.vm} has no ${disk}`);
        return found.uuid!;
      };
      return {
        vmUuid,
        destinationHostUuid: handles.hosts[demoCase.request.host],
        volumes: demoCase.request.volumes.map(([disk, pool]) => ({ volumeUuid: volumeFor(disk), destinationPoolUuid: handles.pools[pool] })),
        ...overrides,
      };
    },
    async dispose() {
      await runner.drain();
      if (!options.database) await db.dispose();
    },
  };
}
