import { FILE_POOL_TYPES, PoolType } from '../../inventory/cloudstack-values';
import type { MigrateDiskInfoPlan, MigrationStrategy } from '../migration-plan';
import { Placeholder } from '../placeholders';
import type { MigratedEntry } from '../resolved-entry';
import { type BackingFileContext, backingFileOf, isBlank } from './backing-file';

export interface DestinationDiskPlan {
  /** R20: `volumes.path` of the new row, also the ModifyTargets `iqn`. */
  volumeIdentifier: string;
  /** R23. */
  destinationPath: string | null;
  needsModifyTargets: boolean;
  /** R24. */
  migrateDiskInfo: MigrateDiskInfoPlan;
}

/**
 * R20, R23, R24 for one migrated entry, evaluated after its template staging and R21 action
 * (`context.refs` already holds what those did).
 */
export function planDestinationDisk(
  entry: MigratedEntry,
  destinationVolumeUuid: string,
  hooks: MigrationStrategy,
  context: BackingFileContext,
): DestinationDiskPlan {
  const { volume, sourcePool, destinationPool } = entry;
  // R20: a managed destination is known by the iSCSI name its driver assigns at creation.
  const volumeIdentifier = destinationPool.managed ? Placeholder.destinationVolumeIscsiName : destinationVolumeUuid;
  // R23: NM joins the pool path; base asks ModifyTargets (connectHostToVolume) for the path.
  const destinationPath = hooks === 'NON_MANAGED' ? joinPoolPath(destinationPool.path, destinationVolumeUuid) : null;
  const sourceOnFilesystem = sourcePool.poolType === PoolType.Filesystem;

  // R24 "non-managed to NFS": the path the destination host mounts is only known from ModifyTargets.
  const nonManagedToNfs = FILE_POOL_TYPES.has(sourcePool.poolType) && destinationPool.poolType === PoolType.NetworkFilesystem && !destinationPool.managed;
  if (nonManagedToNfs) {
    return {
      volumeIdentifier,
      destinationPath,
      needsModifyTargets: true,
      migrateDiskInfo: {
        serialNumber: volume.path,
        diskType: 'file',
        driverType: 'qcow2',
        source: 'file',
        sourceText: null,
        backingStoreText: null,
        isSourceDiskOnStorageFileSystem: false,
        inMigrateDiskInfoList: false,
      },
    };
  }
  if (hooks === 'MANAGED') {
    return {
      volumeIdentifier,
      destinationPath,
      needsModifyTargets: true,
      migrateDiskInfo: {
        serialNumber: volume.path,
        diskType: 'block',
        driverType: 'raw',
        source: 'dev',
        sourceText: null,
        backingStoreText: null,
        isSourceDiskOnStorageFileSystem: sourceOnFilesystem,
        inMigrateDiskInfoList: true,
      },
    };
  }
  return {
    volumeIdentifier,
    destinationPath,
    needsModifyTargets: false,
    migrateDiskInfo: {
      serialNumber: volume.path,
      diskType: 'file',
      driverType: 'qcow2',
      source: 'file',
      sourceText: destinationPath,
      backingStoreText: destinationBackingText(entry, context),
      isSourceDiskOnStorageFileSystem: sourceOnFilesystem,
      inMigrateDiskInfoList: true,
    },
  };
}

/**
 * R24 NM backing text: R11 applied to the destination volume (same template id, R16; destination
 * pool), read from the reference state after staging and R21 (both happen before R24 in the loop).
 * CloudStack reads it whatever the clone mode, so a full clone onto a pool already holding the
 * template also gets a backing text; the plan mirrors that rather than guess a fix.
 */
function destinationBackingText(entry: MigratedEntry, context: BackingFileContext): string | null {
  const backing = backingFileOf(entry.volume.templateId, entry.destinationPool, context);
  return isBlank(backing) ? null : joinPoolPath(entry.destinationPool.path, backing as string);
}

/** `<pool.path>/<name>` with exactly one separator (CloudStack joins with File.separator). */
function joinPoolPath(poolPath: string, name: string): string {
  return `${poolPath.replace(/\/+$/, '')}/${name}`;
}
