import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TARGET_CASES, type DemoTargetCase } from '../../../src/infra/db/seed/demo-target-cases';
import { demoHandles } from '../../../src/infra/db/seed/demo-inventory';
import { TypeOrmInventoryReader } from '../../../src/infra/db/typeorm-inventory-reader';
import { createTestGateway, type TestGateway } from '../../support/gateway-harness';
import { createTargetServices } from '../../support/target-services';
import { DATABASE_KINDS } from '../../support/test-database';
import { TARGETS_QUERY } from './targets-queries';

const handles = demoHandles();

const codes = (items: { code: string }[]) => items.map((i) => i.code);

/**
 * The demo's documented migration-target cases (DEMO_TARGET_CASES) through the GraphQL API, on
 * MariaDB loaded with CloudStack's own 4.22 DDL and on the standalone SQLite schema.
 */
describe.each(DATABASE_KINDS)('migrationTargets on the demo inventory (%s)', (kind) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway(kind, { seedDemo: true, cloudStackDdl: true });
  });
  afterAll(async () => gateway?.dispose());

  async function hostTarget(c: DemoTargetCase) {
    if (c.hostScope) {
      const { services } = createTargetServices(gateway.db.dataSource, new TypeOrmInventoryReader(gateway.db.dataSource), {
        policy: { hostScope: c.hostScope },
      });
      const { answer } = await services.migrationTargets(handles.vms[c.vm], [handles.hosts[c.host]]);
      const host = answer.hosts[0];
      return {
        host: { name: host.host.name },
        suitable: host.suitable,
        requiresStorageMotion: host.requiresStorageMotion,
        reasons: host.reasons,
        notes: host.notes,
        volumes: [] as any[],
      };
    }
    const result = await gateway.execute(TARGETS_QUERY, { vmId: handles.vms[c.vm], hostIds: [handles.hosts[c.host]] });
    expect(result.errors).toBeUndefined();
    expect(result.data!.migrationTargets.hosts).toHaveLength(1);
    return result.data!.migrationTargets.hosts[0];
  }

  it.each(DEMO_TARGET_CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const host = await hostTarget(c);
    expect(host.host.name).toBe(c.host);
    expect({ suitable: host.suitable, requiresStorageMotion: host.requiresStorageMotion, reasons: codes(host.reasons), notes: codes(host.notes) }).toEqual({
      suitable: c.suitable,
      requiresStorageMotion: c.requiresStorageMotion,
      reasons: c.reasons,
      notes: c.notes ?? [],
    });
    for (const reason of host.reasons) expect(reason.message).toContain(c.host);
    for (const expected of c.pools ?? []) {
      const volume = host.volumes.find((v: any) => (expected.disk === 'ROOT' ? v.volume.type === 'ROOT' : v.volume.name.endsWith('DATA-1')));
      const pool = volume.pools.find((p: any) => p.pool.name === expected.pool);
      expect(pool, `${expected.pool} listed for ${expected.disk}`).toBeDefined();
      expect({ suitable: pool.suitable, reasons: codes(pool.reasons) }).toEqual({ suitable: expected.suitable, reasons: expected.reasons });
      if (expected.cloneMode) expect(pool.cloneMode).toBe(expected.cloneMode);
      if (expected.cloneModeReason) expect(pool.cloneModeReason).toBe(expected.cloneModeReason);
      if (expected.templateStaging) expect(pool.templateStaging.kind).toBe(expected.templateStaging);
    }
  });

  it('lists every other KVM host of the zone for a VM, suitable first, by name, and the same host answers alike with or without hostIds', async () => {
    const all = await gateway.execute(TARGETS_QUERY, { vmId: handles.vms['web-01'] });
    expect(all.errors).toBeUndefined();
    const hosts = all.data!.migrationTargets.hosts;
    expect(hosts.map((h: any) => [h.host.name, h.suitable])).toEqual([
      ['kvm-a2', true],
      ['kvm-a3', true],
      ['kvm-b1', true],
      ['kvm-b2', true],
      ['kvm-b3', true],
      ['kvm-a4', false],
      ['kvm-arm1', false],
      ['kvm-b4', false],
      ['kvm-b5', false],
    ]);
    expect(all.data!.migrationTargets.vm).toEqual({ id: handles.vms['web-01'], name: 'web-01' });
    expect(codes(all.data!.migrationTargets.notes)).toEqual(['OUTSIDE_SUBSET_CHECKS']);
    const one = await gateway.execute(TARGETS_QUERY, { vmId: handles.vms['web-01'], hostIds: [handles.hosts['kvm-b5']] });
    expect(one.data!.migrationTargets.hosts).toEqual([hosts.find((h: any) => h.host.name === 'kvm-b5')]);
  });

  it('reports the allocated capacity of the full host against its overprovisioned totals (T20)', async () => {
    const result = await gateway.execute(TARGETS_QUERY, { vmId: handles.vms['web-01'], hostIds: [handles.hosts['kvm-b5']] });
    // kvm-b5: 8 x 2000 MHz x cpuOvercommitRatio 2.0, 32 GiB x 1.0; two 8 x 2000 MHz, 16 GiB VMs on it.
    expect(result.data!.migrationTargets.hosts[0]).toMatchObject({
      cpuAllocatedMhz: 32_000,
      cpuWithOverprovisioningMhz: 32_000,
      cpuAllocatedPercent: 100,
      memoryAllocatedBytes: 32 * 1024 ** 3,
      memoryWithOverprovisioningBytes: 32 * 1024 ** 3,
      memoryAllocatedPercent: 100,
    });
  });

  it("answers storagePoolsForMigration suitable first by name, the volume's own pool left out (T27-T29)", async () => {
    const vm = await gateway.execute(`query($id: ID!) { virtualMachine(id: $id) { volumes { id type } } }`, { id: handles.vms['web-01'] });
    const root = vm.data!.virtualMachine.volumes.find((v: any) => v.type === 'ROOT').id;
    const result = await gateway.execute(
      `query($id: ID!) { storagePoolsForMigration(volumeId: $id) { pool { name } suitable reasons { code } cloneMode templateStaging { kind } } }`,
      { id: root },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.storagePoolsForMigration.map((p: any) => [p.pool.name, p.suitable, codes(p.reasons)])).toEqual([
      ['ceph-rbd-z1', true, []],
      ['local-kvm-a1', true, []],
      ['nfs-a2', true, []],
      ['powerflex-z1', null, ['MANAGED_POOL_UNDECIDABLE']],
      ['local-kvm-a2', false, ['LOCAL_POOL_OF_ANOTHER_HOST']],
      ['local-kvm-a3', false, ['LOCAL_POOL_OF_ANOTHER_HOST']],
      ['gfs2-a', false, ['POOL_USED_ABOVE_THRESHOLD']],
    ]);
    expect(result.data!.storagePoolsForMigration.every((p: any) => p.cloneMode === null && p.templateStaging === null)).toBe(true);
  });
});
