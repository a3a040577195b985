import type { MigrationCommandRecord, MigrationJob, MigrationJobStatus } from '../migration/migration-job';
import type { Page } from './inventory-reader';

export interface MigrationJobFilter {
  vmId?: number;
  statuses?: MigrationJobStatus[];
}

/** Reads of migration jobs for the API (the GraphQL layer's loaders and connections). */
export interface MigrationJobQueries {
  byUuid(uuid: string): Promise<MigrationJob | null>;
  /** Jobs by uuid, in one statement (unknown uuids are simply absent). */
  byUuids(uuids: readonly string[]): Promise<MigrationJob[]>;
  byIds(ids: readonly number[]): Promise<MigrationJob[]>;
  page(filter: MigrationJobFilter, page: { first: number; afterUuid: string | null }): Promise<Page<MigrationJob>>;
  count(filter: MigrationJobFilter): Promise<number>;
  /** Every command of these jobs, ordered by job then seq (one statement per batch). */
  commandsByJobIds(jobIds: readonly number[]): Promise<MigrationCommandRecord[]>;
}
