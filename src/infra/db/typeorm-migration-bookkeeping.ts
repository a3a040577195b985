import { type DataSource, type EntityManager, In } from 'typeorm';
import {
  type JobProgress, type MigrationBookkeeping, SourceTemplateReferenceMissingError, type TemplateOnPool, type TemplatePair,
} from '../../app/ports/migration-bookkeeping';
import type { MigrationJobError } from '../../app/migration/migration-job';
import type { VolumeRecord } from '../../domain/inventory/records';
import type { SnapshotMove, VmRowEdit, VolumeRowEdit } from '../../domain/migration';
import { MigrationJobEntity, SnapshotEntity, StoragePoolEntity, TemplateEntity, VolumeEntity } from './entities';
import { applyVmEdit, applyVolumeEdit } from './row-edit-applier';
import { isLockConflict, runTransaction } from './run-transaction';
import { SequenceAllocator, SequenceName } from './sequence-allocator';
import { firstTemplateRef, lockTemplatePair, unlockTemplatePair, unlockTemplatePairsOfJob, upsertTemplateRef } from './template-pool-refs';
import { finishJob } from './typeorm-migration-job-store';
import { LeaseLostError } from '../../app/migration/agent-session';

/** MigrationBookkeeping over CloudStack's tables with its optimistic locking, on MySQL/MariaDB and SQLite. */
export class TypeOrmMigrationBookkeeping implements MigrationBookkeeping {
  private readonly sequences = new SequenceAllocator();

  constructor(private readonly dataSource: DataSource) {}

  begin(args: { jobId: number; vm: VmRowEdit; volumes: VolumeRowEdit[]; progress: JobProgress }) {
    return this.step(args.jobId, args.progress, async (m, now) => {
      await applyVmEdit(m, args.vm, now);
      for (const edit of args.volumes) await applyVolumeEdit(m, edit, now);
    });
  }

  async insertDestinationVolume(args: { jobId: number; row: (id: number) => VolumeRecord; progress: (volumeId: number) => JobProgress }) {
    let id = 0;
    await runTransaction(this.dataSource, async (m) => {
      await claimUnfinishedJob(m, args.jobId);
      id = await this.sequences.next(SequenceName.Volume, m);
      const row = args.row(id);
      await m.insert(VolumeEntity, { ...row, updated: row.created });
      await writeProgress(m, args.jobId, args.progress(id));
    });
    return id;
  }

  apply(args: { jobId: number; volumes: VolumeRowEdit[]; progress: JobProgress }) {
    return this.step(args.jobId, args.progress, async (m, now) => {
      for (const edit of args.volumes) await applyVolumeEdit(m, edit, now);
    });
  }

  saveProgress(jobId: number, progress: JobProgress) {
    return this.step(jobId, progress, async () => {});
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
      upsertTemplateRef(m, ref.poolId, ref.templateId, { installPath: ref.installPath, localPath: ref.localPath, templateSize: ref.templateSize }));
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

  end(args: { jobId: number; vm: VmRowEdit; volumes: VolumeRowEdit[]; snapshotMoves: SnapshotMove[]; status: 'SUCCEEDED' | 'FAILED'; error: MigrationJobError | null }) {
    return runTransaction(this.dataSource, async (m) => {
      await claimUnfinishedJob(m, args.jobId);
      const now = new Date();
      for (const edit of args.volumes) await applyVolumeEdit(m, edit, now);
      // R30 step 8: snapshots follow the volume.
      for (const move of args.snapshotMoves) await m.update(SnapshotEntity, { volumeId: move.fromVolumeId }, { volumeId: move.toVolumeId });
      await applyVmEdit(m, args.vm, now);
      await unlockTemplatePairsOfJob(m, args.jobId);
      await finishJob(m, args.jobId, args.status, args.error);
    });
  }

  /** One step's transaction: fenced on the job, the step's changes, its progress. */
  private step(jobId: number, progress: JobProgress, changes: (m: EntityManager, now: Date) => Promise<void>) {
    return runTransaction(this.dataSource, async (m) => {
      await claimUnfinishedJob(m, jobId);
      await changes(m, new Date());
      await writeProgress(m, jobId, progress);
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
 * Lease/recovery fencing (R30/R31 written once): each bookkeeping transaction first touches its job
 * row, conditional on the job not having ended, so a gateway process that lost its job to another
 * replica (which finished or rolled it back) cannot rewrite CloudStack's rows afterwards, e.g.
 * expunge the live volumes of a migration the replica completed. On MySQL the UPDATE also locks the
 * job row, so two processes ending one job serialize.
 */
async function claimUnfinishedJob(m: EntityManager, jobId: number): Promise<void> {
  const touched = await m.update(MigrationJobEntity, { id: jobId, status: In(['PENDING', 'RUNNING']) }, { updatedAt: new Date() });
  if ((touched.affected ?? 0) !== 1) throw new LeaseLostError(`migration job ${jobId} has already ended; its rows are left as they are`);
}

async function writeProgress(m: EntityManager, jobId: number, progress: JobProgress) {
  await m.update(MigrationJobEntity, { id: jobId }, {
    progressStep: progress.step,
    progressPercent: progress.percent,
    checkpointJson: JSON.stringify(progress.checkpoint),
    updatedAt: new Date(),
  });
}
