import { FILE_POOL_TYPES, PoolType } from '../../inventory/cloudstack-values';
import type { StoragePoolRecord } from '../../inventory/records';
import type { MigrationStrategy } from '../migration-plan';
import type { EntryDisposition, ResolvedEntry } from '../resolved-entry';

/**
 * R7/R8: which entries the per-volume loop skips. Decided from the pools alone, never from the
 * volume's template (R10a: a skipped entry's direct-download flag is never consulted).
 */
export function decideDisposition(entry: ResolvedEntry, hooks: MigrationStrategy): EntryDisposition {
  const { sourcePool, destinationPool } = entry;
  if (sourcePool === null || destinationPool === null) return { kind: 'UNRESOLVED' };
  // R7: the volume stays where it is; CloudStack `continue`s before anything else.
  if (sourcePool.id === destinationPool.id && sourcePool.poolType === PoolType.PowerFlex) {
    return {
      kind: 'SKIPPED',
      reason: 'SAME_POOL_POWERFLEX',
      message: `Volume stays on PowerFlex pool ${poolLabel(sourcePool)}: same-pool PowerFlex entries are not migrated (R7).`,
    };
  }
  // R8: shouldMigrateVolume is always true in the base strategy; NM accepts file pool sources only.
  if (hooks === 'NON_MANAGED' && !FILE_POOL_TYPES.has(sourcePool.poolType)) {
    return {
      kind: 'SKIPPED',
      reason: 'SOURCE_POOL_NOT_FILE_BASED',
      message:
        `Source pool ${poolLabel(sourcePool)} is ${sourcePool.poolType}, not a file pool ` +
        '(NetworkFilesystem, SharedMountPoint, Filesystem): the non-managed strategy does not migrate it (R8).',
    };
  }
  return { kind: 'MIGRATED', entry: { index: entry.index, volume: entry.volume, sourcePool, destinationPool } };
}

function poolLabel(pool: StoragePoolRecord): string {
  return pool.name ?? pool.uuid ?? `#${pool.id}`;
}
