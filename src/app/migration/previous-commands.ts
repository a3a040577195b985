import { AgentCommandName } from '../../domain/agent/agent-command';
import type { MigrationCommandRecord } from './migration-job';

/**
 * The commands a job's earlier owner recorded (a process that died or lost its lease). A process
 * that takes the job over reads them before it cleans up or finishes: a command that may have
 * reached the agent and is not idempotent (CreateObject, Delete) is never sent again, and one whose
 * answer never came may have taken effect (a disk may exist, the destination may be prepared).
 */
export class PreviousCommands {
  constructor(private readonly records: readonly MigrationCommandRecord[]) {}

  /** R32: a create whose answer was lost may have made the disk; only an answer result=false says it did not. */
  mayHaveCreated(volumeId: number): boolean {
    return this.records.some((r) => r.name === AgentCommandName.CreateObject && volumeIdOf(r) === volumeId && r.outcome !== 'FAILED');
  }

  /** R30-R32: the disk of this row was already sent for deletion (whatever came back, never again). */
  deleteSent(volumeId: number): boolean {
    return this.records.some((r) => r.name === AgentCommandName.Delete && volumeIdOf(r) === volumeId);
  }

  /** R26: a PrepareForMigration (not a rollback) that may have prepared the destination. */
  mayHavePrepared(): boolean {
    return this.records.some((r) => r.name === AgentCommandName.PrepareForMigration && bodyOf(r).rollback === false && r.outcome !== 'FAILED');
  }
}

/** An empty history: the job is this process's from the start. */
export const NO_PREVIOUS_COMMANDS = new PreviousCommands([]);

function bodyOf(record: MigrationCommandRecord): Record<string, unknown> {
  const request = record.request as { body?: Record<string, unknown> } | null;
  return request?.body ?? {};
}

function volumeIdOf(record: MigrationCommandRecord): number | null {
  const data = bodyOf(record).data as { volumeId?: unknown } | undefined;
  return typeof data?.volumeId === 'number' ? data.volumeId : null;
}
