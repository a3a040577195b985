import type { ImageStoreRecord, StoragePoolRecord } from '../../domain/inventory/records';

/** Reads the migration needs beyond the inventory reader; each method is one statement. */
export interface MigrationReader {
  /** Live pools named by id or by uuid, in one statement (R10a: pools are read once per request). */
  poolsByIdsOrUuids(ids: readonly number[], uuids: readonly string[]): Promise<StoragePoolRecord[]>;
  /** Live `Image`-role stores of a zone and region-wide ones (R15). */
  imageStoresForZone(zoneId: number): Promise<ImageStoreRecord[]>;
  /** `guest_os_category.name` of a guest OS (R27), one join. */
  guestOsCategoryName(guestOsId: number): Promise<string | null>;
  /** `configuration.value` (or its default) by name. */
  settings(names: readonly string[]): Promise<Map<string, string | null>>;
  /** Volumes with a snapshot being created or backed up (R3). */
  volumeIdsWithSnapshotsInProgress(volumeIds: readonly number[]): Promise<number[]>;
}
