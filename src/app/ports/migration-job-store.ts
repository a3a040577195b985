import type { MigrationPlan } from '../../domain/migration';
import type {
  AgentCommandOutcome, MigrationCheckpoint, MigrationCommandRecord, MigrationJob, MigrationJobError, MigrationJobStatus,
} from '../migration/migration-job';
import type { MigrationRequest } from '../migration/migration-request';
import type { Page } from './inventory-reader';

export interface NewMigrationJob {
  uuid: string;
  vmId: number;
  sourceHostId: number | null;
  destinationHostId: number;
  request: MigrationRequest;
  plan: MigrationPlan;
  idempotencyKey: string | null;
  requestedByAccountId: number | null;
  leaseOwner: string;
  leaseExpiresAt: Date;
}

/** One agent command about to be sent, as the job's command log records it. */
export interface CommandToRecord {
  jobId: number;
  /** The lease owner sending it: nothing is recorded once another process owns the job. */
  owner: string;
  seq: number;
  hostId: number;
  name: string;
  request: unknown;
}

export interface MigrationJobFilter {
  vmId?: number;
  statuses?: MigrationJobStatus[];
}

/** Thrown by `create` when the VM already has a PENDING/RUNNING job (unique `active_vm_id`). */
export class ActiveMigrationExistsError extends Error {}
/** Thrown by `create` when the idempotency key is already used. */
export class IdempotencyKeyTakenError extends Error {}

/** Gateway-owned job persistence. Writes are single statements or short transactions. */
export interface MigrationJobStore {
  /** Inserts a PENDING job holding the VM's migration slot. */
  create(job: NewMigrationJob): Promise<MigrationJob>;
  byUuid(uuid: string): Promise<MigrationJob | null>;
  byUuids(uuids: readonly string[]): Promise<MigrationJob[]>;
  byIds(ids: readonly number[]): Promise<MigrationJob[]>;
  byIdempotencyKey(key: string): Promise<MigrationJob | null>;
  activeForVm(vmId: number): Promise<MigrationJob | null>;
  page(filter: MigrationJobFilter, page: { first: number; afterUuid: string | null }): Promise<Page<MigrationJob>>;
  count(filter: MigrationJobFilter): Promise<number>;
  commandsByJobIds(jobIds: readonly number[]): Promise<MigrationCommandRecord[]>;

  /** PENDING -> RUNNING by the lease owner. */
  markRunning(jobId: number, owner: string): Promise<boolean>;
  /** Extends the lease if `owner` still holds it; false = another process took the job over. */
  renewLease(jobId: number, owner: string, until: Date): Promise<boolean>;
  /** Takes over unfinished jobs whose lease expired before `now` (conditional, so one taker wins). */
  claimAbandoned(owner: string, now: Date, until: Date): Promise<MigrationJob[]>;
  saveProgress(jobId: number, step: string, percent: number, checkpoint: MigrationCheckpoint): Promise<void>;
  /** Replaces the job's plan with the one it actually runs (re-decided when the job starts). */
  savePlan(jobId: number, plan: MigrationPlan): Promise<void>;
  /** The seq the job's next command takes: after the highest one recorded by any process. */
  nextCommandSeq(jobId: number): Promise<number>;
  /**
   * Records a command before it is sent, only while `owner` holds the job's lease and the seq is
   * free; returns the record's id, or null when another process owns the job (or used the seq).
   */
  recordCommandSent(command: CommandToRecord): Promise<number | null>;
  recordCommandOutcome(commandId: number, outcome: AgentCommandOutcome, answer: unknown, durationMs: number): Promise<void>;
  /** Ends the job (SUCCEEDED or FAILED) and frees the VM's migration slot. */
  finish(jobId: number, status: 'SUCCEEDED' | 'FAILED', error: MigrationJobError | null): Promise<void>;
}
