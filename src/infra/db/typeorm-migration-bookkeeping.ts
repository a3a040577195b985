import { type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import {
  type MigratedPair, type MigrationBookkeeping, SourceTemplateReferenceMissingError, StateChangedError, type TemplateOnPool, type TemplatePair,
} from '../../app/ports/migration-bookkeeping';
import { LeaseLostError } from '../../app/migration/agent-session';
import type { MigrationCheckpoint, MigrationJobError } from '../../app/migration/migration-job';
import type { HostRecord, StoragePoolRecord, VmRecord, VolumeRecord } from '../../domain/inventory/records';
import { MigrationJobEntity, SnapshotEntity, StoragePoolEntity, TemplateEntity, VmEntity, VolumeEntity } from './entities';
import { SequenceAllocator, SequenceName } from './sequence-allocator';
import { firstTemplateRef, lockTemplatePair, unlockTemplatePair, unlockTemplatePairsOfJob, upsertTemplateRef } from './template-pool-refs';
import { isLockConflict, runTransaction } from './run-transaction';
import { finishJob } from './typeorm-migration-job-store';
import { expungeEvents, nextVolumeState } from './volume-state-walk';

/** MigrationBookkeeping over CloudStack's tables with its optimistic locking, on MySQL/MariaDB and SQLite. */
export class TypeOrmMigrationBookkeeping implements MigrationBookkeeping {
  private readonly sequences = new SequenceAllocator();

  constructor(private readonly dataSource: DataSource) {}

  beginMigration(args: { jobId: number; vm: VmRecord; destinationHost: HostRecord; volumes: VolumeRecord[]; checkpoint: MigrationCheckpoint }) {
    return runTransaction(this.dataSource, async (m) => {
      await claimUnfinishedJob(m, args.jobId);
      const { vm, destinationHost } = args;
      // R3: Running --MigrationRequested--> Migrating, conditional on state, update_count and host (VMInstanceDaoImpl).
      const moved = await m
        .createQueryBuilder()
        .update(VmEntity)
        .set({
          state: 'Migrating',
          hostId: destinationHost.id,
          lastHostId: vm.hostId,
          podId: destinationHost.podId,
          updateCount: () => 'update_count + 1',
          updateTime: new Date(),
        })
        .where({ id: vm.id, state: 'Running', updateCount: vm.updateCount, hostId: vm.hostId ?? IsNull() })
        .execute();
      if ((moved.affected ?? 0) !== 1) throw new StateChangedError(`Migration cancelled because state has changed: ${vm.instanceName}`);
      for (const volume of args.volumes) {
        // R3: every volume of the map, skipped ones included: Ready --MigrationRequested--> Migrating.
        await transitionVolume(m, volume.id, 'MigrationRequested', { expectedUpdateCount: volume.updateCount, label: volume.uuid ?? String(volume.id) });
      }
      await saveCheckpoint(m, args.jobId, 'MIGRATION_REQUESTED', 5, args.checkpoint);
    });
  }

  createDestinationVolume(args: { jobId: number; source: VolumeRecord; pool: StoragePoolRecord; uuid: string; checkpoint: (volumeId: number) => MigrationCheckpoint }) {
    return runTransaction(this.dataSource, async (m) => {
      await claimUnfinishedJob(m, args.jobId);
      const { source, pool } = args;
      const id = await this.sequences.next(SequenceName.Volume, m);
      const now = new Date();
      // R16: cloned from the source, detached, on the destination pool, `last_id` = source.
      await m.insert(VolumeEntity, {
        id,
        accountId: source.accountId,
        domainId: source.domainId,
        poolId: pool.id,
        lastPoolId: source.poolId,
        instanceId: null,
        deviceId: source.deviceId,
        name: source.name,
        uuid: args.uuid,
        size: source.size,
        folder: null,
        path: null,
        podId: pool.podId,
        zoneId: source.zoneId,
        iscsiName: source.iscsiName,
        volumeType: source.volumeType,
        poolType: pool.poolType,
        diskOfferingId: source.diskOfferingId,
        templateId: source.templateId,
        recreatable: source.recreatable,
        created: now,
        attached: source.attached,
        updated: now,
        removed: null,
        state: 'Allocated',
        chainInfo: null,
        updateCount: 0,
        displayVolume: source.displayVolume,
        format: source.format,
        minIops: source.minIops,
        maxIops: source.maxIops,
        provisioningType: source.provisioningType,
        passphraseId: source.passphraseId,
        encryptFormat: source.encryptFormat,
        lastId: source.id,
      });
      // R17: Allocated --MigrationCopyRequested--> Creating.
      await transitionVolume(m, id, 'MigrationCopyRequested');
      await saveCheckpoint(m, args.jobId, 'CREATING_VOLUMES', 20, args.checkpoint(id));
      const row = await m.findOneByOrFail(VolumeEntity, { id });
      return { ...row } as VolumeRecord;
    });
  }

  markDestinationCreated(args: { jobId: number; volumeId: number; path: string; iscsiName?: string; checkpoint: MigrationCheckpoint }) {
    return runTransaction(this.dataSource, async (m) => {
      await claimUnfinishedJob(m, args.jobId);
      // R17/R20: Creating --MigrationCopySucceeded--> Ready (path set) --MigrationRequested--> Migrating.
      const set: Partial<VolumeEntity> = args.iscsiName === undefined ? { path: args.path } : { path: args.path, iscsiName: args.iscsiName };
      await transitionVolume(m, args.volumeId, 'MigrationCopySucceeded', { set });
      await transitionVolume(m, args.volumeId, 'MigrationRequested');
      await saveCheckpoint(m, args.jobId, 'CREATING_VOLUMES', 40, args.checkpoint);
    });
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

  completeMigration(args: { jobId: number; vm: VmRecord; destinationHost: HostRecord; pairs: MigratedPair[]; skippedVolumeIds: number[] }) {
    return runTransaction(this.dataSource, async (m) => {
      await claimUnfinishedJob(m, args.jobId);
      const now = new Date();
      for (const { source, destinationVolumeId } of args.pairs) {
        // R30 step 2: the destination is a qcow2 file now and remembers where it came from.
        await m.update(VolumeEntity, { id: destinationVolumeId }, { format: 'QCOW2', lastId: source.id, updated: now });
        // R30 step 4.
        await transitionVolume(m, source.id, 'OperationSucceeded', { onlyFrom: 'Migrating' });
        await transitionVolume(m, destinationVolumeId, 'OperationSucceeded', { onlyFrom: 'Migrating' });
        // R30 step 5: the uuid swap (source's uuid cleared first: uuids are unique).
        await m.update(VolumeEntity, { id: source.id }, { uuid: null });
        await m.update(VolumeEntity, { id: destinationVolumeId }, { uuid: source.uuid, instanceId: source.instanceId });
        // R30 step 6: detach the source; a ROOT becomes a DATADISK.
        await m.update(VolumeEntity, { id: source.id }, { instanceId: null, deviceId: null, attached: null, updated: now, volumeType: source.volumeType === 'ROOT' ? 'DATADISK' : source.volumeType });
        // R30 step 7: destroy and expunge the source row.
        await expungeVolume(m, source.id, now);
        // R30 step 8: snapshots follow the volume.
        await m.update(SnapshotEntity, { volumeId: source.id }, { volumeId: destinationVolumeId });
      }
      // R34: skipped request volumes go back to Ready.
      for (const id of args.skippedVolumeIds) await transitionVolume(m, id, 'OperationSucceeded', { onlyFrom: 'Migrating' });
      // Orchestrator: Migrating --OperationSucceeded--> Running on the destination host.
      await m
        .createQueryBuilder()
        .update(VmEntity)
        .set({ state: 'Running', hostId: args.destinationHost.id, podId: args.destinationHost.podId, updateCount: () => 'update_count + 1', updateTime: now })
        .where({ id: args.vm.id, state: 'Migrating' })
        .execute();
      await unlockTemplatePairsOfJob(m, args.jobId);
      await finishJob(m, args.jobId, 'SUCCEEDED', null);
    });
  }

  rollbackMigration(args: { jobId: number; vmId: number; sourceHost: HostRecord | null; requestVolumeIds: number[]; destinationVolumeIds: number[]; error: MigrationJobError }) {
    return runTransaction(this.dataSource, async (m) => {
      await claimUnfinishedJob(m, args.jobId);
      const now = new Date();
      if (args.destinationVolumeIds.length) {
        // R31/R32: failed, destroyed, expunged.
        for (const id of args.destinationVolumeIds) await expungeVolume(m, id, now);
      }
      // VolumeServiceImpl: OperationFailed on every requested source volume (Ready stays Ready).
      for (const id of args.requestVolumeIds) await transitionVolume(m, id, 'OperationFailed', { onlyFrom: 'Migrating' });
      // Orchestrator: back on the source host and pod, Migrating --OperationFailed--> Running.
      await m
        .createQueryBuilder()
        .update(VmEntity)
        .set({ state: 'Running', hostId: args.sourceHost?.id ?? null, podId: args.sourceHost?.podId ?? null, updateCount: () => 'update_count + 1', updateTime: now })
        .where({ id: args.vmId, state: 'Migrating' })
        .execute();
      await unlockTemplatePairsOfJob(m, args.jobId);
      await finishJob(m, args.jobId, 'FAILED', args.error);
    });
  }
}

/** Rolls back a lockTemplatePairs transaction that found a pair held by another job. */
class PairBusy extends Error {}

interface TransitionOptions {
  /** Conditional on this update_count (CloudStack's optimistic lock); default: the value just read. */
  expectedUpdateCount?: number;
  /** Skip quietly unless the row is in this state (idempotent end-of-job transitions). */
  onlyFrom?: string;
  set?: Partial<VolumeEntity>;
  label?: string;
}

/** One volume state transition as CloudStack's DAO does it: `WHERE id AND state AND update_count`. */
async function transitionVolume(m: EntityManager, id: number, event: string, options: TransitionOptions = {}): Promise<void> {
  const row = await m.findOneBy(VolumeEntity, { id });
  if (!row) throw new StateChangedError(`Volume ${options.label ?? id} no longer exists`);
  if (options.onlyFrom && row.state !== options.onlyFrom) return;
  const to = nextVolumeState(row.state ?? '', event);
  if (to === null) throw new StateChangedError(`Volume ${options.label ?? row.uuid ?? id} cannot go from ${row.state} on ${event}`);
  const expected = options.expectedUpdateCount ?? row.updateCount;
  const result = await m
    .createQueryBuilder()
    .update(VolumeEntity)
    .set({ ...options.set, state: to, updateCount: () => 'update_count + 1', updated: new Date() })
    .where({ id, state: row.state, updateCount: expected })
    .execute();
  if ((result.affected ?? 0) !== 1) throw new StateChangedError(`Volume ${options.label ?? row.uuid ?? id} state has changed: ${row.state}`);
}

/**
 * Walks a volume row to Expunged from whatever state it is in (expungeEvents) and marks it removed.
 * Idempotent: an expunged, removed row is left alone. Walking from the state actually found, not a
 * fixed event list, matters for the end transactions: one that throws on an unexpected state would
 * fail again on every retry and keep the VM in Migrating.
 */
async function expungeVolume(m: EntityManager, id: number, now: Date): Promise<void> {
  const row = await m.findOneBy(VolumeEntity, { id });
  if (!row || (row.state === 'Expunged' && row.removed)) return;
  for (const event of expungeEvents(row.state ?? '')) await transitionVolume(m, id, event);
  await m.update(VolumeEntity, { id }, { removed: row.removed ?? now, updated: now });
}

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

async function saveCheckpoint(m: EntityManager, jobId: number, step: string, percent: number, checkpoint: MigrationCheckpoint) {
  await m.update(MigrationJobEntity, { id: jobId }, { progressStep: step, progressPercent: percent, checkpointJson: JSON.stringify(checkpoint), updatedAt: new Date() });
}
