import type { VolumeRecord } from '../../domain/inventory/records';
import type { MigrationPlan, SnapshotMove, VmRowEdit, VolumeRowEdit, VolumeVersion } from '../../domain/migration';
import type { MigrationCheckpoint, MigrationJobError } from '../migration/migration-job';
import type { CommandOutcome } from './migration-journal';

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

/** Where a job is, as its `progress` shows it and its checkpoint records it (the one checkpoint writer is this port). */
export interface JobProgress {
  step: string;
  percent: number;
  checkpoint: MigrationCheckpoint;
  /** Outcomes of commands answered since the job's last write, recorded in the same transaction (MigrationJournal). */
  answered?: readonly CommandOutcome[];
}

/** What a step's row edits left in the volume rows: the job's `seen` for its next edits of them. */
export type WrittenVolumes = ({ volumeId: number } & VolumeVersion)[];

/**
 * CloudStack's rows during a migration. The domain decides every change (src/domain/migration
 * row-edits: R3, R16/R17, R20, R30-R32 as data); this port applies them as CloudStack's DAOs do,
 * conditional on state and `update_count`, each call one transaction. Every transaction's first
 * write is the job row, conditional on the job not having ended (lease/recovery fencing), with the
 * checkpoint of the rows it changes, so after a crash the rows are either as before or as after a
 * step. This port is the job's one checkpoint writer, and it writes the job's end.
 */
export interface MigrationBookkeeping {
  /** R3: the VM edit and every request volume's edit, all or nothing. Throws StateChangedError naming the row that changed. */
  begin(args: {
    jobId: number;
    vm: VmRowEdit;
    volumes: VolumeRowEdit[];
    progress: JobProgress;
    /** The plan the job runs, when it differs from the stored one (re-decided when the job started). */
    plan?: MigrationPlan;
    /**
     * The job goes RUNNING here, conditional on `owner` holding its lease (a job this process just
     * created: no separate start; LeaseLostError when another process took it over).
     */
    start?: { owner: string };
  }): Promise<WrittenVolumes>;
  /** R16/R17: inserts the destination row the domain composed, its id taken from `sequence.volume_seq`; returns the id. */
  insertDestinationVolume(args: { jobId: number; row: (id: number) => VolumeRecord; progress: (volumeId: number) => JobProgress }): Promise<number>;
  /** The row edits of one step (R17/R20 once the disk exists) with the progress they make. */
  apply(args: { jobId: number; volumes: VolumeRowEdit[]; progress: JobProgress }): Promise<WrittenVolumes>;
  /** Progress that changes no CloudStack row (a connection made, the MigrateCommand about to be sent). */
  saveProgress(jobId: number, progress: JobProgress): Promise<void>;
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
  /**
   * The job's end (R30/R34 on success, R31/R32 on failure): the VM edit, the volume edits, the
   * snapshot moves, the job's status and its (pool, template) pairs given back, in ONE transaction.
   * Idempotent edits: rows already in their end state are left alone.
   */
  end(args: {
    jobId: number;
    vm: VmRowEdit;
    volumes: VolumeRowEdit[];
    snapshotMoves: SnapshotMove[];
    status: 'SUCCEEDED' | 'FAILED';
    error: MigrationJobError | null;
    /** False: the job is known to hold no (pool, template) pair, so there is none to give back. */
    holdsPairs: boolean;
    answered?: readonly CommandOutcome[];
  }): Promise<void>;
  /** A job that changed no CloudStack row ends FAILED (refused when it started), its pairs given back, in one transaction. */
  refuse(jobId: number, error: MigrationJobError): Promise<void>;
}
