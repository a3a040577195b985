import type { StoragePoolRecord, VmRecord, VolumeRecord } from '../inventory/records';
import type { TargetReason } from './target-reason';
import type { TargetHost } from './target-records';

/** A pool a volume can move to (or why not), as the storage allocators judge it (T21-T24). */
export interface PoolTarget {
  pool: StoragePoolRecord;
  /** null: undecidable from the database (T32). */
  suitable: boolean | null;
  /** Empty when suitable; first failing check first. */
  reasons: TargetReason[];
}

/** T20: allocated capacity against the overprovisioned total. Null where a row or ratio is missing. */
export interface HostAllocation {
  /** CPU `used + reserved`, MHz. */
  cpuAllocatedMhz: number | null;
  /** `cpus × speed × cpuOvercommitRatio`, MHz. */
  cpuWithOverprovisioningMhz: number | null;
  cpuAllocatedPercent: number | null;
  /** MEMORY `used + reserved`, bytes. */
  memoryAllocatedBytes: number | null;
  /** `ram × memoryOvercommitRatio`, bytes. */
  memoryWithOverprovisioningBytes: number | null;
  memoryAllocatedPercent: number | null;
}

/** One VM volume seen from a candidate host. */
export interface VolumeTargets {
  volume: VolumeRecord;
  /** The host cannot reach the volume's pool (a local pool, or a cluster pool of another cluster): a request to it must move the volume. */
  requiresMigration: boolean;
  /** Pools the allocators look at from this host, the volume's own pool left out (as T27), suitable first by name (T29). */
  pools: PoolTarget[];
}

/** One candidate host of `findHostsForMigration` (T19), with why it is not suitable. */
export interface HostTarget {
  host: TargetHost;
  suitable: boolean | null;
  /** T7/T9; stays true once a volume required it (CloudStack's map). */
  requiresStorageMotion: boolean;
  reasons: TargetReason[];
  /** Facts the database cannot decide that do not change `suitable` (T9 driver property). */
  notes: TargetReason[];
  allocation: HostAllocation;
  volumes: VolumeTargets[];
}

export interface MigrationTargetsAnswer {
  vm: VmRecord;
  /** Suitable first, then undecidable, then unsuitable; by name within each (contract order). */
  hosts: HostTarget[];
  /** Facts about the whole answer: checks the gateway cannot make from the database (T15.1, T32). */
  notes: TargetReason[];
}

/** T1-T4 refuse the whole request: the query answers an error with this reason. */
export type MigrationTargetsOutcome = { kind: 'ANSWER'; answer: MigrationTargetsAnswer } | { kind: 'REFUSED'; reason: TargetReason };
