import type { HostRecord, StoragePoolRecord, VmRecord, VolumeRecord } from '../../domain/inventory/records';
import {
  type FailureContext,
  type MigrationPlan,
  type MigrationSnapshot,
  Placeholder,
  type RunValues,
  type TemplatePairUse,
  type VolumeRowEdit,
  type VolumeVersion,
} from '../../domain/migration';
import type { WrittenVolumes } from '../ports/migration-bookkeeping';
import type { InventoryReader } from '../ports/inventory-reader';
import type { MigrationCheckpoint, MigrationCommandRecord, MigrationJob } from './migration-job';
import { NO_PREVIOUS_COMMANDS, PreviousCommands } from './previous-commands';

/** RunValues as the run fills them in. */
interface LearntValues extends RunValues {
  destinationVolumeIds: Map<number, number>;
  destinationVolumeUuids: Map<number, string>;
  volumeIdentifiers: Map<number, string>;
  connectedPaths: Map<number, string>;
  newVmCpuShares: number | null;
}

/**
 * Everything a running (or recovered) job works with. Built from the fresh snapshot for a new run,
 * or from the job's stored plan and checkpoint plus a few reads for a job taken over after a crash.
 */
export interface ExecutionFrame {
  job: MigrationJob;
  plan: MigrationPlan;
  vm: VmRecord;
  sourceHost: HostRecord | null;
  destinationHost: HostRecord;
  /** Request source volumes by id. */
  volumes: Map<number, VolumeRecord>;
  /** Every pool the job touches, by id. */
  pools: Map<number, StoragePoolRecord>;
  checkpoint: MigrationCheckpoint;
  /** What the run has learnt so far: it fills the planned commands' holes. */
  values: LearntValues;
  /** Next command sequence number of this job. */
  seq: number;
  /** (pool, template) pairs the job still holds for its template staging and R21 writes. */
  templatePairs: TemplatePairUse[];
  /** A job taken over: an earlier owner may have held pairs this process does not know of. */
  mayHoldOtherPairs: boolean;
  /** What an earlier owner of the job sent (a job taken over); empty for a job this process started. */
  previous: PreviousCommands;
  /** The volume rows as the job last read or wrote them: its next edits of them need no read first. */
  versions: Map<number, VolumeVersion>;
}

export function frameFromSnapshot(
  job: MigrationJob,
  snapshot: MigrationSnapshot,
  plan: MigrationPlan,
  nextSeq: number,
  templatePairs: TemplatePairUse[],
): ExecutionFrame {
  return {
    job,
    plan,
    vm: snapshot.vm,
    sourceHost: snapshot.sourceHost,
    destinationHost: snapshot.destinationHost,
    volumes: new Map(snapshot.entries.map((e) => [e.volume.id, e.volume])),
    pools: new Map(snapshot.pools),
    checkpoint: structuredClone(job.checkpoint),
    values: knownValues(plan, snapshot.pools),
    seq: nextSeq,
    templatePairs,
    mayHoldOtherPairs: false,
    previous: NO_PREVIOUS_COMMANDS,
    versions: versionsOf(snapshot.entries.map((e) => e.volume)),
  };
}

/** Rebuilds the frame of a job another process started, from its stored plan and checkpoint. */
export async function frameFromJob(job: MigrationJob, inventory: InventoryReader, recorded: readonly MigrationCommandRecord[]): Promise<ExecutionFrame> {
  const plan = job.plan!;
  const hostIds = [job.destinationHostId, ...(job.sourceHostId === null ? [] : [job.sourceHostId])];
  const requestVolumeIds = plan.entries.map((e) => e.volumeId);
  const destinationIds = job.checkpoint.destinations.map((d) => d.volumeId);
  const poolIds = plan.entries.flatMap((e) => [e.sourcePoolId, e.destinationPoolId]).filter((id): id is number => id !== null);
  const [vms, hosts, volumes, pools] = await Promise.all([
    inventory.byIds('vm', [job.vmId], { includeRemoved: true }),
    inventory.byIds('host', hostIds, { includeRemoved: true }),
    inventory.byIds('volume', [...requestVolumeIds, ...destinationIds], { includeRemoved: true }),
    inventory.byIds('storagePool', poolIds, { includeRemoved: true }),
  ]);
  const volumeById = new Map(volumes.map((v) => [v.id, v]));
  const hostById = new Map(hosts.map((h) => [h.id, h]));
  const poolById = new Map(pools.map((p) => [p.id, p]));
  const values = knownValues(plan, poolById);
  for (const d of job.checkpoint.destinations) {
    values.destinationVolumeIds.set(d.entryIndex, d.volumeId);
    // R20: the row's path is the identifier once the disk exists (a managed pool's driver name).
    const path = volumeById.get(d.volumeId)?.path;
    if (path) values.volumeIdentifiers.set(d.entryIndex, path);
  }
  return {
    job,
    plan,
    vm: vms[0],
    sourceHost: job.sourceHostId === null ? null : (hostById.get(job.sourceHostId) ?? null),
    destinationHost: hostById.get(job.destinationHostId)!,
    volumes: new Map(requestVolumeIds.flatMap((id) => (volumeById.has(id) ? [[id, volumeById.get(id)!] as const] : []))),
    pools: poolById,
    checkpoint: structuredClone(job.checkpoint),
    values,
    // The seq goes on after the highest one any process recorded for the job.
    seq: Math.max(0, ...recorded.map((c) => c.seq)) + 1,
    // A recovered job only finishes or rolls back: its end gives its pairs back.
    templatePairs: [],
    mayHoldOtherPairs: true,
    previous: new PreviousCommands(recorded),
    versions: versionsOf(volumes),
  };
}

function versionsOf(volumes: readonly VolumeRecord[]): Map<number, VolumeVersion> {
  return new Map(volumes.filter((v) => v.removed === null && v.state !== null).map((v) => [v.id, { state: v.state!, updateCount: v.updateCount }]));
}

/** The edits, each tried first from the row as the job last saw it. */
export function seenBy(frame: ExecutionFrame, edits: readonly VolumeRowEdit[]): VolumeRowEdit[] {
  return edits.map((edit) => ({ ...edit, seen: frame.versions.get(edit.volumeId) }));
}

/** Remembers what a bookkeeping step left in the rows (a row it did not write may have moved: forgotten). */
export function noteWritten(frame: ExecutionFrame, edits: readonly VolumeRowEdit[], written: WrittenVolumes): void {
  for (const edit of edits) frame.versions.delete(edit.volumeId);
  for (const { volumeId, state, updateCount } of written) frame.versions.set(volumeId, { state, updateCount });
}

/** What is known before the run: the uuids the job picked (R16) and, off managed pools, the R20 identifier (the uuid). */
function knownValues(plan: MigrationPlan, pools: ReadonlyMap<number, StoragePoolRecord>): LearntValues {
  const values: LearntValues = {
    destinationVolumeIds: new Map(),
    destinationVolumeUuids: new Map(),
    volumeIdentifiers: new Map(),
    connectedPaths: new Map(),
    newVmCpuShares: null,
  };
  for (const entry of plan.entries) {
    const uuid = entry.destinationVolumeUuid;
    if (uuid === null || uuid === Placeholder.destinationVolumeUuid) continue;
    values.destinationVolumeUuids.set(entry.index, uuid);
    if (!(entry.destinationPoolId !== null && pools.get(entry.destinationPoolId)?.managed)) values.volumeIdentifiers.set(entry.index, uuid);
  }
  return values;
}

/**
 * The values for cleanup commands: a managed disk whose create never answered has no driver name
 * yet, so it is named by its uuid, as it was created (R32).
 */
export function cleanupValues(frame: ExecutionFrame): RunValues {
  const identifiers = new Map(frame.values.volumeIdentifiers);
  for (const [index, uuid] of frame.values.destinationVolumeUuids) if (!identifiers.has(index)) identifiers.set(index, uuid);
  return { ...frame.values, volumeIdentifiers: identifiers };
}

/** R33 needs every request entry (skipped ones too) by public id. */
export function failureContextOf(frame: ExecutionFrame): FailureContext {
  const poolUuid = (id: number | null) => (id === null ? 'null' : (frame.pools.get(id)?.uuid ?? 'unknown'));
  return {
    vmUuid: frame.vm.uuid ?? 'unknown',
    vmInstanceName: frame.vm.instanceName,
    sourceHostUuid: frame.sourceHost?.uuid ?? 'none',
    destinationHostUuid: frame.destinationHost.uuid ?? 'unknown',
    entries: frame.job.request.volumes.map((v, index) => {
      const entry = frame.plan.entries[index];
      return {
        volumeUuid: v.volumeUuid,
        sourcePoolUuid: poolUuid(entry?.sourcePoolId ?? null),
        destinationPoolUuid: v.destinationPoolUuid,
      };
    }),
  };
}
