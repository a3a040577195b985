/**
 * Why a migration request cannot run. Codes are stable (API contract); messages are CloudStack's
 * where the reference quotes them. Numeric ids ride in `volumeId`/`poolId` for the API layer to map
 * to uuids; messages name uuids where the row is at hand.
 */
export const MigrationBlockerCode = {
  VmNotRunning: 'VM_NOT_RUNNING',
  VolumeNotAttachedToVm: 'VOLUME_NOT_ATTACHED_TO_VM',
  DuplicateVolume: 'DUPLICATE_VOLUME',
  NothingToMigrate: 'NOTHING_TO_MIGRATE',
  VmNotOnAHost: 'VM_NOT_ON_A_HOST',
  SourceHostNotKvm: 'SOURCE_HOST_NOT_KVM',
  DestinationHostNotKvm: 'DESTINATION_HOST_NOT_KVM',
  SameHost: 'SAME_HOST',
  DestinationHostNotUp: 'DESTINATION_HOST_NOT_UP',
  NoStrategy: 'NO_STRATEGY',
  SnapshotInProgress: 'SNAPSHOT_IN_PROGRESS',
  SourcePoolMissing: 'SOURCE_POOL_MISSING',
  DestinationPoolMissing: 'DESTINATION_POOL_MISSING',
  ManagedSourcePool: 'MANAGED_SOURCE_POOL',
  MixedManagedDestinations: 'MIXED_MANAGED_DESTINATIONS',
  VolumePathMissing: 'VOLUME_PATH_MISSING',
  /** Gateway guard (migration-targets.md): the destination fails a findHostsForMigration check; app/targets adds it. */
  DestinationHostNotSuitable: 'DESTINATION_HOST_NOT_SUITABLE',
} as const;
export type MigrationBlockerCode = (typeof MigrationBlockerCode)[keyof typeof MigrationBlockerCode];

export interface MigrationBlocker {
  code: MigrationBlockerCode;
  message: string;
  volumeId?: number;
  poolId?: number;
}
