import type { ClusterRecord, StoragePoolRecord, VolumeRecord } from '../inventory/records';
import { ENCRYPTION_POOL_TYPES } from './pool-type-properties';
import { SUITABLE, TargetReasonCode as Code, undecidable, unsuitable, type Verdict } from './target-reason';
import type { DiskOfferingRecord, PoolUsage } from './target-records';

const UP = 'Up';
const ANY_HYPERVISOR = 'any';

/** T21/T28: the allocators only return `Up` pools ([uncertain] for the Local allocator: treated the same). */
export function poolStatusVerdict(pool: StoragePoolRecord, name: string): Verdict {
  return pool.status === UP ? SUITABLE : unsuitable(Code.PoolNotUp, `Pool ${name} is ${pool.status ?? 'in no state'}, not Up.`);
}

/** T23.2: an encrypted volume needs a pool type that supports encryption. */
export function encryptionVerdict(volume: VolumeRecord, offering: DiskOfferingRecord, pool: StoragePoolRecord, name: string): Verdict {
  const encrypted = offering.encrypt || volume.passphraseId !== null;
  if (!encrypted || ENCRYPTION_POOL_TYPES.has(pool.poolType)) return SUITABLE;
  return unsuitable(Code.EncryptionNotSupported, `Pool ${name} (${pool.poolType}) does not support encrypted volumes.`);
}

/** T23.3: a cluster or local pool's cluster runs the disk's hypervisor; a zone pool has none, `Any` or the same. */
export function poolHypervisorVerdict(pool: StoragePoolRecord, cluster: ClusterRecord | undefined, hypervisorType: string | null, name: string): Verdict {
  const wanted = hypervisorType?.toLowerCase() ?? null;
  if (pool.clusterId !== null) {
    const actual = cluster?.hypervisorType ?? null;
    if (actual !== null && actual.toLowerCase() === wanted) return SUITABLE;
    return unsuitable(Code.HypervisorMismatch, `Pool ${name} is in a ${actual ?? 'hypervisor-less'} cluster, the volume needs ${hypervisorType}.`);
  }
  const zoneHypervisor = pool.hypervisor?.toLowerCase() ?? null;
  if (zoneHypervisor === null || zoneHypervisor === ANY_HYPERVISOR || zoneHypervisor === wanted) return SUITABLE;
  return unsuitable(Code.HypervisorMismatch, `Zone pool ${name} serves ${pool.hypervisor}, the volume needs ${hypervisorType}.`);
}

/**
 * T23.5 and T24 on managed storage: whether the pool can scale and its used bytes are the storage
 * driver's answers, not the database's (T32).
 */
export function managedPoolVerdict(pool: StoragePoolRecord, name: string): Verdict {
  if (!pool.managed) return SUITABLE;
  return undecidable(
    Code.ManagedPoolUndecidable,
    `Pool ${name} is managed (${pool.storageProviderName ?? 'unknown provider'}): whether it can take the volume is its storage driver's answer (managedStoragePoolCanScale, used bytes), not the database's.`,
  );
}

/**
 * T23.6: no IOPS limit (`capacity_iops` NULL), or the IOPS in use plus the volume's minimum fit.
 * A volume already on the pool asks for nothing more.
 */
export function iopsVerdict(volume: VolumeRecord, offering: DiskOfferingRecord, pool: StoragePoolRecord, usage: PoolUsage | undefined, name: string): Verdict {
  if (pool.capacityIops === null) return SUITABLE;
  const requested = pool.id === volume.poolId ? 0 : (volume.minIops ?? offering.minIops ?? 0);
  const used = usage?.usedIops ?? 0;
  if (used + requested <= pool.capacityIops) return SUITABLE;
  return unsuitable(Code.IopsCapacity, `Pool ${name} has ${pool.capacityIops - used} IOPS left of ${pool.capacityIops}; the volume needs ${requested}.`);
}
