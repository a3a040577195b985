import { type DataSource, type EntityManager, In } from 'typeorm';
import {
  type JobProgress,
  type MigrationBookkeeping,
  SourceTemplateReferenceMissingError,
  type TemplateOnPool,
  type TemplatePair,
  type WrittenVolumes,
} from '../../app/ports/migration-bookkeeping';
import type { CommandOutcome } from '../../app/ports/migration-journal';
import type { MigrationJobError } from '../../app/migration/migration-job';
import type { VolumeRecord } from '../../domain/inventory/records';
import type { MigrationPlan, SnapshotMove, VmRowEdit, VolumeRowEdit } from '../../domain/migration';
import { MigrationJobEntity, StoragePoolEntity, TemplateEntity, VolumeEntity } from './entities';
import { applyVmEdit, applyVolumeEdit } from './row-edit-applier';
import { isLockConflict, runTransaction } from './run-transaction';
import { SequenceAllocator, SequenceName } from './sequence-allocator';
import { firstTemplateRef, lockTemplatePair, unlockTemplatePair, unlockTemplatePairsOfJob, upsertTemplateRef } from './template-pool-refs';
import { finishJob } from './typeorm-migration-job-store';
import { writeOutcomes } from './typeorm-migration-journal';
import { LeaseLostError } from '../../app/migration/agent-session';

/** MigrationBookkeeping over CloudStack's tables with its optimistic locking, on MySQL/MariaDB and SQLite. */
export class TypeOrmMigrationBookkeeping implements MigrationBookkeeping {
  private readonly sequences = new SequenceAllocator();

  constructor(private readonly dataSource: DataSource) {}

  begin(args: { jobId: number; vm: VmRowEdit; volumes: VolumeRowEdit[]; progress: JobProgress; plan?: MigrationPlan; start?: { owner: string } }) {
    return this.step(
      args.jobId,
      args.progress,
      async (m, now) => {
        await applyVmEdit(m, args.vm, now);
        return applyVolumeEdits(m, args.volumes, now);
      },
      { plan: args.plan, start: args.start },
    );
  }

  async insertDestinationVolume(args: { jobId: number; row: (id: number) => VolumeRecord; progress: (volumeId: number) => JobProgress }) {
    return runTransaction(this.dataSource, async (m) => {
      // The id first (the sequence row's lock, then the job row's, as every allocator takes them).
      const id = await this.sequences.next(SequenceName.Volume, m);
      const progress = args.progress(id);
      await fenceWithProgress(m, args.jobId, progress);
      const row = args.row(id);
      // No read-back of the defaults: the row is as composed.
      await m
        .createQueryBuilder()
        .insert()
        .into(VolumeEntity)
        .values({ ...row, updated: row.created })
        .updateEntity(false)
        .execute();
      await writeOutcomes(m, progress.answered ?? []);
      return id;
    });
  }

  apply(args: { jobId: number; volumes: VolumeRowEdit[]; progress: JobProgress }) {
    return this.step(args.jobId, args.progress, (m, now) => applyVolumeEdits(m, args.volumes, now));
  }

  async saveProgress(jobId: number, progress: JobProgress) {
    await this.step(jobId, progress, async () => []);
  }

  async lockTemplatePairs(jobId: number, pairs: readonly TemplatePair[]): Promise<'HELD' | 'BUSY'> {
    if (pairs.length === 0) return 'HELD';
    const now = new Date();
    const held = await this.pairTransaction(async (m) => {
      for (const pair of pairs) {
        // Any pair held by another job: roll back the ones taken here, all or none.
        if ((await lockTemplatePair(m, pair, jobId, now)).kind === 'BUSY') throw new PairBusy();
      }
      return 'HELD' as const;
    });
    return held ?? 'BUSY';
  }

  async unlockTemplatePairs(jobId: number, pairs: readonly TemplatePair[]): Promise<void> {
    if (pairs.length === 0) return;
    await runTransaction(this.dataSource, async (m) => {
      for (const pair of pairs) await unlockTemplatePair(m, pair, jobId);
    });
  }

  recordTemplateOnPool(ref: TemplateOnPool) {
    return runTransaction(this.dataSource, (m) =>
      upsertTemplateRef(m, ref.poolId, ref.templateId, { installPath: ref.installPath, localPath: ref.localPath, templateSize: ref.templateSize }),
    );
  }

  copyTemplateReference(args: { sourcePoolId: number; destinationPoolId: number; templateId: number; installPath: string }) {
    return runTransaction(this.dataSource, async (m) => {
      const source = await firstTemplateRef(m, args.sourcePoolId, args.templateId);
      if (!source) {
        const [pool, template] = await Promise.all([
          m.findOneBy(StoragePoolEntity, { id: args.sourcePoolId }),
          m.findOneBy(TemplateEntity, { id: args.templateId }),
        ]);
        throw new SourceTemplateReferenceMissingError(
          args.sourcePoolId,
          args.templateId,
          `Unable to register the copied template: source template reference was not found for pool [${pool?.uuid ?? 'unknown'}] and template [${template?.uuid ?? 'unknown'}].`,
        );
      }
      // R21 [PR]: update the destination reference in place if it exists, else insert; never a duplicate.
      // CloudStack copies the source reference's paths as it reads them now; another migration into the
      // source pool may have re-pointed that row since the plan, and this reference must name the file
      // the agent copied (R18 srcBackingFilePath), or later linked clones are backed by nothing.
      await upsertTemplateRef(m, args.destinationPoolId, args.templateId, {
        installPath: args.installPath,
        localPath: args.installPath,
        templateSize: source.templateSize,
      });
    });
  }

  end(args: {
    jobId: number;
    vm: VmRowEdit;
    volumes: VolumeRowEdit[];
    snapshotMoves: SnapshotMove[];
    status: 'SUCCEEDED' | 'FAILED';
    error: MigrationJobError | null;
    holdsPairs: boolean;
    answered?: readonly CommandOutcome[];
  }) {
    return runTransaction(this.dataSource, async (m) => {
      // Fencing first: only a job that has not ended ends here (and on MySQL its row is locked now).
      if (!(await finishJob(m, args.jobId, args.status, args.error))) throw jobEnded(args.jobId);
      const now = new Date();
      await writeOutcomes(m, args.answered ?? []);
      await applyVolumeEdits(m, args.volumes, now);
      // R30 step 8: snapshots follow the volume.
      await moveSnapshots(m, args.snapshotMoves);
      await applyVmEdit(m, args.vm, now);
      if (args.holdsPairs) await unlockTemplatePairsOfJob(m, args.jobId);
    });
  }

  refuse(jobId: number, error: MigrationJobError) {
    return runTransaction(this.dataSource, async (m) => {
      if (!(await finishJob(m, jobId, 'FAILED', error))) return;
      await unlockTemplatePairsOfJob(m, jobId);
    });
  }

  /** One step's transaction: the job row first (fenced, with the progress), the step's changes, the answers it records. */
  private step(
    jobId: number,
    progress: JobProgress,
    changes: (m: EntityManager, now: Date) => Promise<WrittenVolumes>,
    job: { plan?: MigrationPlan; start?: { owner: string } } = {},
  ): Promise<WrittenVolumes> {
    return runTransaction(this.dataSource, async (m) => {
      await fenceWithProgress(m, jobId, progress, job);
      const written = await changes(m, new Date());
      await writeOutcomes(m, progress.answered ?? []);
      return written;
    });
  }

  /**
   * A transaction on a (pool, template) pair; null when MySQL gave it up as a deadlock or lock wait
   * (two jobs inserting the same pair's lock row at once): the caller treats that as BUSY and retries.
   */
  private async pairTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T | null> {
    try {
      return await runTransaction(this.dataSource, work);
    } catch (error) {
      if (error instanceof PairBusy || isLockConflict(error)) return null;
      throw error;
    }
  }
}

/** Rolls back a lockTemplatePairs transaction that found a pair held by another job. */
class PairBusy extends Error {}

/**
 * Lease/recovery fencing (R30/R31 written once): each bookkeeping transaction first writes its job
 * row, conditional on the job not having ended, so a gateway process that lost its job to another
 * replica (which finished or rolled it back) cannot rewrite CloudStack's rows afterwards, e.g.
 * expunge the live volumes of a migration the replica completed. The same UPDATE writes the
 * step's progress and checkpoint (one statement; the transaction makes them one with the rows).
 * On MySQL it also locks the job row, so two processes ending one job serialize. `start`: the job
 * goes RUNNING, and only while `owner` holds its lease.
 */
async function fenceWithProgress(m: EntityManager, jobId: number, progress: JobProgress, job: { plan?: MigrationPlan; start?: { owner: string } } = {}) {
  const now = new Date();
  const touched = await m.update(
    MigrationJobEntity,
    { id: jobId, status: In(['PENDING', 'RUNNING']), ...(job.start && { leaseOwner: job.start.owner }) },
    {
      progressStep: progress.step,
      progressPercent: progress.percent,
      checkpointJson: JSON.stringify(progress.checkpoint),
      updatedAt: now,
      ...(job.plan && { planJson: JSON.stringify(job.plan) }),
      ...(job.start && { status: 'RUNNING', startedAt: now }),
    },
  );
  if ((touched.affected ?? 0) !== 1) throw job.start ? new LeaseLostError(`migration job ${jobId} is no longer ${job.start.owner}'s`) : jobEnded(jobId);
}

function jobEnded(jobId: number): LeaseLostError {
  return new LeaseLostError(`migration job ${jobId} has already ended; its rows are left as they are`);
}

/** Applies the edits in order; what they left in the rows is the job's `seen` for the next ones. */
async function applyVolumeEdits(m: EntityManager, edits: readonly VolumeRowEdit[], now: Date): Promise<WrittenVolumes> {
  const written: WrittenVolumes = [];
  for (const edit of edits) {
    const version = await applyVolumeEdit(m, edit, now);
    if (version) written.push(version);
  }
  return written;
}

/** R30 step 8 for every migrated pair in one statement. */
async function moveSnapshots(m: EntityManager, moves: readonly SnapshotMove[]) {
  if (moves.length === 0) return;
  const cases = moves.map(() => 'WHEN ? THEN ?').join(' ');
  await m.query(`UPDATE snapshots SET volume_id = CASE volume_id ${cases} END WHERE volume_id IN (${moves.map(() => '?').join(', ')})`, [
    ...moves.flatMap((move) => [move.fromVolumeId, move.toVolumeId]),
    ...moves.map((move) => move.fromVolumeId),
  ]);
}
