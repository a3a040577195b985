import { AgentCommandName } from '../../domain/agent/agent-command';
import {
  connectVerdict,
  copyVerdict,
  CreateDiskFailure,
  createDiskVerdict,
  destinationCreatedEdit,
  destinationVolumeRow,
  directDownloadVerdict,
  fillHoles,
  lostMigrationFailure,
  MigrationFailure,
  type MigrationPlanEntry,
  type MigrationStep,
  migrateVerdict,
  type PlannedCommand,
  prepareVerdict,
} from '../../domain/migration';
import { type MigrationBookkeeping, SourceTemplateReferenceMissingError } from '../ports/migration-bookkeeping';
import type { AgentSession, MigrationObserver } from './agent-session';
import { type ExecutionFrame, noteWritten, seenBy } from './execution-frame';
import type { DestinationProgress } from './migration-job';
import type { VolumeRecord } from '../../domain/inventory/records';
import { locateVm, outcomeUnknown } from './vm-whereabouts';

/**
 * Carries out one step of the plan's program (migrationSteps): fills the planned command's holes
 * from what the run learnt, sends it, asks the domain's verdict, and records rows and progress
 * through the bookkeeping. A failed verdict throws (MigrationFailure); the executor ends the job.
 */
export class StepRunner {
  constructor(
    private readonly bookkeeping: MigrationBookkeeping,
    private readonly observer: MigrationObserver,
  ) {}

  run(frame: ExecutionFrame, session: AgentSession, step: MigrationStep): Promise<void> {
    switch (step.kind) {
      case 'STAGE_TEMPLATE':
        return this.stageTemplate(frame, session, step.entry, step.command);
      case 'CREATE_VOLUME_ROW':
        return this.createVolumeRow(frame, session, step.entry);
      case 'CREATE_DISK':
        return this.createDisk(frame, session, step.entry, step.command);
      case 'WRITE_TEMPLATE_REF':
        return this.writeTemplateRef(frame, step.entry);
      case 'CONNECT':
        return this.connect(frame, session, step.entry, step.command);
      case 'PREPARE':
        return this.prepare(frame, session, step.command);
      case 'MIGRATE':
        return this.migrate(frame, session, step.command);
    }
  }

  /** R13-R15: the template reaches the destination pool before a linked clone is created on it (the job holds the pair). */
  private async stageTemplate(frame: ExecutionFrame, session: AgentSession, entry: MigrationPlanEntry, command: PlannedCommand): Promise<void> {
    const pool = destinationPoolOf(frame, entry);
    const templateId = frame.volumes.get(entry.volumeId)?.templateId ?? null;
    if (templateId === null) return;
    const outcome = await session.send(frame, frame.destinationHost, fillHoles(command, frame.values));
    const labels = { pool: pool.uuid ?? String(pool.id) };
    const verdict =
      command.name === AgentCommandName.Copy
        ? copyVerdict(outcome, {
            ...labels,
            template: command.body.destTO.templateUuid ?? String(templateId),
            plannedPath: command.body.destTO.path,
            plannedSize: command.body.destTO.size,
          })
        : directDownloadVerdict(outcome, {
            ...labels,
            template: command.name === AgentCommandName.DirectDownload ? (command.body.templateUuid ?? String(templateId)) : String(templateId),
          });
    if (verdict.kind === 'IGNORED') {
      this.observer.log?.({ level: 'warn', msg: verdict.warning, job: frame.job.uuid });
      return;
    }
    await this.bookkeeping.recordTemplateOnPool({
      poolId: pool.id,
      templateId,
      installPath: verdict.installPath,
      localPath: verdict.installPath,
      templateSize: verdict.templateSize,
    });
  }

  /** R16/R17: the new row, cloned from the source onto the destination pool (Allocated -> Creating). */
  private async createVolumeRow(frame: ExecutionFrame, session: AgentSession, entry: MigrationPlanEntry): Promise<void> {
    const source = frame.volumes.get(entry.volumeId)!;
    const pool = destinationPoolOf(frame, entry);
    const uuid = entry.destinationVolumeUuid!;
    const withRow = (volumeId: number): DestinationProgress[] => [
      ...frame.checkpoint.destinations,
      { entryIndex: entry.index, sourceVolumeId: source.id, volumeId, uuid, diskCreated: false, targetsConnected: false },
    ];
    let inserted: VolumeRecord | null = null;
    const id = await session.withAnswers((answered) =>
      this.bookkeeping.insertDestinationVolume({
        jobId: frame.job.id,
        row: (volumeId) => (inserted = destinationVolumeRow(source, pool, { id: volumeId, uuid }, new Date())),
        progress: (volumeId) => ({ step: 'CREATING_VOLUMES', percent: 20, checkpoint: { ...frame.checkpoint, destinations: withRow(volumeId) }, answered }),
      }),
    );
    frame.checkpoint.destinations = withRow(id);
    frame.values.destinationVolumeIds.set(entry.index, id);
    const row = inserted as VolumeRecord | null;
    if (row?.state) frame.versions.set(id, { state: row.state, updateCount: row.updateCount });
  }

  /** R19/R20: the destination disk; then its row Creating -> Ready (path, iSCSI name when managed) -> Migrating. */
  private async createDisk(frame: ExecutionFrame, session: AgentSession, entry: MigrationPlanEntry, command: PlannedCommand): Promise<void> {
    const pool = destinationPoolOf(frame, entry);
    const progress = progressOf(frame, entry);
    const outcome = await session.send(frame, frame.destinationHost, fillHoles(command, frame.values));
    let identifier: string;
    try {
      ({ identifier } = createDiskVerdict(outcome, { uuid: progress.uuid, pool: pool.uuid ?? String(pool.id), managed: pool.managed }));
    } catch (failure) {
      // R32: a create whose answer was lost may have made the disk: the cleanup deletes it.
      if (failure instanceof CreateDiskFailure && failure.mayExist) progress.diskCreated = true;
      throw failure;
    }
    frame.values.volumeIdentifiers.set(entry.index, identifier);
    progress.diskCreated = true;
    const volumes = seenBy(frame, [destinationCreatedEdit(progress.volumeId, identifier, pool.managed ? identifier : null)]);
    const written = await session.withAnswers((answered) =>
      this.bookkeeping.apply({
        jobId: frame.job.id,
        volumes,
        progress: { step: 'CREATING_VOLUMES', percent: 40, checkpoint: frame.checkpoint, answered },
      }),
    );
    noteWritten(frame, volumes, written);
  }

  /** R21 [PR]: the copied template's reference on the destination pool (the job holds the pair). */
  private async writeTemplateRef(frame: ExecutionFrame, entry: MigrationPlanEntry): Promise<void> {
    const source = frame.volumes.get(entry.volumeId)!;
    if (source.templateId === null || source.poolId === null || entry.backingFile === null) return;
    try {
      await this.bookkeeping.copyTemplateReference({
        sourcePoolId: source.poolId,
        destinationPoolId: entry.destinationPoolId!,
        templateId: source.templateId,
        installPath: entry.backingFile,
      });
    } catch (error) {
      if (error instanceof SourceTemplateReferenceMissingError) throw new MigrationFailure('SOURCE_TEMPLATE_REFERENCE_MISSING', error.message);
      throw error;
    }
  }

  /** R23/R24/R25 [PR]: ModifyTargets add=true connects the new disk; its first path is where libvirt writes. */
  private async connect(frame: ExecutionFrame, session: AgentSession, entry: MigrationPlanEntry, command: PlannedCommand): Promise<void> {
    const outcome = await session.send(frame, frame.destinationHost, fillHoles(command, frame.values));
    const identifier = frame.values.volumeIdentifiers.get(entry.index) ?? '';
    const { connectedPath } = connectVerdict(outcome, { host: frame.destinationHost.uuid ?? String(frame.destinationHost.id), identifier });
    frame.values.connectedPaths.set(entry.index, connectedPath);
    // Persisted with the job's next write (the next row or the Prepare's progress): until Prepare,
    // a process taking the job over disconnects nothing anyway (R31 step 1 comes after Prepare).
    progressOf(frame, entry).targetsConnected = true;
  }

  /** R26: PrepareForMigration on the destination host, with the R24 details on the moving disks. */
  private async prepare(frame: ExecutionFrame, session: AgentSession, command: PlannedCommand): Promise<void> {
    await saveProgress(this.bookkeeping, frame, session, 'PREPARING_DESTINATION', 60);
    const outcome = await session.send(frame, frame.destinationHost, fillHoles(command, frame.values));
    frame.values.newVmCpuShares = prepareVerdict(outcome).newVmCpuShares;
    frame.checkpoint.prepared = true;
  }

  /** R28/R29: MigrateCommand to the source host; a lost answer asks where the VM runs before anything is undone. */
  private async migrate(frame: ExecutionFrame, session: AgentSession, command: PlannedCommand): Promise<void> {
    if (!frame.sourceHost) throw new MigrationFailure('STATE_CHANGED', `${frame.vm.instanceName} has no source host`);
    // Recorded before sending: a process taking the job over must know the outcome is unknown.
    frame.checkpoint.migrateSent = true;
    await saveProgress(this.bookkeeping, frame, session, 'MIGRATING', 70);
    const outcome = await session.send(frame, frame.sourceHost, fillHoles(command, frame.values));
    if (migrateVerdict(outcome) === 'MIGRATED') return;
    const where = await locateVm(frame, session);
    if (where === 'DESTINATION') return;
    if (where === 'UNKNOWN') throw outcomeUnknown(frame);
    throw lostMigrationFailure(outcome, {
      sourceHost: frame.sourceHost.uuid ?? String(frame.sourceHost.id),
      destinationHost: frame.destinationHost.uuid ?? String(frame.destinationHost.id),
      vm: frame.vm.instanceName,
      waitSeconds: frame.plan.migrateWaitSeconds,
    });
  }
}

/** Progress that changes no CloudStack row, with the answers not written yet. */
export function saveProgress(bookkeeping: MigrationBookkeeping, frame: ExecutionFrame, session: AgentSession, step: string, percent: number): Promise<void> {
  return session.withAnswers((answered) => bookkeeping.saveProgress(frame.job.id, { step, percent, checkpoint: frame.checkpoint, answered }));
}

function destinationPoolOf(frame: ExecutionFrame, entry: MigrationPlanEntry) {
  const pool = entry.destinationPoolId === null ? undefined : frame.pools.get(entry.destinationPoolId);
  if (!pool) throw new MigrationFailure('STATE_CHANGED', `The destination pool of volume ${entry.volumeId} is gone`);
  return pool;
}

function progressOf(frame: ExecutionFrame, entry: MigrationPlanEntry): DestinationProgress {
  const progress = frame.checkpoint.destinations.find((d) => d.entryIndex === entry.index);
  if (!progress) throw new Error(`entry ${entry.index} has no destination row yet`);
  return progress;
}
