import type { MigrationPlan } from '../domain/migration';
import type { PoolTarget } from '../domain/targets';
import type { MigrationJobQueries } from './ports/migration-job-queries';
import type { MigrationJob } from './migration/migration-job';
import type { MigrationRequest } from './migration/migration-request';
import type { MigrationTargetsResult } from './targets/migration-targets.use-case';
import type { MigrationJobWatching } from './watch/migration-job-watch';

/** Who asked for an operation (recorded on jobs). */
export interface Requester {
  accountId: number | null;
}

/**
 * The use cases the GraphQL layer calls, assembled by the composition root (gateway.ts).
 * Resolvers forward to these in a line or two.
 */
export interface GatewayServices {
  /** Dry run: validate and decide; nothing is written, nothing is sent. NOT_FOUND for an unknown VM/host/volume. */
  planMigration(request: MigrationRequest): Promise<MigrationPlan>;
  /**
   * Validates, plans and persists a job, then returns it at once; the job runs on.
   * MIGRATION_BLOCKED when the plan has blockers, CONFLICT when the VM is already migrating,
   * the existing job when `idempotencyKey` was used before.
   */
  migrateVmWithStorage(request: MigrationRequest, requester: Requester): Promise<MigrationJob>;
  migrationJobs: MigrationJobQueries;
  /** Live job states for the subscriptions (migrationJobUpdated, migrationJobsUpdated). */
  migrationJobWatch: MigrationJobWatching;
  /** findHostsForMigration from the database: candidate hosts, why not, pools per volume. NOT_FOUND, or BAD_USER_INPUT for a VM that cannot migrate (T1-T4). */
  migrationTargets(vmUuid: string, hostUuids?: readonly string[]): Promise<MigrationTargetsResult>;
  /** findStoragePoolsForMigration from the database. NOT_FOUND for an unknown volume. */
  storagePoolsForMigration(volumeUuid: string): Promise<PoolTarget[]>;
}
