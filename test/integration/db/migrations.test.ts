import { afterAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../../src/config/gateway-config';
import { createDataSource, MIGRATIONS_TABLE } from '../../../src/infra/db/data-source.factory';
import { withSchemaLock } from '../../../src/infra/db/schema-lock';
import { isDatabaseEmpty, seedDemoInventory } from '../../../src/infra/db/seed/demo-inventory';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database';
import { listTables } from './db-helpers';

/** The CloudStack subset the standalone schema creates (shared/reference/cloudstack-schema.md). */
const CLOUDSTACK_TABLES = [
  'account',
  'cluster',
  'configuration',
  'data_center',
  'domain',
  'guest_os',
  'guest_os_category',
  'host',
  'host_pod_ref',
  'image_store',
  'sequence',
  'snapshots',
  'storage_pool',
  'storage_pool_host_ref',
  'template_spool_ref',
  'template_store_ref',
  'vm_instance',
  'vm_template',
  'volumes',
  // Migration targets (cloudstack-schema.md §7).
  'cluster_details',
  'disk_offering',
  'host_details',
  'host_tags',
  'hypervisor_capabilities',
  'op_host_capacity',
  'service_offering',
  'service_offering_details',
  'storage_pool_details',
  'storage_pool_tags',
  'vm_instance_details',
];
const GATEWAY_TABLES = ['gateway_api_key', 'gateway_migration_command', 'gateway_migration_job', 'gateway_template_lock'];

async function executedMigrations(db: TestDatabase): Promise<number> {
  const [row] = await db.dataSource.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${MIGRATIONS_TABLE}`);
  return Number(row.n);
}

async function revertAll(db: TestDatabase): Promise<number> {
  let reverted = 0;
  while ((await executedMigrations(db)) > 0) {
    await db.dataSource.undoLastMigration({ transaction: 'each' });
    reverted++;
  }
  return reverted;
}

describe.each(DATABASE_KINDS)('migrations on %s', (kind) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.dispose();
  });

  it('creates the CloudStack subset and the gateway tables, and drops them all when reverted', async () => {
    const db = await createTestDatabase(kind);
    databases.push(db);
    const tables = await listTables(db.dataSource);
    expect(tables).toEqual(expect.arrayContaining([...CLOUDSTACK_TABLES, ...GATEWAY_TABLES, MIGRATIONS_TABLE]));
    expect(await db.dataSource.showMigrations()).toBe(false);

    expect(await revertAll(db)).toBe(db.dataSource.migrations.length);
    expect(await listTables(db.dataSource)).toEqual([MIGRATIONS_TABLE]);

    // And up again from nothing: down left no debris behind.
    await db.dataSource.runMigrations({ transaction: 'each' });
    expect(await listTables(db.dataSource)).toEqual(expect.arrayContaining([...CLOUDSTACK_TABLES, ...GATEWAY_TABLES]));
  }, 120_000); // DDL of every table twice on MariaDB / four CLI processes: slow on a loaded 2-core machine

  it('seeds the CloudStack sequences and StorageManager settings the gateway reads', async () => {
    const db = await createTestDatabase(kind);
    databases.push(db);
    const sequences = await db.dataSource.query<{ name: string; value: number | string }[]>('SELECT name, value FROM sequence ORDER BY name');
    expect(Object.fromEntries(sequences.map((s) => [s.name, Number(s.value)]))).toMatchObject({
      vm_instance_seq: 1,
      vm_template_seq: 200,
      storage_pool_seq: 200,
      volume_seq: 1,
    });
    const settings = await db.dataSource.query<{ name: string; value: string }[]>('SELECT name, value FROM configuration ORDER BY name');
    expect(settings).toEqual([
      { name: 'kvm.auto.convergence', value: 'false' },
      { name: 'kvm.storage.online.migration.wait', value: '86400' },
      { name: 'primary.storage.download.wait', value: '10800' },
    ]);
  });

  it("seeds CloudStack's own KVM hypervisor_capabilities row, as the 4.22 upgrade scripts leave it", async () => {
    const db = await createTestDatabase(kind);
    databases.push(db);
    const rows = await db.dataSource.query<Record<string, unknown>[]>(
      'SELECT id, uuid, hypervisor_type, hypervisor_version, max_guests_limit, storage_motion_supported FROM hypervisor_capabilities',
    );
    expect(
      rows.map((r) => ({ ...r, id: Number(r.id), max_guests_limit: Number(r.max_guests_limit), storage_motion_supported: Number(r.storage_motion_supported) })),
    ).toEqual([{ id: 13, uuid: '13', hypervisor_type: 'KVM', hypervisor_version: 'default', max_guests_limit: 50, storage_motion_supported: 1 }]);
  });

  it('creates only the gateway tables when createSchema is false (a CloudStack database is never touched)', async () => {
    const db = await createTestDatabase(kind, { createSchema: false });
    databases.push(db);
    const tables = await listTables(db.dataSource);
    expect(tables).toEqual(expect.arrayContaining([...GATEWAY_TABLES, MIGRATIONS_TABLE]));
    // Gateway-owned tables are all prefixed; nothing of CloudStack's is created.
    expect(tables.filter((t) => !t.startsWith('gateway_'))).toEqual([]);

    expect(await revertAll(db)).toBe(db.dataSource.migrations.length);
    expect(await listTables(db.dataSource)).toEqual([MIGRATIONS_TABLE]);
  });

  it('lets six replicas starting at once on a new database all migrate and seed it: one does the work, the others find it done', async () => {
    const db = await createTestDatabase(kind, { migrate: false });
    databases.push(db);
    const replicas = Array.from({ length: 6 }, () => createDataSource({ database: parseDatabaseUrl(db.url), createSchema: true }));
    await Promise.all(replicas.map((r) => r.initialize()));
    try {
      const results = await Promise.allSettled(
        replicas.map((replica) =>
          withSchemaLock(replica, async () => {
            const applied = await replica.runMigrations({ transaction: 'each' });
            const seeded = (await isDatabaseEmpty(replica)) ? await seedDemoInventory(replica) : null;
            return { applied: applied.length, seeded: seeded !== null };
          }),
        ),
      );

      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const done = results.map((r) => (r as PromiseFulfilledResult<{ applied: number; seeded: boolean }>).value);
      expect(done.filter((d) => d.applied > 0)).toEqual([{ applied: replicas[0].migrations.length, seeded: true }]);
      expect(done.filter((d) => d.seeded)).toHaveLength(1);
      expect(await executedMigrations(db)).toBe(replicas[0].migrations.length);
      const [zones] = await db.dataSource.query<{ n: number | string }[]>('SELECT COUNT(*) AS n FROM data_center');
      expect(Number(zones.n)).toBe(1);
    } finally {
      await Promise.all(replicas.map((r) => r.destroy()));
    }
  });
});
