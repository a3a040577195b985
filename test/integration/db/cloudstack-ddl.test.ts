import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoInventory, type DemoInventorySummary } from '../../../src/infra/db/seed/demo-inventory';
import { SequenceName } from '../../../src/infra/db/sequence-allocator';
import { createCloudStackDdlDatabase } from '../../support/cloudstack-ddl';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { listTables, sequenceValue } from './db-helpers';
import { type InventorySnapshot, loadInventory } from './inventory-snapshot';

/** Rows in id order, so two databases' snapshots compare regardless of scan order. */
function normalise(inv: InventorySnapshot): InventorySnapshot {
  const sorted = Object.entries(inv).map(([key, rows]) => [
    key,
    [...(rows as { id?: number; volumeId?: number }[])].sort((a, b) => (a.id ?? a.volumeId ?? 0) - (b.id ?? b.volumeId ?? 0)),
  ]);
  return Object.fromEntries(sorted) as InventorySnapshot;
}

describe('demo inventory on CloudStack 4.22 DDL (MariaDB, foreign keys on)', () => {
  let cloudstack: TestDatabase;
  let standalone: TestDatabase;
  let summary: DemoInventorySummary;

  beforeAll(async () => {
    cloudstack = await createCloudStackDdlDatabase();
    summary = await seedDemoInventory(cloudstack.dataSource);

    standalone = await createTestDatabase('sqlite');
    await seedDemoInventory(standalone.dataSource);
  });
  afterAll(async () => {
    await cloudstack?.dispose();
    await standalone?.dispose();
  });

  it('adds only gateway tables to the CloudStack schema, whose foreign keys stay on', async () => {
    const tables = await listTables(cloudstack.dataSource);
    expect(tables).toEqual(expect.arrayContaining(['vm_instance', 'volumes', 'user_vm', 'disk_offering', 'async_job', 'version']));
    expect(tables.filter((t) => !t.startsWith('gateway_')).length).toBe(34);
    const [{ n }] = await cloudstack.dataSource.query<{ n: number }[]>(
      'SELECT COUNT(*) AS n FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()',
    );
    expect(Number(n)).toBeGreaterThan(20);
    const [{ checks }] = await cloudstack.dataSource.query<{ checks: number }[]>('SELECT @@foreign_key_checks AS checks');
    expect(Number(checks)).toBe(1);
  });

  it('loads every row, and reads back through the entities exactly what the standalone schema holds', async () => {
    expect(summary.counts.vm_instance).toBeGreaterThanOrEqual(30);
    const fromCloudStack = normalise(await loadInventory(cloudstack.dataSource));
    const fromStandalone = normalise(await loadInventory(standalone.dataSource));
    for (const key of Object.keys(fromStandalone) as (keyof InventorySnapshot)[]) {
      expect(fromCloudStack[key], key).toEqual(fromStandalone[key]);
    }
  });

  it("fills CloudStack's unmapped columns with their DDL defaults", async () => {
    const [vm] = await cloudstack.dataSource.query<Record<string, number>[]>(
      'SELECT user_id, display_vm, ha_enabled, delete_protection FROM vm_instance WHERE name = ?',
      ['web-01'],
    );
    expect(Object.values(vm).map(Number)).toEqual([1, 1, 0, 0]);
    const [pool] = await cloudstack.dataSource.query<{ parent: number }[]>('SELECT parent FROM storage_pool WHERE name = ?', ['powerflex-z1']);
    expect(Number(pool.parent)).toBe(0);
  });

  it('starts image_store_seq, which a 4.22 database lacks, and advances the sequences it has', async () => {
    expect(await sequenceValue(cloudstack.dataSource, SequenceName.ImageStore)).toBe(2);
    expect(await sequenceValue(cloudstack.dataSource, SequenceName.StoragePool)).toBe(200 + summary.counts.storage_pool);
    expect(await sequenceValue(cloudstack.dataSource, SequenceName.VmInstance)).toBe(1 + summary.counts.vm_instance);
    expect(await sequenceValue(cloudstack.dataSource, SequenceName.Volume)).toBe(1 + summary.counts.volumes);
    expect(await sequenceValue(cloudstack.dataSource, SequenceName.VmTemplate)).toBe(200 + summary.counts.vm_template);
  });
});
