import { NotFoundError } from '../../domain/errors';
import {
  type MigrationErrorCode,
  MigrationFailure,
  type MigrationPlanEntry,
  type MigrationStep,
  migrationRequestedEdits,
  migrationSteps,
} from '../../domain/migration';
import type { AgentDispatcher } from '../ports/agent-dispatcher';
import { type MigrationBookkeeping, StateChangedError } from '../ports/migration-bookkeeping';
import type { MigrationJobLeases } from '../ports/migration-job-leases';
import type { MigrationJournal } from '../ports/migration-journal';
import { AgentSession, type JobLease, LeaseLostError, type MigrationObserver } from './agent-session';
import { type ExecutionFrame, frameFromJob, frameFromSnapshot, noteWritten, seenBy } from './execution-frame';
import { decideHoldingTemplatePairs, type JobDecision, pairsNeeded } from './job-start';
import type { SnapshotReaders } from './load-migration-snapshot';
import { MigrationEnd } from './migration-end';
import type { MigrationJob } from './migration-job';
import { StepRunner } from './step-runner';
import { locateVm, outcomeUnknown } from './vm-whereabouts';

export interface MigrationExecutorDeps {
  leases: MigrationJobLeases;
  journal: MigrationJournal;
  bookkeeping: MigrationBookkeeping;
  readers: SnapshotReaders;
  agents: AgentDispatcher;
  observer?: MigrationObserver;
}

/**
 * Carries out a planned migration as CloudStack does (§8 of the reference): R3, then the plan's
 * program step by step (migrationSteps: staging, rows, disks, references, connections, Prepare,
 * Migrate), then R30 on success or R31/R32 on any failure (MigrationEnd). The domain composed every
 * command and judges every outcome; this loop sends, records and persists.
 */
export class MigrationExecutor {
  private readonly observer: MigrationObserver;
  private readonly steps: StepRunner;
  private readonly end: MigrationEnd;

  constructor(private readonly deps: MigrationExecutorDeps) {
    this.observer = deps.observer ?? {};
    this.steps = new StepRunner(deps.bookkeeping, this.observer);
    this.end = new MigrationEnd(deps.bookkeeping, this.observer);
  }

  /**
   * Runs a job this process created (or one that never got past R3). `decided`: the decision the
   * job was created with, made by this process a moment ago; a plan that holds no (pool, template)
   * pair runs on it (R3 is conditional on the rows it read), anything else is decided afresh.
   */
  async execute(job: MigrationJob, lease: JobLease, decided?: Omit<JobDecision, 'pairs'>): Promise<void> {
    const session = new AgentSession(this.deps.agents, this.deps.journal, this.observer, lease);
    const fresh = decided && pairsNeeded(decided).length === 0 ? frameFromSnapshot(job, decided.snapshot, decided.plan, 1, []) : null;
    const frame = fresh ?? (await this.start(job, session));
    if (!frame || !(await this.begin(frame, lease, fresh !== null))) return;
    await this.drive(frame, session, async () => {
      for (const step of migrationSteps(frame.plan)) {
        await this.givePairsBack(frame, step);
        await this.steps.run(frame, session, step);
      }
    });
  }

  /**
   * Finishes or rolls back a job whose process died (its lease expired): a job that never moved a
   * row simply runs; after the MigrateCommand was sent, where the VM runs decides (R29); before it,
   * everything is rolled back (R32).
   */
  async recover(job: MigrationJob, lease: JobLease): Promise<void> {
    if (!job.checkpoint.vmMigrating) return this.execute(job, lease);
    const session = new AgentSession(this.deps.agents, this.deps.journal, this.observer, lease);
    const frame = await frameFromJob(job, this.deps.readers.inventory, await this.deps.journal.recorded(job.id));
    this.observer.log?.({ level: 'warn', msg: 'recovering abandoned migration job', job: job.uuid, previousOwner: job.leaseOwner, checkpoint: job.checkpoint });
    await this.drive(frame, session, async () => {
      if (!frame.checkpoint.migrateSent) {
        throw new MigrationFailure('GATEWAY_INTERRUPTED', 'The gateway process running this migration stopped before the MigrateCommand was sent.');
      }
      const where = await locateVm(frame, session);
      if (where === 'UNKNOWN') throw outcomeUnknown(frame);
      if (where === 'NOT_DESTINATION') {
        throw new MigrationFailure(
          'GATEWAY_INTERRUPTED',
          `The gateway process running this migration stopped after the MigrateCommand was sent, and ${frame.vm.instanceName} is not running on the destination host ${frame.destinationHost.uuid}.`,
        );
      }
    });
  }

  /** Starts the job and decides it afresh (the database may have changed since the request). */
  private async start(job: MigrationJob, session: AgentSession): Promise<ExecutionFrame | null> {
    try {
      if (!(await this.deps.leases.markRunning(job.id, job.leaseOwner ?? ''))) {
        // Lease/recovery fencing: another process took the job over (or ended it) before this one
        // started it; failing it here would end a job that process is running.
        this.observer.log?.({ level: 'warn', msg: 'job taken over before it started; leaving it to its owner', job: job.uuid });
        return null;
      }
      const { snapshot, plan, pairs } = await decideHoldingTemplatePairs(this.deps, job, session);
      if (plan.blockers.length) {
        await this.endWithoutChanges(
          job,
          'STATE_CHANGED',
          `The migration can no longer run: ${plan.blockers.map((b) => `${b.code}: ${b.message}`).join('; ')}`,
        );
        return null;
      }
      // A job another process started (and lost before R3) may have recorded commands already.
      return frameFromSnapshot(job, snapshot, plan, await this.deps.journal.nextCommandSeq(job.id), pairs);
    } catch (error) {
      if (error instanceof LeaseLostError) return null;
      if (!(error instanceof MigrationFailure || error instanceof NotFoundError)) throw error;
      await this.endWithoutChanges(job, error instanceof MigrationFailure ? error.code : 'STATE_CHANGED', error.message);
      return null;
    }
  }

  /**
   * R3: VM and every request volume to Migrating, all or nothing, with the plan the job runs (the
   * job shows the decision it carries out); `starts`: the job goes RUNNING here. False when it lost
   * a race (the job has ended) or its lease.
   */
  private async begin(frame: ExecutionFrame, lease: JobLease, starts: boolean): Promise<boolean> {
    const checkpoint = { ...frame.checkpoint, vmMigrating: true, volumesMigrating: true };
    const edits = migrationRequestedEdits(frame.vm, frame.destinationHost, [...frame.volumes.values()]);
    const volumes = seenBy(frame, edits.volumes);
    try {
      const written = await this.deps.bookkeeping.begin({
        jobId: frame.job.id,
        vm: edits.vm,
        volumes,
        progress: { step: 'MIGRATION_REQUESTED', percent: 5, checkpoint },
        ...(JSON.stringify(frame.plan) !== JSON.stringify(frame.job.plan) && { plan: frame.plan }),
        ...(starts && { start: { owner: lease.owner } }),
      });
      noteWritten(frame, volumes, written);
    } catch (error) {
      if (error instanceof LeaseLostError) return false;
      if (!(error instanceof StateChangedError)) throw error;
      // Lease/recovery fencing: the change may be the R3 of the process that took this job over.
      if (await lease.holds()) await this.endWithoutChanges(frame.job, 'STATE_CHANGED', error.message);
      return false;
    }
    frame.checkpoint = checkpoint;
    return true;
  }

  /** Runs the steps, then R30 on success or R31/R32 on failure; a lost lease stops quietly. */
  private async drive(frame: ExecutionFrame, session: AgentSession, steps: () => Promise<void>): Promise<void> {
    try {
      await steps();
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.observer.log?.({ level: 'warn', msg: 'lease lost; another gateway process owns the job now', job: frame.job.uuid });
        return;
      }
      try {
        await this.end.fail(frame, session, asFailure(error));
      } catch (failError) {
        // Lease/recovery fencing: another process owns the job now and does its cleanup.
        if (!(failError instanceof LeaseLostError)) throw failError;
        this.observer.log?.({ level: 'warn', msg: 'lease lost during cleanup; another gateway process owns the job now', job: frame.job.uuid });
      }
      return;
    }
    try {
      await this.end.complete(frame, session);
    } catch (error) {
      if (error instanceof LeaseLostError) return;
      throw error;
    }
  }

  /** A (pool, template) pair goes back once the job has moved past the last entry that uses it. */
  private async givePairsBack(frame: ExecutionFrame, step: MigrationStep): Promise<void> {
    const entry: MigrationPlanEntry | null = 'entry' in step ? step.entry : null;
    const done = frame.templatePairs.filter((pair) => entry === null || pair.lastEntryIndex < entry.index);
    if (done.length === 0) return;
    await this.deps.bookkeeping.unlockTemplatePairs(frame.job.id, done);
    frame.templatePairs = frame.templatePairs.filter((pair) => !done.includes(pair));
  }

  /** The job ends FAILED having changed no row, its (pool, template) pairs given back. */
  private async endWithoutChanges(job: MigrationJob, code: MigrationErrorCode, message: string): Promise<void> {
    await this.deps.bookkeeping.refuse(job.id, { code, message });
    this.observer.jobFinished?.('FAILED');
  }
}

/** Any error becomes a failed migration with a non-empty message (R33, PR intent). */
function asFailure(error: unknown): MigrationFailure {
  if (error instanceof MigrationFailure) return error;
  if (error instanceof StateChangedError) return new MigrationFailure('STATE_CHANGED', error.message);
  const message = error instanceof Error ? error.message || error.name : String(error);
  return new MigrationFailure('INTERNAL_ERROR', message || 'unknown error');
}
