import { describe, expect, it } from 'vitest';
import { findStoragePoolsForMigration } from '../../../../src/domain/targets';
import {
  makeDiskOffering,
  makeTargetCluster,
  makeTargetHost,
  makeTargetPool,
  makeVolumeTargetsSnapshot,
  tag,
} from '../../../factories/migration-targets.factory';
import { makeVm, makeVolume } from '../../../factories/migration-snapshot.factory';
import { codes } from './targets-helpers';

const listed = (snapshot: ReturnType<typeof makeVolumeTargetsSnapshot>) =>
  findStoragePoolsForMigration(snapshot).map((t) => [t.pool.name, t.suitable, codes(t)]);

const pools = [
  makeTargetPool({ id: 100, name: 'own' }),
  makeTargetPool({ id: 200, name: 'b-nfs' }),
  makeTargetPool({ id: 201, name: 'a-nfs' }),
  makeTargetPool({ id: 202, name: 'c-down', status: 'Maintenance' }),
  makeTargetPool({ id: 300, name: 'other-cluster' }),
  makeTargetPool({ id: 150, name: 'local-1', scope: 'HOST', poolType: 'Filesystem', hostAddress: '10.1.1.1' }),
  makeTargetPool({ id: 151, name: 'local-2', scope: 'HOST', poolType: 'Filesystem', hostAddress: '10.1.1.2' }),
  makeTargetPool({ id: 400, name: 'zone-kvm', scope: 'ZONE', clusterId: null, podId: null, hypervisor: 'KVM' }),
  makeTargetPool({ id: 401, name: 'zone-vmware', scope: 'ZONE', clusterId: null, podId: null, hypervisor: 'VMware' }),
];

describe(findStoragePoolsForMigration.name, () => {
  describe('T25 preconditions', () => {
    it('answers nothing for a volume that is not Ready', () => {
      expect(findStoragePoolsForMigration(makeVolumeTargetsSnapshot({ volume: makeVolume({ state: 'Migrating' }), storage: { pools } }))).toEqual([]);
    });

    it("answers nothing for a running VM's volume when its host lacks storage motion, and checks nothing for a stopped VM", () => {
      const noMotion = { pools, capabilities: [] };
      expect(findStoragePoolsForMigration(makeVolumeTargetsSnapshot({ storage: noMotion }))).toEqual([]);
      expect(findStoragePoolsForMigration(makeVolumeTargetsSnapshot({ vm: makeVm({ state: 'Stopped' }), storage: noMotion })).length).toBeGreaterThan(0);
    });
  });

  describe('T26-T27 listed pools', () => {
    it("lists the zone pools of the hypervisor and the pools of the volume's cluster, its own pool left out", () => {
      const names = findStoragePoolsForMigration(makeVolumeTargetsSnapshot({ storage: { pools } }))
        .map((t) => t.pool.name)
        .sort();
      expect(names).toEqual(['a-nfs', 'b-nfs', 'c-down', 'local-1', 'local-2', 'zone-kvm']);
    });

    it("for a zone-pool volume takes the cluster of the VM's host, else of its last host", () => {
      const volume = makeVolume({ poolId: 400 });
      const onHost3 = makeVolumeTargetsSnapshot({ volume, vmHost: makeTargetHost({ id: 3 }), storage: { pools } });
      expect(
        findStoragePoolsForMigration(onHost3)
          .map((t) => t.pool.name)
          .sort(),
      ).toEqual(['other-cluster']);
      const stopped = makeVolumeTargetsSnapshot({
        volume,
        vm: makeVm({ state: 'Stopped', hostId: null }),
        vmHost: null,
        vmLastHost: makeTargetHost({ id: 3 }),
        storage: { pools },
      });
      expect(findStoragePoolsForMigration(stopped).map((t) => t.pool.name)).toEqual(['other-cluster']);
    });

    it('lists every cluster of the hypervisor for a detached volume', () => {
      const detached = makeVolumeTargetsSnapshot({
        volume: makeVolume({ instanceId: null }),
        vm: null,
        vmHost: null,
        storage: { pools, clusters: [makeTargetCluster({ id: 1 }), makeTargetCluster({ id: 2 })] },
      });
      expect(findStoragePoolsForMigration(detached).map((t) => t.pool.name)).toContain('other-cluster');
    });
  });

  describe('T28 suitable pools', () => {
    it("attached: all allocators bypassing the storage type, local pools only on the VM's host", () => {
      const answer = findStoragePoolsForMigration(makeVolumeTargetsSnapshot({ storage: { pools } }));
      const byName = new Map(answer.map((t) => [t.pool.name, t]));
      expect(byName.get('local-1')?.suitable).toBe(true);
      expect(codes(byName.get('local-2')!)).toEqual(['LOCAL_POOL_OF_ANOTHER_HOST']);
      expect(codes(byName.get('c-down')!)).toEqual(['POOL_NOT_UP']);
    });

    it('detached: Up and sharing a tag with the offering, no capacity check', () => {
      const snapshot = makeVolumeTargetsSnapshot({
        volume: makeVolume({ instanceId: null }),
        vm: null,
        vmHost: null,
        storage: {
          pools: [makeTargetPool({ id: 100 }), makeTargetPool({ id: 200, name: 'tagged', capacityBytes: 1 }), makeTargetPool({ id: 201, name: 'untagged' })],
          diskOfferings: [makeDiskOffering({ tags: 'gold,silver' })],
          poolTags: [tag(200, 'SILVER')],
        },
      });
      expect(listed(snapshot)).toEqual([
        ['tagged', true, []],
        ['untagged', false, ['STORAGE_TAG_MISSING']],
      ]);
    });
  });

  describe('T29 order', () => {
    it('puts suitable pools first by name (case-sensitive), the others after them in listing order', () => {
      const ordered = listed(makeVolumeTargetsSnapshot({ storage: { pools } }));
      expect(ordered.map(([name, suitable]) => [name, suitable])).toEqual([
        ['a-nfs', true],
        ['b-nfs', true],
        ['local-1', true],
        ['zone-kvm', true],
        ['local-2', false],
        ['c-down', false],
      ]);
    });
  });
});
