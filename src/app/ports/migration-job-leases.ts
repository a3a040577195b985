import type { MigrationJob } from '../migration/migration-job';

/**
 * Which gateway process runs which job (lease/recovery fencing): the runner renews and takes over
 * leases, the executor starts the job it holds. Every other job write is fenced on the lease too
 * (MigrationJournal, MigrationBookkeeping).
 */
export interface MigrationJobLeases {
  /** PENDING -> RUNNING by the lease owner; false = another process took the job over (or ended it). */
  markRunning(jobId: number, owner: string): Promise<boolean>;
  /** Extends the lease if `owner` still holds it; false = another process took the job over. */
  renewLease(jobId: number, owner: string, until: Date): Promise<boolean>;
  /** Takes over unfinished jobs whose lease expired before `now` (conditional, so one taker wins). */
  claimAbandoned(owner: string, now: Date, until: Date): Promise<MigrationJob[]>;
}
