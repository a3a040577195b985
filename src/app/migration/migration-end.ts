import {
  completionEdits,
  fillHoles,
  type MigrationFailure,
  migrationEndedEdit,
  outcomeDetails,
  type PlannedCommand,
  rollbackEdits,
  wrapFailureMessage,
} from '../../domain/migration';
import type { RunValues } from '../../domain/migration';
import type { MigrationBookkeeping } from '../ports/migration-bookkeeping';
import { type AgentSession, LeaseLostError, type MigrationObserver } from './agent-session';
import { cleanupValues, type ExecutionFrame, failureContextOf, seenBy } from './execution-frame';
import { saveProgress } from './step-runner';
import { isSuccess } from '../../domain/migration';

/**
 * How a migration ends, with the commands the plan composed for it: R30/R34 after success, R31/R32
 * after any failure. Each ends in ONE bookkeeping transaction (the domain's row edits and the job's
 * end), so no VM or volume is left Migrating.
 */
export class MigrationEnd {
  constructor(
    private readonly bookkeeping: MigrationBookkeeping,
    private readonly observer: MigrationObserver,
  ) {}

  /** R30 + R34: expunge the source disks, then every row change and the job's end in one transaction. */
  async complete(frame: ExecutionFrame, session: AgentSession): Promise<void> {
    await saveProgress(this.bookkeeping, frame, session, 'FINALIZING', 90);
    const migrated = new Set(frame.checkpoint.destinations.map((d) => d.entryIndex));
    for (const command of frame.plan.end!.completion) {
      const source = frame.plan.entries[command.entryIndex!];
      // A Delete an earlier owner sent is never sent again (not idempotent, agent-protocol.md).
      if (!frame.sourceHost || !migrated.has(source.index) || frame.previous.deleteSent(source.volumeId)) continue;
      // R30 step 7: the source disk goes; a failure is logged, not fatal.
      const outcome = await session.send(frame, frame.sourceHost, fillHoles(command, frame.values));
      if (!isSuccess(outcome)) this.warn(frame, `Failed to expunge the disk of source volume ${source.volumeId}: ${outcomeDetails(outcome)}`);
    }
    const pairs = frame.checkpoint.destinations.map((d) => ({ source: frame.volumes.get(d.sourceVolumeId)!, destinationVolumeId: d.volumeId }));
    const movedIds = new Set(pairs.map((p) => p.source.id));
    const { edits, snapshotMoves } = completionEdits(
      pairs,
      [...frame.volumes.keys()].filter((id) => !movedIds.has(id)),
    );
    await session.withAnswers((answered) =>
      this.bookkeeping.end({
        jobId: frame.job.id,
        vm: migrationEndedEdit(frame.vm, frame.destinationHost),
        volumes: seenBy(frame, edits),
        snapshotMoves,
        status: 'SUCCEEDED',
        error: null,
        holdsPairs: holdsPairs(frame),
        answered,
      }),
    );
    this.observer.jobFinished?.('SUCCEEDED');
    this.observer.log?.({ msg: 'migration succeeded', job: frame.job.uuid, vm: frame.vm.uuid });
  }

  /**
   * R31/R32: undo on the agents (errors only logged; nothing when the VM may run on the
   * destination), then put every row back with the job's failure. The message wraps the cause as
   * CloudStack does (R33).
   */
  async fail(frame: ExecutionFrame, session: AgentSession, failure: MigrationFailure): Promise<void> {
    if (failure.code !== 'MIGRATION_OUTCOME_UNKNOWN') await this.cleanUpAgents(frame, session);
    const message = wrapFailureMessage(failureContextOf(frame), failure.message);
    await session.withAnswers((answered) =>
      this.bookkeeping.end({
        jobId: frame.job.id,
        vm: migrationEndedEdit(frame.vm, frame.sourceHost),
        volumes: seenBy(
          frame,
          rollbackEdits(
            [...frame.volumes.keys()],
            frame.checkpoint.destinations.map((d) => d.volumeId),
          ),
        ),
        snapshotMoves: [],
        status: 'FAILED',
        error: { code: failure.code, message },
        holdsPairs: holdsPairs(frame),
        answered,
      }),
    );
    this.observer.jobFinished?.('FAILED');
    this.observer.log?.({ level: 'warn', msg: 'migration failed', job: frame.job.uuid, code: failure.code, error: message });
  }

  /** R31 step 1 after PrepareForMigration, then per migrated pair in map order: disconnect, and delete a disk that may exist (R31/R32). */
  private async cleanUpAgents(frame: ExecutionFrame, session: AgentSession): Promise<void> {
    const end = frame.plan.end!;
    const values = cleanupValues(frame);
    // A PrepareForMigration whose answer an earlier owner never got may have prepared the destination.
    const afterPrepare = frame.checkpoint.prepared || frame.checkpoint.migrateSent || frame.previous.mayHavePrepared();
    if (afterPrepare) await this.bestEffort(frame, session, end.rollbackPrepare, values);
    for (const destination of frame.checkpoint.destinations) {
      const cleanup = end.cleanup.find((c) => c.entryIndex === destination.entryIndex);
      if (!cleanup) continue;
      if (afterPrepare) await this.bestEffort(frame, session, cleanup.disconnect, values);
      // R32: a disk whose create went unanswered (here or by an earlier owner) may exist: it goes, once.
      const mayExist = destination.diskCreated || frame.previous.mayHaveCreated(destination.volumeId);
      if (mayExist && !frame.previous.deleteSent(destination.volumeId)) await this.bestEffort(frame, session, cleanup.deleteDisk, values);
    }
  }

  private async bestEffort(frame: ExecutionFrame, session: AgentSession, command: PlannedCommand, values: RunValues): Promise<void> {
    try {
      const outcome = await session.send(frame, frame.destinationHost, fillHoles(command, values));
      if (!isSuccess(outcome)) this.warn(frame, `cleanup ${command.name} failed: ${outcomeDetails(outcome)}`);
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      this.warn(frame, `cleanup ${command.name} failed: ${String(error)}`);
    }
  }

  private warn(frame: ExecutionFrame, msg: string): void {
    this.observer.log?.({ level: 'warn', msg, job: frame.job.uuid });
  }
}

function holdsPairs(frame: ExecutionFrame): boolean {
  return frame.mayHoldOtherPairs || frame.templatePairs.length > 0;
}
