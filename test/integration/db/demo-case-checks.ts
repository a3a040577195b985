import { expect } from 'vitest';
import type { DemoMigrationCase } from '../../../src/infra/db/seed/demo-migration-cases';
import { FILE_POOL_TYPES, IMPORT_DUMMY_TEMPLATE_NAMES } from '../../../src/domain/inventory/cloudstack-values';
import type { InventoryIndex } from './inventory-snapshot';

type CaseCheck = (ix: InventoryIndex, c: DemoMigrationCase) => void;

const IN_PROGRESS_SNAPSHOT = ['Creating', 'CreatedOnPrimary', 'BackingUp'];

/** The request's entries resolved to rows: [source volume, source pool, destination pool]. */
function entries(ix: InventoryIndex, c: DemoMigrationCase) {
  const vm = ix.vm(c.vm);
  return c.request.volumes.map(([disk, pool]) => {
    const volume = ix.disk(vm, disk);
    return { volume, source: ix.pool(volume.poolId!), dest: ix.pool(pool) };
  });
}

function expectNfsShortcut(ix: InventoryIndex, c: DemoMigrationCase): void {
  const vm = ix.vm(c.vm);
  const [first] = entries(ix, c);
  const source = ix.host(vm.hostId!);
  const dest = ix.host(c.request.host);
  expect(dest.id).not.toBe(source.id);
  expect(dest.clusterId).toBe(source.clusterId);
  expect(first.source.poolType).toBe('NetworkFilesystem');
  expect([first.dest.poolType, first.dest.scope]).toEqual(['NetworkFilesystem', 'CLUSTER']);
}

/** One assertion per case, on the seeded rows: the situation the case needs is really in the database. */
export const CASE_CHECKS: Record<string, CaseCheck> = {
  'vm-not-running': (ix, c) => {
    expect(ix.vm(c.vm)).toMatchObject({ state: 'Stopped', hostId: null, powerState: 'PowerOff' });
  },
  'source-host-not-kvm': (ix, c) => {
    const vm = ix.vm(c.vm);
    expect(vm.state).toBe('Running');
    expect(ix.host(vm.hostId!).hypervisorType).toBe('XenServer');
  },
  'snapshot-in-progress': (ix, c) => {
    const ids = ix.volumesOf(ix.vm(c.vm)).map((v) => v.id);
    expect(ix.inv.snapshots.some((s) => ids.includes(s.volumeId) && IN_PROGRESS_SNAPSHOT.includes(s.status))).toBe(true);
  },
  'nfs-to-nfs-shortcut': (ix, c) => {
    expectNfsShortcut(ix, c);
    const [root] = entries(ix, c);
    const sourceRef = ix.poolRef(root.source.id, root.volume.templateId!);
    const destRef = ix.poolRef(root.dest.id, root.volume.templateId!);
    // Linked clone on an identical copy: the destination already holds the same backing file (R18).
    expect(destRef?.installPath).toBeTruthy();
    expect(destRef?.installPath).toBe(sourceRef?.installPath);
  },
  'blank-data-disk-full-clone': (ix, c) => {
    expect(ix.disk(ix.vm(c.vm), 'DATA-1')).toMatchObject({ volumeType: 'DATADISK', templateId: null });
  },
  'snapshot-repointed': (ix, c) => {
    const data = ix.disk(ix.vm(c.vm), 'DATA-1');
    expect(ix.inv.snapshots).toContainEqual({ volumeId: data.id, status: 'BackedUp' });
  },
  'template-copy-to-destination': (ix, c) => {
    const [root] = entries(ix, c);
    expect(FILE_POOL_TYPES.has(root.dest.poolType)).toBe(true);
    expect(ix.poolRef(root.dest.id, root.volume.templateId!)).toBeUndefined();
    const store = ix.inv.imageStores.find((s) => s.role === 'Image' && s.removed === null && s.zoneId === ix.vm(c.vm).zoneId)!;
    expect(ix.inv.storeRefs).toContainEqual(expect.objectContaining({ storeId: store.id, templateId: root.volume.templateId, state: 'Ready' }));
  },
  'local-storage-all-file-pools': (ix, c) => {
    const vm = ix.vm(c.vm);
    const pools = ix.volumesOf(vm).map((v) => ix.pool(v.poolId!));
    expect(pools.map((p) => p.poolType)).toEqual(pools.map(() => 'Filesystem'));
    expect(pools.map((p) => p.hostAddress)).toEqual(pools.map(() => ix.host(vm.hostId!).privateIpAddress));
  },
  'destination-backing-differs': (ix, c) => {
    const [root] = entries(ix, c);
    const sourceRef = ix.poolRef(root.source.id, root.volume.templateId!)!;
    const destRef = ix.poolRef(root.dest.id, root.volume.templateId!)!;
    expect(sourceRef.installPath).toBeTruthy();
    expect(destRef.installPath).toBeTruthy();
    expect(destRef.installPath).not.toBe(sourceRef.installPath);
  },
  'shared-mount-point-source': (ix, c) => {
    expect(entries(ix, c)[0].source.poolType).toBe('SharedMountPoint');
  },
  'managed-source-cannot-move': (ix, c) => {
    const [root] = entries(ix, c);
    expect(root.source.managed).toBe(true);
    expect(root.dest.id).not.toBe(root.source.id);
  },
  'same-pool-powerflex-skipped': (ix, c) => {
    const [root, data] = entries(ix, c);
    expect(root.source).toMatchObject({ poolType: 'PowerFlex', managed: true });
    expect(root.dest.id).toBe(root.source.id);
    expect(ix.template(root.volume.templateId!).directDownload).toBe(true);
    // The other entry moves onto managed storage: R5 keeps destinations uniformly managed.
    expect([data.source.managed, data.dest.managed]).toEqual([false, true]);
  },
  'non-file-source-skipped': (ix, c) => {
    expectNfsShortcut(ix, c);
    const skipped = entries(ix, c).filter((e) => !FILE_POOL_TYPES.has(e.source.poolType));
    expect(skipped.map((e) => [e.source.poolType, e.source.managed])).toEqual([['RBD', false]]);
  },
  'no-strategy': (ix, c) => {
    const all = entries(ix, c);
    for (const e of all) {
      expect(FILE_POOL_TYPES.has(e.source.poolType)).toBe(false);
      expect(e.source.managed || e.dest.managed).toBe(false);
    }
  },
  'direct-download-forces-full-clone': (ix, c) => {
    const byDisk = Object.fromEntries(c.request.volumes.map(([disk], i) => [disk, entries(ix, c)[i]]));
    expect(c.request.volumes[0][0]).toBe('DATA-1'); // the DD volume comes second: order must not matter (R10a)
    expect(ix.template(byDisk.ROOT.volume.templateId!).directDownload).toBe(true);
    expect(ix.template(byDisk['DATA-1'].volume.templateId!).directDownload).toBe(false);
    // Pre-PR the ROOT would be staged by direct download (R14): its destination lacks the DD template.
    expect(ix.poolRef(byDisk.ROOT.dest.id, byDisk.ROOT.volume.templateId!)).toBeUndefined();
    expect(ix.inv.storeRefs.filter((r) => r.templateId === byDisk.ROOT.volume.templateId)).toEqual([]);
  },
  'removed-direct-download-template': (ix, c) => {
    const root = ix.disk(ix.vm(c.vm), 'ROOT');
    expect(ix.template(root.templateId!)).toMatchObject({ directDownload: true, removed: expect.any(Date) });
  },
  'imported-vm': (ix, c) => {
    const vm = ix.vm(c.vm);
    expect(IMPORT_DUMMY_TEMPLATE_NAMES.has(ix.template(vm.templateId!).name)).toBe(true);
    expect(ix.disk(vm, 'ROOT').templateId).toBe(vm.templateId);
  },
  'data-disk-with-template': (ix, c) => {
    const [data] = entries(ix, c);
    expect(data.volume.volumeType).toBe('DATADISK');
    expect(data.volume.templateId).not.toBeNull();
    expect(ix.poolRef(data.source.id, data.volume.templateId!)?.installPath).toBeTruthy();
  },
  'path-differs-from-uuid': (ix, c) => {
    const root = ix.disk(ix.vm(c.vm), 'ROOT');
    expect(root.path).not.toBe(root.uuid);
    const previous = ix.inv.volumes.find((v) => v.id === root.lastId)!;
    expect(previous).toMatchObject({ uuid: null, instanceId: null, state: 'Expunged', path: root.uuid, poolId: root.lastPoolId });
    expect(previous.removed).toBeInstanceOf(Date);
  },
  'windows-guest': (ix, c) => {
    const vm = ix.vm(c.vm);
    expect(ix.categoryOf(vm).toLowerCase()).toBe('windows');
    const [root] = entries(ix, c);
    expect(ix.poolRef(root.dest.id, root.volume.templateId!)).toBeUndefined();
  },
};
