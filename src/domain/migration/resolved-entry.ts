import type { StoragePoolRecord, VolumeRecord } from '../inventory/records';
import type { MigrationSnapshot } from './migration-snapshot';
import type { SkipReason } from './migration-plan';

/** A request entry with its pool rows looked up (null = row missing, R5). */
export interface ResolvedEntry {
  index: number;
  volume: VolumeRecord;
  destinationPoolId: number | null;
  destinationPoolUuid: string;
  sourcePool: StoragePoolRecord | null;
  destinationPool: StoragePoolRecord | null;
}

/** An entry that will be migrated: both pools exist and neither R7 nor R8 skips it. */
export interface MigratedEntry {
  index: number;
  volume: VolumeRecord;
  sourcePool: StoragePoolRecord;
  destinationPool: StoragePoolRecord;
}

/**
 * The outcome of R7/R8 for one entry. Only `MIGRATED` carries a `MigratedEntry`, and only
 * `MigratedEntry` values reach the R10a pre-pass: a skipped entry's template cannot be read there.
 */
export type EntryDisposition = { kind: 'MIGRATED'; entry: MigratedEntry } | { kind: 'SKIPPED'; reason: SkipReason; message: string } | { kind: 'UNRESOLVED' };

/** R10a: pool rows come from the snapshot's map, read once per pool for the whole request. */
export function resolveEntries(snapshot: MigrationSnapshot): ResolvedEntry[] {
  return snapshot.entries.map((entry, index) => ({
    index,
    volume: entry.volume,
    destinationPoolId: entry.destinationPoolId,
    destinationPoolUuid: entry.destinationPoolUuid,
    sourcePool: entry.volume.poolId === null ? null : (snapshot.pools.get(entry.volume.poolId) ?? null),
    destinationPool: entry.destinationPoolId === null ? null : (snapshot.pools.get(entry.destinationPoolId) ?? null),
  }));
}
