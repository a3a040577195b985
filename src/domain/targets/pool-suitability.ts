import type { StoragePoolRecord, VolumeRecord } from '../inventory/records';
import type { PoolTarget } from './migration-targets';
import { encryptionVerdict, iopsVerdict, managedPoolVerdict, poolHypervisorVerdict, poolStatusVerdict } from './pool-filter';
import { type AllocationPlan, poolsInPlan } from './pool-selection';
import { poolSpaceVerdict } from './pool-space';
import { storageTagVerdict } from './storage-tags';
import type { StorageSnapshot } from './targets-snapshot';
import { combine, TargetReasonCode as Code, undecidable, type Verdict } from './target-reason';

/**
 * One pool for one volume, every check of the allocators' filter in CloudStack's order: status
 * (T21), tags (T22), encryption, hypervisor, managed storage, IOPS (T23), space (T24). T23.1 (the
 * avoid set) is the caller's; T23.4 (`storagePoolCompatibleWithVolumePool`, datastore clusters) does
 * not apply to KVM pools and is not modelled.
 */
export function poolVerdict(volume: VolumeRecord, pool: StoragePoolRecord, plan: AllocationPlan, storage: StorageSnapshot): Verdict {
  const name = poolLabel(pool);
  const offering = storage.diskOfferings.get(volume.diskOfferingId);
  if (offering === undefined) {
    return undecidable(
      Code.OfferingUndecidable,
      `The disk offering (id ${volume.diskOfferingId}) of volume ${volume.uuid ?? volume.id} is missing, so its tags and size rules are unknown.`,
    );
  }
  const template = volume.templateId === null ? null : (storage.templates.get(volume.templateId) ?? null);
  const onPool = template !== null && storage.templatePoolRefs.some((r) => r.poolId === pool.id && r.templateId === template.id);
  return combine([
    poolStatusVerdict(pool, name),
    storageTagVerdict(offering.tags, storage.poolTags.get(pool.id) ?? [], name),
    encryptionVerdict(volume, offering, pool, name),
    poolHypervisorVerdict(pool, pool.clusterId === null ? undefined : storage.clusters.get(pool.clusterId), plan.hypervisorType, name),
    managedPoolVerdict(pool, name),
    iopsVerdict(volume, offering, pool, storage.poolUsage.get(pool.id), name),
    pool.managed
      ? { suitable: true, reasons: [] }
      : poolSpaceVerdict(volume, pool, storage.poolUsage.get(pool.id), { template, onPool }, storage.poolDetails.get(pool.id), storage.settings, name),
  ]);
}

/**
 * The pools the allocators look at for the volume under the plan (T21), each judged (T22-T24).
 * The volume's own pool is included when the plan reaches it: T8 runs with an empty avoid set.
 */
export function judgePools(volume: VolumeRecord, plan: AllocationPlan, storage: StorageSnapshot): PoolTarget[] {
  const offering = storage.diskOfferings.get(volume.diskOfferingId) ?? { useLocalStorage: false };
  return poolsInPlan(offering, plan, storage).map((pool) => ({ pool, ...poolVerdict(volume, pool, plan, storage) }));
}

/** T8 `hasSuitablePoolsForVolume`: some allocator returns a pool; undecidable when only undecidable pools could. */
export function anyPoolFits(targets: readonly PoolTarget[]): boolean | null {
  if (targets.some((t) => t.suitable === true)) return true;
  return targets.some((t) => t.suitable === null) ? null : false;
}

export function poolLabel(pool: StoragePoolRecord): string {
  return pool.name ?? pool.uuid ?? `#${pool.id}`;
}
