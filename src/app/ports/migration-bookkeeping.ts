import type { HostRecord, StoragePoolRecord, VmRecord, VolumeRecord } from '../../domain/inventory/records';
import type { MigrationCheckpoint, MigrationJobError } from '../migration/migration-job';

/** A conditional transition found the row changed (CloudStack: 0 rows updated = lost race). */
export class StateChangedError extends Error {}
/** R21 [PR]: the linked clone's source template reference does not exist. */
export class SourceTemplateReferenceMissingError extends Error {
  constructor(
    readonly sourcePoolId: number,
    readonly templateId: number,
    message: string,
  ) {
    super(message);
  }
}

/** Values of a `template_spool_ref` row written after a template reached a pool. */
export interface TemplateOnPool {
  poolId: number;
  templateId: number;
  installPath: string;
  localPath: string;
  templateSize: number;
}

/** A (destination pool, template) pair: the unit template staging and R21 are serialised on. */
export interface TemplatePair {
  poolId: number;
  templateId: number;
}

export interface MigratedPair {
  source: VolumeRecord;
  destinationVolumeId: number;
}

/**
 * CloudStack's row changes during a migration, each a transaction with CloudStack's optimistic
 * locking (`update_count`) so a concurrent CloudStack management server or gateway loses cleanly.
 * The end states (R30-R34) are written together with the job's end in ONE transaction, so after a
 * crash the rows are either as before or as after, never half-written.
 */
export interface MigrationBookkeeping {
  /**
   * R3: VM Running -> Migrating (host_id := destination, last_host_id := source, pod_id := the
   * destination's pod) and every request volume Ready -> Migrating, all or nothing, with the job's
   * checkpoint. Throws StateChangedError naming the row that changed.
   */
  beginMigration(args: { jobId: number; vm: VmRecord; destinationHost: HostRecord; volumes: VolumeRecord[]; checkpoint: MigrationCheckpoint }): Promise<void>;
  /** R16-R17: new destination row (id from `sequence.volume_seq`), walked Allocated -> Creating. */
  createDestinationVolume(args: { jobId: number; source: VolumeRecord; pool: StoragePoolRecord; uuid: string; checkpoint: (volumeId: number) => MigrationCheckpoint }): Promise<VolumeRecord>;
  /** R17/R20: Creating -> Ready -> Migrating with `path` set (and `iscsi_name` on a managed pool). */
  markDestinationCreated(args: { jobId: number; volumeId: number; path: string; iscsiName?: string; checkpoint: MigrationCheckpoint }): Promise<void>;
  /**
   * Takes every pair for the job, all or none, across every gateway process (CloudStack serialises
   * on the reference row; one that does not exist yet cannot be locked): BUSY while another running
   * job holds one of them. A job plans and stages (R14/R15) or writes R21 on a pair only while it
   * holds it, so exactly one `template_spool_ref` row per pair comes out of concurrent migrations.
   */
  lockTemplatePairs(jobId: number, pairs: readonly TemplatePair[]): Promise<'HELD' | 'BUSY'>;
  /** Gives pairs back (their staging and R21 are done). The job's end gives back all of them. */
  unlockTemplatePairs(jobId: number, pairs: readonly TemplatePair[]): Promise<void>;
  /** R14/R15: the reference of a staged template (updated in place if it exists). The job holds the pair. */
  recordTemplateOnPool(ref: TemplateOnPool): Promise<void>;
  /**
   * R21 [PR]: copy the source reference to the destination pool (update in place, else insert),
   * naming `installPath`, the backing file the agent copied (R18 srcBackingFilePath). The job holds
   * the pair.
   */
  copyTemplateReference(args: { sourcePoolId: number; destinationPoolId: number; templateId: number; installPath: string }): Promise<void>;
  /** R30 + R34 and the job's success, in one transaction. */
  completeMigration(args: {
    jobId: number;
    vm: VmRecord;
    destinationHost: HostRecord;
    pairs: MigratedPair[];
    skippedVolumeIds: number[];
  }): Promise<void>;
  /**
   * R31/R32 and the job's failure, in one transaction: destination rows created so far are
   * failed, destroyed and expunged; request volumes go back to Ready; the VM back to Running on
   * its source host and pod. Idempotent: rows already in their end state are left alone.
   */
  rollbackMigration(args: {
    jobId: number;
    vmId: number;
    sourceHost: HostRecord | null;
    requestVolumeIds: number[];
    destinationVolumeIds: number[];
    error: MigrationJobError;
  }): Promise<void>;
}
