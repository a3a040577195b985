import { describe, expect, it } from 'vitest';
import { judgePools, poolVerdict } from '../../../../src/domain/targets/pool-suitability';
import type { AllocationPlan } from '../../../../src/domain/targets/pool-selection';
import { makeDiskOffering, makeStorage, makeTargetCluster, makeTargetPool, tag } from '../../../factories/migration-targets.factory';
import { makePoolRef, makeTemplate, makeVolume } from '../../../factories/migration-snapshot.factory';
import { codes } from './targets-helpers';

const GiB = 1024 ** 3;
const TiB = 1024 * GiB;
const planFromHost = (overrides: Partial<AllocationPlan> = {}): AllocationPlan => ({
  zoneId: 1,
  podId: 1,
  clusterId: 2,
  hostId: 3,
  bypassStorageTypeCheck: false,
  hypervisorType: 'KVM',
  ...overrides,
});
const volume = makeVolume(); // 10 GiB ROOT on pool 100, template 500 (2 GiB), offering 1
const verdictOf = (pool = makeTargetPool({ id: 300 }), storage = makeStorage(), v = volume, plan = planFromHost()) => poolVerdict(v, pool, plan, storage);

describe('storage pool allocators', () => {
  describe('T21 which allocator looks', () => {
    const pools = [
      makeTargetPool({ id: 100 }),
      makeTargetPool({ id: 300 }),
      makeTargetPool({ id: 301, podId: 2 }),
      makeTargetPool({ id: 310, clusterId: 2, scope: 'HOST', poolType: 'Filesystem' }),
      makeTargetPool({ id: 311, clusterId: 2, scope: 'HOST', poolType: 'Filesystem' }),
      makeTargetPool({ id: 400, scope: 'ZONE', clusterId: null, podId: null, hypervisor: 'KVM' }),
      makeTargetPool({ id: 401, scope: 'ZONE', clusterId: null, podId: null, hypervisor: 'Any' }),
      makeTargetPool({ id: 402, scope: 'ZONE', clusterId: null, podId: null, hypervisor: 'VMware' }),
      makeTargetPool({ id: 403, zoneId: 2, scope: 'ZONE', clusterId: null, podId: null, hypervisor: 'KVM' }),
      makeTargetPool({ id: 302, removed: new Date() }),
    ];
    const localPoolHosts = new Map([
      [310, [3]],
      [311, [4]],
    ]);
    const ids = (offering = makeDiskOffering(), plan = planFromHost()) =>
      judgePools(volume, plan, makeStorage({ pools, localPoolHosts, diskOfferings: [offering] })).map((t) => t.pool.id);

    it("a shared offering: cluster pools of the plan's pod and cluster, zone pools of the hypervisor or Any", () => {
      expect(ids()).toEqual([300, 400, 401]);
    });

    it("a local offering: only the host's own local pools (storage_pool_host_ref)", () => {
      expect(ids(makeDiskOffering({ useLocalStorage: true }))).toEqual([310]);
    });

    it('bypassStorageTypeCheck without a host: shared pools and the local pools of the cluster', () => {
      expect(ids(makeDiskOffering(), planFromHost({ hostId: null, bypassStorageTypeCheck: true }))).toEqual([300, 310, 311, 400, 401]);
    });

    it('ClusterScope returns nothing without a pod', () => {
      expect(ids(makeDiskOffering(), planFromHost({ podId: null }))).toEqual([400, 401]);
    });

    it('reports a pool that is not Up as unsuitable rather than leaving it out', () => {
      expect(codes(verdictOf(makeTargetPool({ id: 300, status: 'Maintenance' })))).toEqual(['POOL_NOT_UP']);
    });
  });

  describe('T22 storage tags', () => {
    const tagged = makeStorage({ diskOfferings: [makeDiskOffering({ tags: 'ssd,fast' })], poolTags: [tag(300, 'SSD'), tag(300, 'fast'), tag(301, 'ssd')] });

    it("a tagged offering needs all its tags among the pool's plain tags", () => {
      expect(verdictOf(makeTargetPool({ id: 300 }), tagged).suitable).toBe(true);
      const missing = verdictOf(makeTargetPool({ id: 301 }), tagged);
      expect(codes(missing)).toEqual(['STORAGE_TAG_MISSING']);
      expect(missing.reasons[0].message).toContain('fast');
    });

    it('an untagged offering accepts plain-tagged pools', () => {
      expect(verdictOf(makeTargetPool({ id: 300 }), makeStorage({ poolTags: [tag(300, 'ssd')] })).suitable).toBe(true);
    });

    it('a tag rule is undecidable (JavaScript), with or without offering tags (T32)', () => {
      const rule = [tag(300, "tags.indexOf('ssd') >= 0", true)];
      expect(verdictOf(makeTargetPool({ id: 300 }), makeStorage({ poolTags: rule }))).toMatchObject({ suitable: null });
      expect(codes(verdictOf(makeTargetPool({ id: 300 }), makeStorage({ poolTags: rule, diskOfferings: [makeDiskOffering({ tags: 'ssd' })] })))).toEqual([
        'STORAGE_TAG_RULE',
      ]);
    });
  });

  describe('T23 pool filter', () => {
    it('refuses an encrypted volume on a pool type without encryption support', () => {
      const storage = makeStorage({ diskOfferings: [makeDiskOffering({ encrypt: true })] });
      expect(codes(verdictOf(makeTargetPool({ id: 300, poolType: 'RBD' }), storage))).toEqual(['ENCRYPTION_NOT_SUPPORTED']);
      expect(verdictOf(makeTargetPool({ id: 300 }), storage).suitable).toBe(true);
    });

    it("needs the cluster's hypervisor to be the volume's, and a zone pool's to be none, Any or the same", () => {
      const storage = makeStorage({ clusters: [makeTargetCluster({ id: 1 }), makeTargetCluster({ id: 2, hypervisorType: 'VMware' })] });
      expect(codes(verdictOf(makeTargetPool({ id: 300 }), storage))).toEqual(['HYPERVISOR_MISMATCH']);
      const zoneNull = makeTargetPool({ id: 400, scope: 'ZONE', clusterId: null, hypervisor: null });
      expect(verdictOf(zoneNull).suitable).toBe(true);
    });

    it("cannot decide managed storage: scaling and used bytes are the driver's (T32)", () => {
      const flex = makeTargetPool({ id: 400, managed: true, poolType: 'PowerFlex', scope: 'ZONE', clusterId: null, hypervisor: 'KVM', capacityBytes: 1 });
      expect(verdictOf(flex)).toMatchObject({ suitable: null });
      expect(codes(verdictOf(flex))).toEqual(['MANAGED_POOL_UNDECIDABLE']);
    });

    it("checks IOPS: none recorded is fine, else used + the volume's minimum must fit", () => {
      const iopsVolume = makeVolume({ minIops: 500 });
      const pool = makeTargetPool({ id: 300, capacityIops: 1000 });
      expect(poolVerdict(iopsVolume, pool, planFromHost(), makeStorage({ poolUsage: new Map([[300, { allocatedBytes: 0, usedIops: 500 }]]) })).suitable).toBe(
        true,
      );
      expect(codes(poolVerdict(iopsVolume, pool, planFromHost(), makeStorage({ poolUsage: new Map([[300, { allocatedBytes: 0, usedIops: 501 }]]) })))).toEqual([
        'IOPS_CAPACITY',
      ]);
    });
  });

  describe('T24 space', () => {
    const usage = (allocatedBytes: number) => new Map([[300, { allocatedBytes, usedIops: 0 }]]);

    it('refuses a pool whose used bytes reach the used threshold (>=)', () => {
      expect(codes(verdictOf(makeTargetPool({ id: 300, usedBytes: 0.85 * TiB })))).toEqual(['POOL_USED_ABOVE_THRESHOLD']);
      expect(verdictOf(makeTargetPool({ id: 300, usedBytes: 0.84 * TiB })).suitable).toBe(true);
    });

    it('counts the volume and its template (not yet on the pool) against the overprovisioned capacity (strict >)', () => {
      // NFS overprovisions x2: 2 TiB; threshold 0.85 -> 1,869.6 GiB. Asking: 10 GiB + 2 GiB template.
      const limit = 0.85 * 2 * TiB;
      expect(verdictOf(makeTargetPool({ id: 300 }), makeStorage({ poolUsage: usage(limit - 12 * GiB) })).suitable).toBe(true);
      expect(codes(verdictOf(makeTargetPool({ id: 300 }), makeStorage({ poolUsage: usage(limit - 11 * GiB) })))).toEqual(['POOL_ALLOCATED_ABOVE_THRESHOLD']);
      // With the template already on the pool only the volume counts.
      const withRef = makeStorage({ poolUsage: usage(limit - 11 * GiB), templatePoolRefs: [makePoolRef({ poolId: 300 })] });
      expect(verdictOf(makeTargetPool({ id: 300 }), withRef).suitable).toBe(true);
    });

    it("does not overprovision pool types without support, and honours a pool's own factor and thresholds", () => {
      const clvm = makeTargetPool({ id: 300, poolType: 'CLVM' });
      expect(codes(verdictOf(clvm, makeStorage({ poolUsage: usage(0.9 * TiB) })))).toEqual(['POOL_ALLOCATED_ABOVE_THRESHOLD']);
      const details = new Map([
        [
          300,
          new Map([
            ['storage.overprovisioning.factor', '4'],
            ['pool.storage.allocated.capacity.disablethreshold', '0.95'],
          ]),
        ],
      ]);
      expect(verdictOf(makeTargetPool({ id: 300 }), makeStorage({ poolUsage: usage(3.5 * TiB), poolDetails: details })).suitable).toBe(true);
    });

    it("refuses a pool that cannot hold the volume at all, and asks nothing for the volume's own pool", () => {
      const small = makeTargetPool({ id: 300, capacityBytes: 5 * GiB });
      expect(codes(verdictOf(small, makeStorage({ settings: { poolAllocatedThreshold: 10 } })))).toEqual(['POOL_CAPACITY']);
      const own = makeTargetPool({ id: 100, capacityBytes: 10 * GiB });
      expect(
        verdictOf(own, makeStorage({ poolUsage: new Map([[100, { allocatedBytes: 8 * GiB, usedIops: 0 }]]) }), volume, planFromHost({ clusterId: 1 })).suitable,
      ).toBe(true);
    });

    it('cannot decide a pool without a recorded capacity', () => {
      expect(verdictOf(makeTargetPool({ id: 300, capacityBytes: null }))).toMatchObject({ suitable: null });
    });

    it('ignores an ISO template', () => {
      const storage = makeStorage({ poolUsage: usage(0.85 * 2 * TiB - 11 * GiB) });
      const isoStorage = { ...storage, templates: new Map([[500, makeTemplate({ format: 'ISO' })]]) };
      expect(verdictOf(makeTargetPool({ id: 300 }), isoStorage).suitable).toBe(true);
    });
  });
});
