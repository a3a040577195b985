/** A migrateVmWithStorage request with public ids (uuids), as the API receives it. */
export interface MigrationRequest {
  vmUuid: string;
  destinationHostUuid: string;
  /** In input order: CloudStack's decision depends on it (R2a). */
  volumes: { volumeUuid: string; destinationPoolUuid: string }[];
  idempotencyKey?: string | null;
}
