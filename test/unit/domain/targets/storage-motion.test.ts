import { describe, expect, it } from 'vitest';
import { findMigrationTargets } from '../../../../src/domain/targets';
import { makeDiskOffering, makeTargetHost, makeTargetPool, makeTargetsSnapshot, TargetIds } from '../../../factories/migration-targets.factory';
import { makeDataDisk, makePowerFlexPool, makeVolume } from '../../../factories/migration-snapshot.factory';
import { answerOf, codes, hostOf } from './targets-helpers';

const LOCAL_POOL = 150;

describe(findMigrationTargets.name, () => {
  describe('T7 volumes on cluster and local pools', () => {
    it("imposes nothing for a shared pool of the host's own cluster, and requires motion for another cluster", () => {
      const answer = answerOf(makeTargetsSnapshot());
      expect(hostOf(answer, TargetIds.sameClusterHost)).toMatchObject({ suitable: true, requiresStorageMotion: false });
      expect(hostOf(answer, TargetIds.otherClusterHost)).toMatchObject({ suitable: true, requiresStorageMotion: true });
    });

    it('removes every host of another cluster when a volume is on managed cluster storage', () => {
      const pools = [makeTargetPool({ managed: true, poolType: 'Iscsi' }), makeTargetPool({ id: 200 }), makeTargetPool({ id: 300 })];
      const host = hostOf(answerOf(makeTargetsSnapshot({ storage: { pools } })), TargetIds.otherClusterHost);
      expect(host).toMatchObject({ suitable: false, requiresStorageMotion: false });
      expect(codes(host)).toEqual(['MANAGED_CLUSTER_STORAGE']);
    });

    it('requires motion even inside the source cluster when a volume uses a local-storage offering (usesLocal)', () => {
      const local = makeTargetPool({ id: LOCAL_POOL, scope: 'HOST', poolType: 'Filesystem' });
      const localOnHost2 = makeTargetPool({ id: 151, scope: 'HOST', poolType: 'Filesystem' });
      const snapshot = makeTargetsSnapshot({
        volumes: [makeVolume({ poolId: LOCAL_POOL, diskOfferingId: 5 }), makeDataDisk({ id: 1001 })],
        storage: {
          pools: [local, localOnHost2, makeTargetPool({ id: 100 }), makeTargetPool({ id: 200 }), makeTargetPool({ id: 300 })],
          localPoolHosts: new Map([
            [LOCAL_POOL, [1]],
            [151, [2]],
          ]),
          diskOfferings: [makeDiskOffering(), makeDiskOffering({ id: 5, useLocalStorage: true })],
        },
      });
      const answer = answerOf(snapshot);
      expect(hostOf(answer, 2)).toMatchObject({ suitable: true, requiresStorageMotion: true });
      // Host 3 has no local pool: the local-offering volume has nowhere to go (T8 with the host's own local pools only).
      const host3 = hostOf(answer, 3);
      expect(host3.suitable).toBe(false);
      expect(host3.reasons.map((r) => r.code)).toEqual(['NO_SUITABLE_POOL']);
      expect(host3.reasons[0].message).toContain('vol-1000-uuid');
    });

    it('removes a host whose hypervisor version differs without storage motion support', () => {
      const hosts = [makeTargetHost({ id: 1, hypervisorVersion: '8.0' }), makeTargetHost({ id: 3, hypervisorVersion: '9.0' })];
      const capabilities = [
        { hypervisorType: 'KVM', hypervisorVersion: '8.0', maxGuestsLimit: 50, storageMotionSupported: true },
        { hypervisorType: 'KVM', hypervisorVersion: '9.0', maxGuestsLimit: 50, storageMotionSupported: false },
      ];
      expect(codes(hostOf(answerOf(makeTargetsSnapshot({ hosts, storage: { capabilities } })), 3))).toEqual(['HYPERVISOR_WITHOUT_STORAGE_MOTION']);
    });

    it("keeps the storage-motion flag a volume set before a later volume removed the host, as CloudStack's map does", () => {
      const pools = [makeTargetPool(), makeTargetPool({ id: 200 }), makeTargetPool({ id: 300 }), makeTargetPool({ id: 101, managed: true, poolType: 'Iscsi' })];
      const snapshot = makeTargetsSnapshot({ volumes: [makeVolume(), makeDataDisk({ id: 1001, poolId: 101 })], storage: { pools } });
      // Host 2 is kept compatible; host 3 is flagged by the first volume, then removed by the second.
      expect(hostOf(answerOf(snapshot), 3)).toMatchObject({ suitable: false, requiresStorageMotion: true });
    });

    it('reports an empty storage-motion map when no candidate stays compatible (T10 note)', () => {
      const pools = [makeTargetPool({ managed: true, poolType: 'Iscsi', scope: 'HOST' }), makeTargetPool({ id: 300 })];
      const snapshot = makeTargetsSnapshot({ hosts: [makeTargetHost({ id: 1 }), makeTargetHost({ id: 3 })], storage: { pools } });
      expect(hostOf(answerOf(snapshot), 3)).toMatchObject({ suitable: false, requiresStorageMotion: false });
    });
  });

  describe('T8 a suitable pool for the volume from the host', () => {
    it('removes a host of another cluster whose pools are all unsuitable', () => {
      const pools = [makeTargetPool(), makeTargetPool({ id: 200 }), makeTargetPool({ id: 300, status: 'Maintenance' })];
      const host = hostOf(answerOf(makeTargetsSnapshot({ storage: { pools } })), 3);
      expect(host.suitable).toBe(false);
      expect(codes(host)).toEqual(['NO_SUITABLE_POOL']);
      expect(host.volumes[0].pools.map((p) => ({ id: p.pool.id, suitable: p.suitable, codes: codes(p) }))).toEqual([
        { id: 300, suitable: false, codes: ['POOL_NOT_UP'] },
      ]);
    });

    it('is undecidable, not unsuitable, when the only pools left need a JavaScript tag rule (T32)', () => {
      const snapshot = makeTargetsSnapshot({ storage: { poolTags: [{ ownerId: 300, tag: "tags.indexOf('ssd') >= 0", isTagARule: true }] } });
      const host = hostOf(answerOf(snapshot), 3);
      expect(host).toMatchObject({ suitable: null, requiresStorageMotion: true });
      expect(codes(host)).toEqual(['POOL_UNDECIDABLE']);
      expect(host.volumes[0].pools.map((p) => [p.pool.id, p.suitable, codes(p)])).toEqual([[300, null, ['STORAGE_TAG_RULE']]]);
    });

    it("counts the volume's own pool (empty avoid set) but leaves it out of the pools listed", () => {
      const answer = answerOf(makeTargetsSnapshot());
      const volume = hostOf(answer, 2).volumes[0];
      expect(volume.requiresMigration).toBe(false);
      expect(volume.pools.map((p) => p.pool.id)).toEqual([200]);
      expect(hostOf(answer, 3).volumes[0]).toMatchObject({ requiresMigration: true });
    });
  });

  describe('T9 volumes on zone pools', () => {
    it('never removes a host, and leaves a note when a managed zone pool would need its driver to tell', () => {
      const flex = makePowerFlexPool({ id: 400, capacityBytes: 1024 ** 4, usedBytes: 0 });
      const snapshot = makeTargetsSnapshot({
        volumes: [makeVolume({ poolId: 400 })],
        storage: { pools: [flex, makeTargetPool({ id: 200 }), makeTargetPool({ id: 300 })] },
      });
      const answer = answerOf(snapshot);
      expect(hostOf(answer, 3)).toMatchObject({ suitable: true, requiresStorageMotion: false });
      expect(hostOf(answer, 3).notes.map((n) => n.code)).toEqual(['ZONE_POOL_DRIVER_PROPERTY']);
      expect(hostOf(answer, 2).notes).toEqual([]);
    });

    it('requires nothing for a non-managed zone pool', () => {
      const nfs = makeTargetPool({ id: 400, scope: 'ZONE', clusterId: null, podId: null, hypervisor: 'KVM' });
      const answer = answerOf(makeTargetsSnapshot({ volumes: [makeVolume({ poolId: 400 })], storage: { pools: [nfs, makeTargetPool({ id: 300 })] } }));
      expect(hostOf(answer, 3)).toMatchObject({ suitable: true, requiresStorageMotion: false, notes: [] });
    });
  });
});
