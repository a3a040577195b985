import type { MigrationErrorCode, MigrationPlan } from '../../domain/migration';
import type { MigrationRequest } from './migration-request';

export type MigrationJobStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface MigrationJobError {
  code: MigrationErrorCode;
  message: string;
}

/**
 * Where a running job is, persisted after every step that changed rows or reached an agent, so a
 * process that takes over an abandoned job knows what to undo or finish.
 */
export interface MigrationCheckpoint {
  /** R3 done: VM is Migrating toward the destination. */
  vmMigrating: boolean;
  /** R3 done: every request volume is Migrating. */
  volumesMigrating: boolean;
  /** Destination volume rows created so far (R16), by entry index. */
  destinations: DestinationProgress[];
  /** R26 answered successfully: a rollback PrepareForMigration is due on failure. */
  prepared: boolean;
  /** R28 sent: its outcome is unknown until answered (a taker-over asks CheckVirtualMachine). */
  migrateSent: boolean;
}

export interface DestinationProgress {
  entryIndex: number;
  sourceVolumeId: number;
  volumeId: number;
  uuid: string;
  /** CreateObjectCommand succeeded: a disk exists on the destination pool. */
  diskCreated: boolean;
  /** ModifyTargets add=true succeeded for it. */
  targetsConnected: boolean;
}

export const EMPTY_CHECKPOINT: MigrationCheckpoint = {
  vmMigrating: false,
  volumesMigrating: false,
  destinations: [],
  prepared: false,
  migrateSent: false,
};

export interface MigrationJob {
  id: number;
  uuid: string;
  vmId: number;
  status: MigrationJobStatus;
  sourceHostId: number | null;
  destinationHostId: number;
  request: MigrationRequest;
  plan: MigrationPlan | null;
  checkpoint: MigrationCheckpoint;
  progressStep: string | null;
  progressPercent: number;
  error: MigrationJobError | null;
  idempotencyKey: string | null;
  requestedByAccountId: number | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export type AgentCommandOutcome = 'SENT' | 'SUCCEEDED' | 'FAILED' | 'NO_ANSWER' | 'TIMEOUT' | 'UNREACHABLE';

/** One agent command a job sent, as recorded (request and answer as sent/received). */
export interface MigrationCommandRecord {
  id: number;
  jobId: number;
  seq: number;
  hostId: number;
  name: string;
  request: unknown;
  answer: unknown;
  outcome: AgentCommandOutcome;
  durationMs: number;
  createdAt: Date;
}
