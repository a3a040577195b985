import { NotFoundError } from '../../domain/errors';
import {
  type MigrationErrorCode, MigrationFailure, type MigrationPlanEntry, type MigrationStep, migrationRequestedEdits, migrationSteps,
} from '../../domain/migration';
import type { AgentDispatcher } from '../ports/agent-dispatcher';
import { type MigrationBookkeeping, StateChangedError } from '../ports/migration-bookkeeping';
import type { MigrationJobStore } from '../ports/migration-job-store';
import { AgentSession, type JobLease, LeaseLostError, type MigrationObserver } from './agent-session';
import { type ExecutionFrame, frameFromJob, frameFromSnapshot } from './execution-frame';
import { decideHoldingTemplatePairs } from './job-start';
import type { SnapshotReaders } from './load-migration-snapshot';
import { MigrationEnd } from './migration-end';
import type { MigrationJob } from './migration-job';
import { StepRunner } from './step-runner';
import { locateVm, outcomeUnknown } from './vm-whereabouts';

export interface MigrationExecutorDeps {
  jobs: MigrationJobStore;
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

  /** Runs a job this process created (or one that never got past R3). */
  async execute(job: MigrationJob, lease: JobLease): Promise<void> {
    const session = new AgentSession(this.deps.agents, this.deps.jobs, this.observer, lease);
    const frame = await this.start(job, session);
    if (!frame || !(await this.begin(frame, lease))) return;
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
    const session = new AgentSession(this.deps.agents, this.deps.jobs, this.observer, lease);
    const frame = await frameFromJob(job, this.deps.readers.inventory, await this.deps.jobs.commandsByJobIds([job.id]));
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
      if (!(await this.deps.jobs.markRunning(job.id, job.leaseOwner ?? ''))) {
        // Lease/recovery fencing: another process took the job over (or ended it) before this one
        // started it; failing it here would end a job that process is running.
        this.observer.log?.({ level: 'warn', msg: 'job taken over before it started; leaving it to its owner', job: job.uuid });
        return null;
      }
      const { snapshot, plan, pairs } = await decideHoldingTemplatePairs(this.deps, job, session);
      if (plan.blockers.length) {
        await this.deps.bookkeeping.unlockTemplatePairs(job.id, pairs);
        await this.endWithoutChanges(job, 'STATE_CHANGED', `The migration can no longer run: ${plan.blockers.map((b) => `${b.code}: ${b.message}`).join('; ')}`);
        return null;
      }
      // The job shows the decision it carries out.
      if (JSON.stringify(plan) !== JSON.stringify(job.plan)) await this.deps.jobs.savePlan(job.id, plan);
      // A job another process started (and lost before R3) may have recorded commands already.
      return frameFromSnapshot({ ...job, plan }, snapshot, plan, await this.deps.jobs.nextCommandSeq(job.id), pairs);
    } catch (error) {
      if (error instanceof LeaseLostError) return null;
      if (!(error instanceof MigrationFailure || error instanceof NotFoundError)) throw error;
      await this.endWithoutChanges(job, error instanceof MigrationFailure ? error.code : 'STATE_CHANGED', error.message);
      return null;
    }
  }

  /** R3: VM and every request volume to Migrating, all or nothing; false when it lost a race (the job has ended). */
  private async begin(frame: ExecutionFrame, lease: JobLease): Promise<boolean> {
    const checkpoint = { ...frame.checkpoint, vmMigrating: true, volumesMigrating: true };
    try {
      await this.deps.bookkeeping.begin({
        jobId: frame.job.id,
        ...migrationRequestedEdits(frame.vm, frame.destinationHost, [...frame.volumes.values()]),
        progress: { step: 'MIGRATION_REQUESTED', percent: 5, checkpoint },
      });
    } catch (error) {
      if (error instanceof LeaseLostError) return false;
      if (!(error instanceof StateChangedError)) throw error;
      // Lease/recovery fencing: the change may be the R3 of the process that took this job over.
      if (await lease.holds()) {
        await this.deps.bookkeeping.unlockTemplatePairs(frame.job.id, frame.templatePairs);
        await this.endWithoutChanges(frame.job, 'STATE_CHANGED', error.message);
      }
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

  private async endWithoutChanges(job: MigrationJob, code: MigrationErrorCode, message: string): Promise<void> {
    await this.deps.jobs.finish(job.id, 'FAILED', { code, message });
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
