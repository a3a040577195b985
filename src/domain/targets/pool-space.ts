import type { StoragePoolRecord, TemplateRecord, VolumeRecord } from '../inventory/records';
import { OVERPROVISIONING_POOL_TYPES } from './pool-type-properties';
import type { TargetSettings } from './targets-snapshot';
import { combine, SUITABLE, TargetReasonCode as Code, undecidable, unsuitable, type Verdict } from './target-reason';
import type { PoolUsage } from './target-records';

const ISO_FORMAT = 'ISO';

/** What T24 needs to know about the volume's template on this pool. */
export interface TemplateOnPool {
  /** The volume's template (removed rows included), null without one. */
  template: TemplateRecord | null;
  /** A `template_spool_ref` row (pool, template) exists. */
  onPool: boolean;
}

/**
 * T24 (`storagePoolHasEnoughSpace`, `getAllocatedPoolCapacity`), for a non-managed pool:
 * used bytes below `pool.storage.capacity.disablethreshold` (`>=` fails), and allocated + asking
 * within the overprovisioned capacity and below `pool.storage.allocated.capacity.disablethreshold`
 * (strict `>` fails). Both thresholds and the factor: the pool's `storage_pool_details` row, else
 * the global value ([uncertain]: a zone-level value is not read, data_center_details is outside the subset).
 */
export function poolSpaceVerdict(
  volume: VolumeRecord,
  pool: StoragePoolRecord,
  usage: PoolUsage | undefined,
  template: TemplateOnPool,
  details: ReadonlyMap<string, string> | undefined,
  settings: TargetSettings,
  name: string,
): Verdict {
  if (pool.capacityBytes === null || pool.capacityBytes <= 0) {
    return undecidable(Code.PoolCapacityUnknown, `Pool ${name} has no capacity recorded (capacity_bytes), so its free space is unknown.`);
  }
  const usedThreshold = numberDetail(details, 'pool.storage.capacity.disablethreshold') ?? settings.poolUsedThreshold;
  const allocatedThreshold = numberDetail(details, 'pool.storage.allocated.capacity.disablethreshold') ?? settings.poolAllocatedThreshold;
  const factor = OVERPROVISIONING_POOL_TYPES.has(pool.poolType)
    ? (numberDetail(details, 'storage.overprovisioning.factor') ?? settings.storageOverprovisioningFactor)
    : 1;

  const used = pool.usedBytes ?? 0;
  const usedCheck =
    used / pool.capacityBytes >= usedThreshold
      ? unsuitable(
          Code.PoolUsedAboveThreshold,
          `Pool ${name} is ${percent(used / pool.capacityBytes)} used, at or above the ${percent(usedThreshold)} threshold.`,
        )
      : SUITABLE;

  // A volume already on the pool is counted in `allocated` and asks for nothing more.
  const staying = pool.id === volume.poolId;
  const templateBytes = template.template !== null && !template.onPool && template.template.format !== ISO_FORMAT ? (template.template.size ?? 0) : 0;
  const asking = staying ? 0 : volume.size + templateBytes;
  const allocated = usage?.allocatedBytes ?? 0;
  const capacity = Math.floor(pool.capacityBytes * factor);
  const after = allocated + asking;
  let allocatedCheck = SUITABLE;
  if (capacity < after) {
    allocatedCheck = unsuitable(
      Code.PoolCapacity,
      `Pool ${name} cannot hold ${after} bytes allocated (${allocated} + ${asking} asked); its capacity is ${capacity} bytes.`,
    );
  } else if (after / capacity > allocatedThreshold) {
    allocatedCheck = unsuitable(
      Code.PoolAllocatedAboveThreshold,
      `Pool ${name} would be ${percent(after / capacity)} allocated (${after} of ${capacity} bytes), above the ${percent(allocatedThreshold)} threshold.`,
    );
  }
  return combine([usedCheck, allocatedCheck]);
}

function numberDetail(details: ReadonlyMap<string, string> | undefined, name: string): number | null {
  const value = details?.get(name);
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && value.trim() !== '' ? n : null;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
