import type { AgentCommandOutcome, MigrationCommandRecord } from '../migration/migration-job';

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

/** What came back for a recorded command, keyed by (jobId, seq). */
export interface CommandOutcome {
  jobId: number;
  seq: number;
  outcome: AgentCommandOutcome;
  answer: unknown;
  durationMs: number;
}

/**
 * A job's command log, as the agent session writes it: every command before it is sent (fenced on
 * the lease owner, `(jobId, seq)` unique), its outcome after: with the next command or with the
 * step's progress (MigrationBookkeeping), at the latest before the next command is sent. So the
 * log a process taking the job over reads is the same as if every outcome were written at once
 * (and a command without its outcome reads as SENT: it may have taken effect).
 */
export interface MigrationJournal {
  /** The seq the job's next command takes: after the highest one recorded by any process. */
  nextCommandSeq(jobId: number): Promise<number>;
  /**
   * Records `command` before it is sent, only while `command.owner` holds the job's lease and the
   * seq is free, with the outcomes of the commands before it not written yet (one commit); false
   * when another process owns the job (or used the seq), and then nothing is written.
   */
  recordCommandSent(command: CommandToRecord, answered?: readonly CommandOutcome[]): Promise<boolean>;
  /** Everything recorded for the job, by seq (a process taking the job over reads what the earlier owner sent). */
  recorded(jobId: number): Promise<MigrationCommandRecord[]>;
}
