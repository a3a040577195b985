import type { CheckVirtualMachineAnswerBody, CopyCmdAnswerBody, DirectDownloadAnswerBody, ModifyTargetsAnswerBody } from '../../domain/agent/command-bodies';
import { AgentCommandName } from '../../domain/agent/agent-command';
import { NotFoundError } from '../../domain/errors';
import type { StoragePoolRecord } from '../../domain/inventory/records';
import {
  buildCheckVirtualMachineCommand, buildCreateObjectCommand, buildDeleteVolumeCommand, buildMigrateCommand, buildModifyTargetsCommand,
  buildPrepareForMigrationCommand, buildVirtualMachineTO, DEFAULT_MIGRATION_SETTINGS, type MigrationAgentCommand, type MigrationPlanEntry, planMigration,
  samePairs, templatePairsOf, type TemplatePairUse,
} from '../../domain/migration';
import type { AgentDispatcher } from '../ports/agent-dispatcher';
import { type MigrationBookkeeping, SourceTemplateReferenceMissingError, StateChangedError } from '../ports/migration-bookkeeping';
import type { MigrationJobStore } from '../ports/migration-job-store';
import { AgentSession, type JobLease, LeaseLostError, type MigrationObserver } from './agent-session';
import { type CreatedDestination, type ExecutionFrame, failureContextOf, frameFromJob, frameFromSnapshot } from './execution-frame';
import { loadMigrationSnapshot, type SnapshotReaders } from './load-migration-snapshot';
import { failureCodeOf, isSuccess, MigrationFailure, outcomeDetails, wrapFailureMessage } from './migration-failure';
import { delay } from './delay';
import { locateMigratedVm, type VmWhereabouts } from './vm-whereabouts';
import type { MigrationErrorCode, MigrationJob } from './migration-job';

/** Backoff while another job holds a (pool, template) pair. */
const PAIR_RETRY_FIRST_MS = 50;
const PAIR_RETRY_MAX_MS = 1000;

export interface MigrationExecutorDeps {
  jobs: MigrationJobStore;
  bookkeeping: MigrationBookkeeping;
  readers: SnapshotReaders;
  agents: AgentDispatcher;
  observer?: MigrationObserver;
}

/**
 * Carries out a planned migration as CloudStack does (§8 of the reference): R3 bookkeeping, per
 * migrated volume template staging, destination volume and disk, connection; PrepareForMigration;
 * Migrate (with the R29 timeout check); then R30 on success or R31/R32 on any failure. Every failure
 * ends in one bookkeeping transaction that leaves no VM or volume in Migrating.
 */
export class MigrationExecutor {
  private readonly observer: MigrationObserver;

  constructor(private readonly deps: MigrationExecutorDeps) {
    this.observer = deps.observer ?? {};
  }

  /** Runs a job this process created (or one that never got past R3). */
  async execute(job: MigrationJob, lease: JobLease): Promise<void> {
    const session = new AgentSession(this.deps.agents, this.deps.jobs, this.observer, lease);
    const frame = await this.prepareFrame(job, session);
    if (!frame) return;
    try {
      // R3: VM and every request volume to Migrating, all or nothing.
      await this.deps.bookkeeping.beginMigration({
        jobId: job.id,
        vm: frame.vm,
        destinationHost: frame.destinationHost,
        volumes: [...frame.volumes.values()],
        checkpoint: { ...frame.checkpoint, vmMigrating: true, volumesMigrating: true },
      });
    } catch (error) {
      if (error instanceof LeaseLostError) return;
      if (!(error instanceof StateChangedError)) throw error;
      // Lease/recovery fencing: the change may be the R3 of the process that took this job over.
      if (!(await lease.holds())) return;
      await this.endWithoutChanges(job, 'STATE_CHANGED', error.message);
      return;
    }
    frame.checkpoint = { ...frame.checkpoint, vmMigrating: true, volumesMigrating: true };
    await this.drive(frame, session, async () => {
      for (const entry of frame.plan.entries) if (!entry.skipped) await this.createDestination(frame, session, entry);
      await this.prepareDestination(frame, session);
      await this.migrate(frame, session);
    });
  }

  /**
   * Finishes or rolls back a job whose process died (its lease expired): a job that never moved a
   * row simply runs; after the MigrateCommand was sent, CheckVirtualMachine on the destination
   * decides (R29 semantics); before it, everything is rolled back (R32).
   */
  async recover(job: MigrationJob, lease: JobLease): Promise<void> {
    if (!job.checkpoint.vmMigrating) return this.execute(job, lease);
    const session = new AgentSession(this.deps.agents, this.deps.jobs, this.observer, lease);
    const recorded = await this.deps.jobs.commandsByJobIds([job.id]);
    const frame = await frameFromJob(job, this.deps.readers.inventory, recorded);
    this.observer.log?.({ level: 'warn', msg: 'recovering abandoned migration job', job: job.uuid, previousOwner: job.leaseOwner, checkpoint: job.checkpoint });
    await this.drive(frame, session, async () => {
      if (!frame.checkpoint.migrateSent) {
        throw new MigrationFailure('GATEWAY_INTERRUPTED', 'The gateway process running this migration stopped before the MigrateCommand was sent.');
      }
      const where = await this.locate(frame, session);
      if (where === 'UNKNOWN') throw outcomeUnknown(frame);
      if (where === 'NOT_DESTINATION') {
        throw new MigrationFailure(
          'GATEWAY_INTERRUPTED',
          `The gateway process running this migration stopped after the MigrateCommand was sent, and ${frame.vm.instanceName} is not running on the destination host ${frame.destinationHost.uuid}.`,
        );
      }
    });
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
        await this.fail(frame, session, asFailure(error));
      } catch (failError) {
        // Lease/recovery fencing: another process owns the job now and does its cleanup.
        if (!(failError instanceof LeaseLostError)) throw failError;
        this.observer.log?.({ level: 'warn', msg: 'lease lost during cleanup; another gateway process owns the job now', job: frame.job.uuid });
      }
      return;
    }
    try {
      await this.complete(frame, session);
    } catch (error) {
      if (error instanceof LeaseLostError) return;
      throw error;
    }
  }

  /** Re-plans with the real destination uuids: the database may have changed since the request. */
  private async prepareFrame(job: MigrationJob, session: AgentSession): Promise<ExecutionFrame | null> {
    const uuids = job.plan?.entries.map((e) => e.destinationVolumeUuid ?? '') ?? [];
    try {
      if (!(await this.deps.jobs.markRunning(job.id, job.leaseOwner ?? ''))) {
        // Lease/recovery fencing: another process took the job over (or ended it) before this one
        // started it; failing it here would end a job that process is running.
        this.observer.log?.({ level: 'warn', msg: 'job taken over before it started; leaving it to its owner', job: job.uuid });
        return null;
      }
      const decided = await this.planHoldingTemplatePairs(job, session, uuids);
      const { snapshot, plan, pairs } = decided;
      if (plan.blockers.length) {
        await this.deps.bookkeeping.unlockTemplatePairs(job.id, pairs);
        await this.endWithoutChanges(job, 'STATE_CHANGED', `The migration can no longer run: ${plan.blockers.map((b) => `${b.code}: ${b.message}`).join('; ')}`);
        return null;
      }
      // The job shows the decision it carries out: the database may have changed since the request.
      if (JSON.stringify(plan) !== JSON.stringify(job.plan)) await this.deps.jobs.savePlan(job.id, plan);
      // A job another process started (and lost before R3) may have recorded commands already.
      return frameFromSnapshot({ ...job, plan }, snapshot, plan, await this.deps.jobs.nextCommandSeq(job.id), pairs);
    } catch (error) {
      if (error instanceof LeaseLostError) return null;
      if (error instanceof MigrationFailure) {
        await this.endWithoutChanges(job, error.code, error.message);
        return null;
      }
      if (!(error instanceof NotFoundError)) throw error;
      await this.endWithoutChanges(job, 'STATE_CHANGED', error.message);
      return null;
    }
  }

  /**
   * Decides the migration while holding the (pool, template) pairs it stages or writes R21 for
   * (reference §12 "Concurrency"): plan, take the pairs the plan touches (all or none), plan again
   * under them (the references may have changed meanwhile), until the pairs held are the pairs the
   * plan touches. Another job holding one means waiting for it, at most the staging wait. A plan
   * that touches no pair (the common case) costs nothing more.
   */
  private async planHoldingTemplatePairs(job: MigrationJob, session: AgentSession, uuids: string[]) {
    let held: TemplatePairUse[] = [];
    let waitedUntil: number | null = null;
    for (let delayMs = PAIR_RETRY_FIRST_MS; ; ) {
      const snapshot = await loadMigrationSnapshot(this.deps.readers, job.request, uuids);
      const plan = planMigration(snapshot);
      const volumes = new Map(snapshot.entries.map((e) => [e.volume.id, e.volume]));
      const needed = plan.blockers.length ? [] : templatePairsOf(plan, (id) => volumes.get(id)?.templateId ?? null);
      if (samePairs(needed, held)) return { snapshot, plan, pairs: held };
      await this.deps.bookkeeping.unlockTemplatePairs(job.id, held);
      held = [];
      if ((await this.deps.bookkeeping.lockTemplatePairs(job.id, needed)) === 'HELD') {
        held = needed;
        continue;
      }
      const deadline = (waitedUntil ??= Date.now() + snapshot.settings.primaryStorageDownloadWaitSeconds * 1000);
      if (Date.now() > deadline) {
        throw new MigrationFailure('TEMPLATE_STAGING_BUSY', `Gave up after ${snapshot.settings.primaryStorageDownloadWaitSeconds} s waiting for other migrations staging the same template on the same destination pool.`);
      }
      await session.ensureLease();
      await delay(delayMs);
      delayMs = Math.min(delayMs * 2, PAIR_RETRY_MAX_MS);
    }
  }

  /** Steps 1-3 of §8 for one migrated entry, in map order. */
  private async createDestination(frame: ExecutionFrame, session: AgentSession, entry: MigrationPlanEntry): Promise<void> {
    const source = frame.volumes.get(entry.volumeId)!;
    const destinationPool = frame.pools.get(entry.destinationPoolId!)!;
    await this.stageTemplate(frame, session, entry, destinationPool);

    // R16/R17: the new row, Allocated -> Creating.
    const uuid = entry.destinationVolumeUuid!;
    let volume = await this.deps.bookkeeping.createDestinationVolume({
      jobId: frame.job.id,
      source,
      pool: destinationPool,
      uuid,
      checkpoint: (volumeId) => ({
        ...frame.checkpoint,
        destinations: [...frame.checkpoint.destinations, { entryIndex: entry.index, sourceVolumeId: source.id, volumeId, uuid, diskCreated: false, targetsConnected: false }],
      }),
    });
    frame.checkpoint.destinations.push({ entryIndex: entry.index, sourceVolumeId: source.id, volumeId: volume.id, uuid, diskCreated: false, targetsConnected: false });
    const created: CreatedDestination = { entry, source, volume, identifier: null, sourceText: null };
    frame.destinations.push(created);
    const progress = frame.checkpoint.destinations.at(-1)!;

    // R19: the destination disk.
    const outcome = await session.send(
      frame,
      frame.destinationHost,
      buildCreateObjectCommand({
        sourceVolume: source,
        destinationVolume: { id: volume.id, uuid },
        destinationPool,
        migrationOptions: entry.migrationOptions,
        waitSeconds: agentWait(frame),
      }),
    );
    const answerLost = outcome.kind !== 'ANSWERED';
    if (!isSuccess(outcome)) {
      // R32: a create whose answer was lost (no answer, timeout, unreachable) may have made the disk;
      // count it as created so the cleanup expunges it instead of leaving an orphan on the pool.
      if (answerLost) progress.diskCreated = true;
      throw new MigrationFailure(failureCodeOf(outcome), `Failed to create the destination volume [${uuid}] on the primary storage pool [${destinationPool.uuid}]: ${outcomeDetails(outcome)}`);
    }
    // R20: a managed pool's driver names the volume; elsewhere the identifier is the uuid.
    const answered = (outcome.answer.body as { data?: { path?: string } }).data?.path;
    const identifier = destinationPool.managed ? answered || uuid : uuid;
    progress.diskCreated = true;
    await this.deps.bookkeeping.markDestinationCreated({
      jobId: frame.job.id,
      volumeId: volume.id,
      path: identifier,
      iscsiName: destinationPool.managed ? identifier : undefined,
      checkpoint: frame.checkpoint,
    });
    volume = { ...volume, path: identifier, iscsiName: destinationPool.managed ? identifier : volume.iscsiName, state: 'Migrating' };
    created.volume = volume;
    created.identifier = identifier;

    // R21 [PR]: the copied template's reference on the destination pool.
    if (entry.templateRefAction.kind !== 'NONE' && source.templateId !== null && source.poolId !== null && entry.backingFile !== null) {
      try {
        await this.deps.bookkeeping.copyTemplateReference({
          sourcePoolId: source.poolId,
          destinationPoolId: destinationPool.id,
          templateId: source.templateId,
          installPath: entry.backingFile,
        });
      } catch (error) {
        if (error instanceof SourceTemplateReferenceMissingError) throw new MigrationFailure('SOURCE_TEMPLATE_REFERENCE_MISSING', error.message);
        throw error;
      }
    }

    await this.releasePairsDoneWith(frame, entry);

    // R23/R24: connect the destination host to the new disk when its path comes from the agent.
    created.sourceText = entry.migrateDiskInfo?.sourceText ?? null;
    if (entry.needsModifyTargets) {
      created.sourceText = await this.connect(frame, session, destinationPool, identifier);
      progress.targetsConnected = true;
      await this.deps.jobs.saveProgress(frame.job.id, 'CONNECTING_VOLUMES', 50, frame.checkpoint);
    }
  }

  /** R13-R15: the template reaches the destination pool before a linked clone is created on it (the job holds the pair). */
  private async stageTemplate(frame: ExecutionFrame, session: AgentSession, entry: MigrationPlanEntry, pool: StoragePoolRecord): Promise<void> {
    const kind = entry.templateStaging.kind;
    if (kind !== 'COPY_FROM_IMAGE_STORE' && kind !== 'DIRECT_DOWNLOAD') return;
    const planned = frame.plan.commands.find((c) => c.step === 1 && c.entryIndex === entry.index);
    const templateId = frame.volumes.get(entry.volumeId)?.templateId ?? null;
    if (!planned || templateId === null) return;
    const command = planned as MigrationAgentCommand;
    const templateLabel = (command.body as { destTO?: { templateUuid?: string }; templateUuid?: string }).destTO?.templateUuid ?? (command.body as { templateUuid?: string }).templateUuid ?? String(templateId);
    const outcome = await session.send(frame, frame.destinationHost, command);
    if (kind === 'COPY_FROM_IMAGE_STORE') {
      if (outcome.kind === 'TIMEOUT' || outcome.kind === 'UNREACHABLE') {
        // R15: agent unavailable or timeout is a hard failure.
        throw new MigrationFailure(failureCodeOf(outcome), `Failed to copy template [${templateLabel}] to the primary storage pool [${pool.uuid}]. ${outcomeDetails(outcome)}`);
      }
      if (!isSuccess(outcome)) {
        // R15: a failed copy is only logged; the agent copies the source backing file itself (R18/R21).
        this.observer.log?.({ level: 'warn', msg: `Failed to copy template [${templateLabel}] to the primary storage pool [${pool.uuid}]. Details: ${outcomeDetails(outcome)}`, job: frame.job.uuid });
        return;
      }
      const body = outcome.answer.body as Partial<CopyCmdAnswerBody>;
      const destTO = (command.body as { destTO?: { path?: string; size?: number } }).destTO;
      const installPath = body.newData?.path ?? destTO?.path ?? '';
      await this.deps.bookkeeping.recordTemplateOnPool({ poolId: pool.id, templateId, installPath, localPath: installPath, templateSize: body.newData?.size ?? destTO?.size ?? 0 });
      return;
    }
    // R14: direct download to the destination pool under a name the agent generates.
    if (!isSuccess(outcome)) {
      throw new MigrationFailure(failureCodeOf(outcome), `Failed to download template [${templateLabel}] to the primary storage pool [${pool.uuid}]: ${outcomeDetails(outcome)}`);
    }
    const body = outcome.answer.body as Partial<DirectDownloadAnswerBody>;
    await this.deps.bookkeeping.recordTemplateOnPool({
      poolId: pool.id,
      templateId,
      installPath: body.installPath ?? '',
      localPath: body.installPath ?? '',
      templateSize: body.templateSize ?? 0,
    });
  }

  /** The pairs whose last use was this entry go back: other jobs may stage or reference them now. */
  private async releasePairsDoneWith(frame: ExecutionFrame, entry: MigrationPlanEntry): Promise<void> {
    const done = frame.templatePairs.filter((pair) => pair.lastEntryIndex === entry.index);
    if (done.length === 0) return;
    await this.deps.bookkeeping.unlockTemplatePairs(frame.job.id, done);
    frame.templatePairs = frame.templatePairs.filter((pair) => pair.lastEntryIndex !== entry.index);
  }

  /** R25 [PR]: ModifyTargets add=true; any failure keeps the agent's details; an empty path list fails clearly. */
  private async connect(frame: ExecutionFrame, session: AgentSession, pool: StoragePoolRecord, identifier: string): Promise<string> {
    const outcome = await session.send(frame, frame.destinationHost, buildModifyTargetsCommand({ add: true, identifier, pool, waitSeconds: agentWait(frame) }));
    const host = frame.destinationHost.uuid;
    if (outcome.kind !== 'ANSWERED') {
      // "Easy send": transport failures come back as a null answer; the reason is kept.
      const reason = outcome.kind === 'NO_ANSWER' ? '' : ` (${outcomeDetails(outcome)})`;
      throw new MigrationFailure(failureCodeOf(outcome), `Unable to get an answer to the modify targets command${reason}`);
    }
    if (!outcome.answer.result) {
      throw new MigrationFailure('AGENT_COMMAND_FAILED', `Unable to modify targets on the following host: ${host}. Details: ${outcomeDetails(outcome)}`);
    }
    const paths = (outcome.answer.body as Partial<ModifyTargetsAnswerBody>).connectedPaths;
    if (!Array.isArray(paths) || paths.length === 0 || !paths[0]) {
      throw new MigrationFailure('NO_CONNECTED_PATH', `ModifyTargetsCommand on host ${host}: no connected path was returned for ${identifier}`);
    }
    return paths[0];
  }

  /** R26: PrepareForMigration on the destination host, with the R24 details on the moving disks. */
  private async prepareDestination(frame: ExecutionFrame, session: AgentSession): Promise<void> {
    await this.deps.jobs.saveProgress(frame.job.id, 'PREPARING_DESTINATION', 60, frame.checkpoint);
    const secretConsumers = new Map(frame.destinations.map((d) => [d.source.id, d.identifier ?? d.volume.uuid ?? '']));
    frame.vmTO = buildVirtualMachineTO({
      vm: frame.vm,
      state: 'Migrating',
      isWindows: frame.plan.isWindows,
      volumes: frame.vmVolumes,
      pools: frame.pools,
      secretConsumers,
    });
    const outcome = await session.send(frame, frame.destinationHost, buildPrepareForMigrationCommand({ vm: frame.vmTO, rollback: false, waitSeconds: agentWait(frame) }));
    if (!isSuccess(outcome)) {
      const message = outcome.kind === 'TIMEOUT' ? 'Operation timed out' : `Unable to prepare for migration due to the following: ${outcomeDetails(outcome)}`;
      throw new MigrationFailure(failureCodeOf(outcome), message);
    }
    const shares = (outcome.answer.body as { newVmCpuShares?: unknown }).newVmCpuShares;
    frame.newVmCpuShares = typeof shares === 'number' ? shares : null;
    frame.checkpoint.prepared = true;
  }

  /** R28/R29: MigrateCommand to the source host; on a timeout the destination host is asked. */
  private async migrate(frame: ExecutionFrame, session: AgentSession): Promise<void> {
    if (!frame.sourceHost) throw new MigrationFailure('STATE_CHANGED', `${frame.vm.instanceName} has no source host`);
    const command = buildMigrateCommand({
      vm: frame.vmTO!,
      destinationIp: frame.destinationHost.privateIpAddress,
      disks: frame.destinations.map((d) => ({
        info: {
          serialNumber: d.source.path ?? '',
          diskType: d.entry.migrateDiskInfo!.diskType,
          driverType: d.entry.migrateDiskInfo!.driverType,
          source: d.entry.migrateDiskInfo!.source,
          sourceText: d.sourceText ?? '',
          backingStoreText: d.entry.migrateDiskInfo!.backingStoreText,
          isSourceDiskOnStorageFileSystem: d.entry.migrateDiskInfo!.isSourceDiskOnStorageFileSystem,
        },
        inMigrateDiskInfoList: d.entry.migrateDiskInfo!.inMigrateDiskInfoList,
      })),
      migrateStorageManaged: frame.plan.migrateStorageManaged,
      migrateNonSharedInc: frame.plan.migrateNonSharedInc,
      autoConvergence: frame.plan.autoConvergence,
      newVmCpuShares: frame.newVmCpuShares,
      waitSeconds: frame.plan.migrateWaitSeconds,
    });
    // Recorded before sending: a process taking the job over must know the outcome is unknown.
    frame.checkpoint.migrateSent = true;
    await this.deps.jobs.saveProgress(frame.job.id, 'MIGRATING', 70, frame.checkpoint);
    const outcome = await session.send(frame, frame.sourceHost, command);
    if (outcome.kind === 'ANSWERED') {
      if (outcome.answer.result) return;
      // The agent answered result=false: the migration did not happen (R31).
      throw new MigrationFailure('AGENT_COMMAND_FAILED', outcomeDetails(outcome));
    }
    // R29, for every lost answer: a migration that did happen is a success.
    const where = await this.locate(frame, session);
    if (where === 'DESTINATION') return;
    if (where === 'UNKNOWN') throw outcomeUnknown(frame);
    if (outcome.kind === 'TIMEOUT') {
      throw new MigrationFailure('AGENT_TIMEOUT', `Operation timed out: no answer to the MigrateCommand from host ${frame.sourceHost.uuid} within ${frame.plan.migrateWaitSeconds} s, and ${frame.vm.instanceName} is not running on the destination host ${frame.destinationHost.uuid}`);
    }
    if (outcome.kind === 'NO_ANSWER') throw new MigrationFailure('AGENT_NO_ANSWER', 'Unable to get an answer to the migrate command');
    throw new MigrationFailure(failureCodeOf(outcome), outcomeDetails(outcome));
  }

  /** R29: where the VM runs after a MigrateCommand whose answer was lost (CheckVirtualMachine, idempotent). */
  private locate(frame: ExecutionFrame, session: AgentSession): Promise<VmWhereabouts> {
    const command = buildCheckVirtualMachineCommand({ vmName: frame.vm.instanceName, waitSeconds: agentWait(frame) });
    // As long as CloudStack waits for an agent's answer (configuration `wait`), at least three rounds.
    const deadline = Date.now() + agentWait(frame) * 1000;
    return locateMigratedVm((where) => {
      const host = where === 'DESTINATION' ? frame.destinationHost : frame.sourceHost;
      return host ? session.send(frame, host, command) : Promise.resolve({ kind: 'NO_ANSWER' } as const);
    }, deadline);
  }

  /** R30 + R34: expunge the source disks, then every row change and the job's end in one transaction. */
  private async complete(frame: ExecutionFrame, session: AgentSession): Promise<void> {
    await this.deps.jobs.saveProgress(frame.job.id, 'FINALIZING', 90, frame.checkpoint);
    for (const destination of frame.destinations) {
      const pool = destination.source.poolId === null ? undefined : frame.pools.get(destination.source.poolId);
      // A Delete an earlier owner sent is never sent again (not idempotent, agent-protocol.md).
      if (!pool || !frame.sourceHost || frame.previous.deleteSent(destination.source.id)) continue;
      // R30 step 7: the source disk goes; a failure is logged, not fatal.
      const outcome = await session.send(frame, frame.sourceHost, buildDeleteVolumeCommand({ volume: destination.source, pool, waitSeconds: agentWait(frame) }));
      if (!isSuccess(outcome)) this.observer.log?.({ level: 'warn', msg: `Failed to expunge source volume disk ${destination.source.path}: ${outcomeDetails(outcome)}`, job: frame.job.uuid });
    }
    const migrated = new Set(frame.destinations.map((d) => d.source.id));
    await this.deps.bookkeeping.completeMigration({
      jobId: frame.job.id,
      vm: frame.vm,
      destinationHost: frame.destinationHost,
      pairs: frame.destinations.map((d) => ({ source: d.source, destinationVolumeId: d.volume.id })),
      skippedVolumeIds: [...frame.volumes.keys()].filter((id) => !migrated.has(id)),
    });
    this.observer.jobFinished?.('SUCCEEDED');
    this.observer.log?.({ msg: 'migration succeeded', job: frame.job.uuid, vm: frame.vm.uuid });
  }

  /**
   * R31/R32: undo on the agents (errors only logged), then put every row back in one transaction
   * with the job's failure. The message wraps the cause as CloudStack does (R33).
   */
  private async fail(frame: ExecutionFrame, session: AgentSession, failure: MigrationFailure): Promise<void> {
    if (failure.code !== 'MIGRATION_OUTCOME_UNKNOWN') await this.cleanUpAgents(frame, session);
    const message = wrapFailureMessage(failureContextOf(frame), failure.message);
    await this.deps.bookkeeping.rollbackMigration({
      jobId: frame.job.id,
      vmId: frame.vm.id,
      sourceHost: frame.sourceHost,
      requestVolumeIds: [...frame.volumes.keys()],
      destinationVolumeIds: frame.checkpoint.destinations.map((d) => d.volumeId),
      error: { code: failure.code, message },
    });
    this.observer.jobFinished?.('FAILED');
    this.observer.log?.({ level: 'warn', msg: 'migration failed', job: frame.job.uuid, code: failure.code, error: message });
  }

  /** R31/R32 on the agents, every command best effort (errors only logged). */
  private async cleanUpAgents(frame: ExecutionFrame, session: AgentSession): Promise<void> {
    const bestEffort = async (command: MigrationAgentCommand, host = frame.destinationHost) => {
      try {
        const outcome = await session.send(frame, host, command);
        if (!isSuccess(outcome)) this.observer.log?.({ level: 'warn', msg: `cleanup ${command.name} failed: ${outcomeDetails(outcome)}`, job: frame.job.uuid });
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        this.observer.log?.({ level: 'warn', msg: `cleanup ${command.name} failed: ${String(error)}`, job: frame.job.uuid });
      }
    };
    // A PrepareForMigration whose answer an earlier owner never got may have prepared the destination.
    const afterPrepare = frame.checkpoint.prepared || frame.checkpoint.migrateSent || frame.previous.mayHavePrepared();
    if (afterPrepare) {
      // R31 step 1: undo PrepareForMigration on the destination.
      const vmTO = frame.vmTO ?? storedVmTO(frame);
      if (vmTO) await bestEffort(buildPrepareForMigrationCommand({ vm: vmTO, rollback: true, waitSeconds: agentWait(frame) }));
    }
    // R31 step 2, per migrated pair in map order: disconnect the destination (after PrepareForMigration
    // only), then expunge its disk if it was created (R31/R32).
    for (const d of frame.destinations) {
      const pool = frame.pools.get(d.volume.poolId ?? -1);
      if (!pool) continue;
      // R31: the disconnect names the destination's iscsi_name (NULL for NFS), not the R20 identifier.
      if (afterPrepare) await bestEffort(buildModifyTargetsCommand({ add: false, identifier: d.volume.iscsiName, pool, waitSeconds: agentWait(frame) }));
      const progress = frame.checkpoint.destinations.find((p) => p.volumeId === d.volume.id);
      // R32: a disk whose create went unanswered (here or by an earlier owner) may exist: it goes, once.
      const mayExist = progress?.diskCreated || frame.previous.mayHaveCreated(d.volume.id);
      // A disk whose create went unanswered has no `path` yet (R20); it was created under its identifier.
      if (mayExist && !frame.previous.deleteSent(d.volume.id)) {
        await bestEffort(buildDeleteVolumeCommand({ volume: { ...d.volume, path: d.volume.path ?? d.identifier ?? d.volume.uuid }, pool, waitSeconds: agentWait(frame) }));
      }
    }
  }

  private async endWithoutChanges(job: MigrationJob, code: MigrationErrorCode, message: string): Promise<void> {
    await this.deps.jobs.finish(job.id, 'FAILED', { code, message });
    this.observer.jobFinished?.('FAILED');
  }
}

/** §8 "Waits": configuration `wait` as the plan recorded it (plans stored before it was recorded: CloudStack's default). */
function agentWait(frame: ExecutionFrame): number {
  return frame.plan.agentWaitSeconds ?? DEFAULT_MIGRATION_SETTINGS.agentWaitSeconds;
}

/** The VM transfer object the plan recorded for PrepareForMigration (used when a job is recovered). */
function storedVmTO(frame: ExecutionFrame) {
  const planned = frame.plan.commands.find((c) => c.name === AgentCommandName.PrepareForMigration);
  return planned ? (planned.body as { vm: import('../../domain/agent/command-bodies').VirtualMachineTO }).vm : null;
}

/**
 * Neither host tells where the VM runs after its MigrateCommand: the job ends FAILED without touching
 * the agents (a rollback would delete disks the VM may run on); an operator must look.
 */
function outcomeUnknown(frame: ExecutionFrame): MigrationFailure {
  return new MigrationFailure(
    'MIGRATION_OUTCOME_UNKNOWN',
    `The answer to the MigrateCommand was lost and neither the destination host ${frame.destinationHost.uuid} nor the source host `
      + `${frame.sourceHost?.uuid ?? 'none'} says where ${frame.vm.instanceName} runs; its disks on both pools were left as they are: check the hosts before migrating it again.`,
  );
}

/** Any error becomes a failed migration with a non-empty message (R33, PR intent). */
function asFailure(error: unknown): MigrationFailure {
  if (error instanceof MigrationFailure) return error;
  if (error instanceof StateChangedError) return new MigrationFailure('STATE_CHANGED', error.message);
  const message = error instanceof Error ? error.message || error.name : String(error);
  return new MigrationFailure('INTERNAL_ERROR', message || 'unknown error');
}
