import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_POOL_TYPES } from '../../../src/domain/inventory/cloudstack-values';
import { DEMO_TEMPLATES } from '../../../src/infra/db/seed/demo-catalog';
import { demoHandles, type DemoInventorySummary, isDatabaseEmpty, seedDemoInventory } from '../../../src/infra/db/seed/demo-inventory';
import { DEMO_MIGRATION_CASES } from '../../../src/infra/db/seed/demo-migration-cases';
import { DEMO_DISK_OFFERINGS, DEMO_SERVICE_OFFERINGS } from '../../../src/infra/db/seed/demo-offerings';
import { DEMO_CLUSTERS, DEMO_HOSTS, DEMO_POOLS } from '../../../src/infra/db/seed/demo-topology';
import { DEMO_VMS } from '../../../src/infra/db/seed/demo-vms';
import { SequenceName } from '../../../src/infra/db/sequence-allocator';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database';
import { sequenceValue } from './db-helpers';
import { CASE_CHECKS } from './demo-case-checks';
import { InventoryIndex, type InventorySnapshot, loadInventory } from './inventory-snapshot';

describe.each(DATABASE_KINDS)('demo inventory on %s', (kind) => {
  let db: TestDatabase;
  let summary: DemoInventorySummary;
  let inv: InventorySnapshot;
  let ix: InventoryIndex;
  let emptyBefore: boolean;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    emptyBefore = await isDatabaseEmpty(db.dataSource);
    summary = await seedDemoInventory(db.dataSource);
    inv = await loadInventory(db.dataSource);
    ix = new InventoryIndex(inv);
  });
  afterAll(async () => db?.dispose());

  const live = <T extends { removed: Date | null }>(rows: T[]) => rows.filter((r) => r.removed === null);

  describe('loading', () => {
    it('goes only into an empty database, and a second attempt changes nothing', async () => {
      expect(emptyBefore).toBe(true);
      expect(await isDatabaseEmpty(db.dataSource)).toBe(false);
      await expect(seedDemoInventory(db.dataSource)).rejects.toThrow(/already has a zone/);
      expect((await loadInventory(db.dataSource)).volumes).toHaveLength(inv.volumes.length);
    });

    it('reports the rows it wrote per table and the uuids of the named objects', () => {
      expect(summary.counts).toMatchObject({
        data_center: 1,
        host_pod_ref: 1,
        cluster: DEMO_CLUSTERS.length,
        host: DEMO_HOSTS.length,
        storage_pool: DEMO_POOLS.length,
        image_store: 1,
        vm_template: DEMO_TEMPLATES.length,
        vm_instance: DEMO_VMS.length,
        volumes: inv.volumes.length,
        template_spool_ref: inv.poolRefs.length,
        template_store_ref: 3,
        snapshots: 2,
        domain: 3,
        account: 7,
        // Migration targets: two ratios per cluster, three capacity rows (memory, CPU, cores) per host.
        cluster_details: 2 * DEMO_CLUSTERS.length,
        op_host_capacity: 3 * DEMO_HOSTS.length,
        service_offering: DEMO_SERVICE_OFFERINGS.length,
        disk_offering: DEMO_DISK_OFFERINGS.length,
      });
      expect(summary.handles).toEqual(demoHandles());
      expect(inv.vms.find((v) => v.name === 'web-01')?.uuid).toBe(summary.handles.vms['web-01']);
      expect(inv.pools.find((p) => p.name === 'powerflex-z1')?.uuid).toBe(summary.handles.pools['powerflex-z1']);
      expect(inv.hosts.find((h) => h.name === 'kvm-a1')?.uuid).toBe(summary.handles.hosts['kvm-a1']);
    });

    it('looks like a real zone: a few dozen VMs, several with data disks, some stopped, some Windows', () => {
      expect(live(inv.vms).length).toBeGreaterThanOrEqual(30);
      expect(live(inv.volumes).filter((v) => v.volumeType === 'DATADISK').length).toBeGreaterThanOrEqual(15);
      expect(live(inv.vms).filter((v) => v.state === 'Stopped').length).toBeGreaterThanOrEqual(3);
      expect(live(inv.vms).filter((v) => ix.categoryOf(v) === 'Windows').length).toBeGreaterThanOrEqual(3);
    });

    it('takes vm_instance, volumes, vm_template, storage_pool and image_store ids from `sequence` and advances it', async () => {
      const tables = [
        [SequenceName.VmInstance, inv.vms, 1],
        [SequenceName.Volume, inv.volumes, 1],
        [SequenceName.VmTemplate, inv.templates, 200],
        [SequenceName.StoragePool, inv.pools, 200],
        [SequenceName.ImageStore, inv.imageStores, 1],
      ] as const;
      for (const [sequence, rows, first] of tables) {
        const ids = rows.map((r) => r.id).sort((a, b) => a - b);
        expect(ids).toEqual(Array.from({ length: rows.length }, (_, i) => first + i));
        expect(await sequenceValue(db.dataSource, sequence)).toBe(first + rows.length);
      }
    });
  });

  describe('invariants', () => {
    it('puts every volume on an existing pool, and every VM volume on a pool its host can reach', () => {
      for (const volume of inv.volumes) expect(inv.pools.some((p) => p.id === volume.poolId && p.removed === null)).toBe(true);
      for (const vm of live(inv.vms)) {
        const host = ix.host(vm.hostId ?? vm.lastHostId!);
        for (const volume of ix.volumesOf(vm)) {
          const pool = ix.pool(volume.poolId!);
          if (pool.scope === 'HOST') expect(pool.hostAddress, `${vm.name} on ${pool.name}`).toBe(host.privateIpAddress);
          if (pool.scope !== 'ZONE') expect(pool.clusterId, `${vm.name} on ${pool.name}`).toBe(host.clusterId);
          const connected = inv.poolHostRefs.some((r) => r.poolId === pool.id && r.hostId === host.id);
          expect(connected, `${pool.name} mounted on ${host.name}`).toBe(true);
        }
      }
    });

    it('runs every Running VM on an Up Routing host, KVM except the one XenServer VM', () => {
      const running = live(inv.vms).filter((v) => v.state === 'Running');
      expect(running.length).toBeGreaterThan(20);
      for (const vm of running) {
        const host = ix.host(vm.hostId!);
        expect(host).toMatchObject({ status: 'Up', type: 'Routing', resourceState: 'Enabled', removed: null });
        expect(vm.hypervisorType).toBe(host.hypervisorType);
        expect(vm.podId).toBe(host.podId);
      }
      expect(running.filter((v) => ix.host(v.hostId!).hypervisorType !== 'KVM').map((v) => v.name)).toEqual(['xen-legacy-01']);
      expect(inv.hosts.filter((h) => h.hypervisorType === 'KVM').map((h) => h.privateIpAddress)).toEqual(
        expect.arrayContaining(['10.1.1.11', '10.1.1.12', '10.1.1.13', '10.1.1.21', '10.1.1.22', '10.1.1.23']),
      );
    });

    it('gives every VM one ROOT disk (device 0) from its template, named i-<account>-<id>-VM', () => {
      for (const vm of live(inv.vms)) {
        expect(vm.instanceName).toBe(`i-${vm.accountId}-${vm.id}-VM`);
        expect(vm.domainId).toBe(inv.accounts.find((a) => a.id === vm.accountId)!.domainId);
        const roots = ix.volumesOf(vm).filter((v) => v.volumeType === 'ROOT');
        expect(roots).toHaveLength(1);
        const pool = ix.pool(roots[0].poolId!);
        expect(roots[0]).toMatchObject({ deviceId: 0, templateId: vm.templateId, state: 'Ready', poolType: pool.poolType });
        expect(roots[0].uuid).toBeTruthy();
      }
    });

    it('names volumes by uuid on file and RBD pools and by PowerFlex volume (iscsi_name) on managed storage', () => {
      for (const volume of live(inv.volumes)) {
        const pool = ix.pool(volume.poolId!);
        if (pool.poolType === 'PowerFlex') {
          expect(volume.iscsiName).toMatch(/^[0-9a-f]{16}:vol-\d+-[0-9a-f]{8}$/);
          expect(volume.path).toBe(volume.iscsiName);
          expect(volume.format).toBe('RAW');
        } else if (volume.lastId === null) {
          expect(volume.path).toBe(volume.uuid);
          expect(volume.iscsiName).toBeNull();
        }
        if (FILE_POOL_TYPES.has(pool.poolType)) expect(volume.format).toBe(pool.clusterId === 3 ? 'VHD' : 'QCOW2');
      }
    });

    it('has at least one live volume on every pool type, and blank data disks without a template', () => {
      const types = new Set(live(inv.volumes).map((v) => v.poolType));
      for (const type of ['NetworkFilesystem', 'Filesystem', 'SharedMountPoint', 'PowerFlex', 'RBD']) expect(types).toContain(type);
      expect(live(inv.volumes).some((v) => v.volumeType === 'DATADISK' && v.templateId === null)).toBe(true);
    });

    it('keeps direct-download templates off the image store, and regular ones on it, Ready', () => {
      for (const template of inv.templates) {
        const refs = inv.storeRefs.filter((r) => r.templateId === template.id);
        if (template.directDownload) {
          expect(refs, template.name).toEqual([]);
          expect(template.url).toMatch(/^http:\/\//);
        } else if (template.type === 'USER') {
          expect(refs).toHaveLength(1);
          expect(refs[0]).toMatchObject({ storeId: inv.imageStores[0].id, state: 'Ready', downloadState: 'DOWNLOADED', downloadPct: 100 });
          expect(refs[0].installPath).toMatch(new RegExp(`^template/tmpl/2/${template.id}/[0-9a-f-]{36}\\.(qcow2|vhd)$`));
        }
      }
      expect(inv.imageStores).toEqual([expect.objectContaining({ role: 'Image', scope: 'ZONE', providerName: 'NFS', removed: null })]);
    });

    it('keeps the removed direct-download template backing live volumes and staged on pools', () => {
      const removed = inv.templates.filter((t) => t.directDownload && t.removed !== null);
      expect(removed).toHaveLength(1);
      expect(live(inv.volumes).filter((v) => v.templateId === removed[0].id).length).toBeGreaterThanOrEqual(2);
      expect(inv.poolRefs.some((r) => r.templateId === removed[0].id)).toBe(true);
      for (const vm of live(inv.vms).filter((v) => v.templateId === removed[0].id)) expect(vm.created < removed[0].removed!).toBe(true);
    });

    it('has the template on the pool of every ROOT disk (its backing file), except for the import dummy', () => {
      for (const vm of live(inv.vms)) {
        const root = ix.disk(vm, 'ROOT');
        const ref = ix.poolRef(root.poolId!, root.templateId!);
        if (ix.template(vm.templateId!).name === 'kvm-default-vm-import-dummy-template') expect(ref).toBeUndefined();
        else expect(ref, vm.name).toMatchObject({ state: 'Ready', downloadState: 'DOWNLOADED', downloadPct: 100, deploymentOption: null });
      }
    });

    it('leaves the regular template missing on some file pools, so migration must copy it (R15)', () => {
      const ubuntu = inv.templates.find((t) => t.name === 'ubuntu-22.04')!;
      const filePools = live(inv.pools).filter((p) => FILE_POOL_TYPES.has(p.poolType) && p.clusterId !== 3);
      const without = filePools.filter((p) => !ix.poolRef(p.id, ubuntu.id)).map((p) => p.name);
      expect(without).toEqual(expect.arrayContaining(['nfs-b2', 'local-kvm-a2']));
      expect(without.length).toBeLessThan(filePools.length);
    });

    it('connects each local pool to its own host only, and shared pools to every host they serve', () => {
      for (const pool of inv.pools) {
        const refs = inv.poolHostRefs.filter((r) => r.poolId === pool.id);
        if (pool.scope === 'HOST') {
          expect(refs).toEqual([expect.objectContaining({ hostId: inv.hosts.find((h) => h.privateIpAddress === pool.hostAddress)!.id, localPath: pool.path })]);
        } else {
          const served = inv.hosts.filter((h) => (pool.scope === 'CLUSTER' ? h.clusterId === pool.clusterId : h.hypervisorType === pool.hypervisor));
          expect(refs.map((r) => r.hostId).sort()).toEqual(served.map((h) => h.id).sort());
        }
      }
    });

    it('has a root admin, a domain admin and users owning VMs in two subdomains', () => {
      const domainOf = (id: number | null) => inv.domains.find((d) => d.id === id)!;
      expect(inv.accounts.find((a) => a.accountName === 'admin')).toMatchObject({ type: 1, domainId: 1 });
      expect(domainOf(1)).toMatchObject({ name: 'ROOT', parentId: null });
      expect(inv.accounts.filter((a) => a.type === 2).map((a) => domainOf(a.domainId).path)).toEqual(['/ROOT/engineering/']);
      const userDomains = new Set(
        live(inv.vms)
          .filter((v) => inv.accounts.find((a) => a.id === v.accountId)!.type === 0)
          .map((v) => domainOf(v.domainId).path),
      );
      expect([...userDomains].sort()).toEqual(['/ROOT/engineering/', '/ROOT/finance/']);
    });
  });

  describe('migration cases (shared/reference/kvm-storage-migration.md)', () => {
    it('has a check for every case, and every rule the cases cite is a rule of the reference', () => {
      expect(Object.keys(CASE_CHECKS).sort()).toEqual(DEMO_MIGRATION_CASES.map((c) => c.id).sort());
      const rules = new Set(DEMO_MIGRATION_CASES.flatMap((c) => c.rules));
      for (const rule of ['R1', 'R2', 'R3', 'R4', 'R5', 'R7', 'R8', 'R10', 'R10a', 'R13', 'R14', 'R15', 'R18', 'R21', 'R27', 'R30', 'R35']) {
        expect(rules).toContain(rule);
      }
    });

    it.each(DEMO_MIGRATION_CASES.map((c) => [c.id, c] as const))('sets up %s', (_id, c) => {
      // The request itself must be well-formed: an Up KVM destination, existing pools, the VM's own disks.
      expect(ix.host(c.request.host)).toMatchObject({ status: 'Up', hypervisorType: 'KVM' });
      for (const [, pool] of c.request.volumes) expect(ix.pool(pool).removed).toBeNull();
      CASE_CHECKS[c.id](ix, c);
    });
  });
});
