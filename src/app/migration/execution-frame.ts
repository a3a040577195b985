import type { HostRecord, StoragePoolRecord, VmRecord, VolumeRecord } from '../../domain/inventory/records';
import type { MigrationPlan, MigrationPlanEntry, MigrationSnapshot, TemplatePairUse } from '../../domain/migration';
import type { VirtualMachineTO } from '../../domain/agent/command-bodies';
import type { InventoryReader } from '../ports/inventory-reader';
import type { FailureContext } from './migration-failure';
import type { MigrationCheckpoint, MigrationCommandRecord, MigrationJob } from './migration-job';
import { NO_PREVIOUS_COMMANDS, PreviousCommands } from './previous-commands';

/** A destination volume the job created, with what later steps need. */
export interface CreatedDestination {
  entry: MigrationPlanEntry;
  source: VolumeRecord;
  /** The destination row as created (R16); `path` is filled once the disk exists (R20). */
  volume: VolumeRecord;
  /** R20 identifier: the uuid (non-managed) or the driver's volume name (managed). */
  identifier: string | null;
  /** R23/R24: the destination disk path libvirt writes to. */
  sourceText: string | null;
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
  /** All volumes attached to the VM (for the VM transfer object). */
  vmVolumes: VolumeRecord[];
  checkpoint: MigrationCheckpoint;
  destinations: CreatedDestination[];
  vmTO: VirtualMachineTO | null;
  newVmCpuShares: number | null;
  /** Next command sequence number of this job. */
  seq: number;
  /** (pool, template) pairs the job still holds for its template staging and R21 writes. */
  templatePairs: TemplatePairUse[];
  /** What an earlier owner of the job sent (a job taken over); empty for a job this process started. */
  previous: PreviousCommands;
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
    vmVolumes: [...snapshot.vmVolumes],
    checkpoint: structuredClone(job.checkpoint),
    destinations: [],
    vmTO: null,
    newVmCpuShares: null,
    seq: nextSeq,
    templatePairs,
    previous: NO_PREVIOUS_COMMANDS,
  };
}

/** Rebuilds the frame of a job another process started, from its stored plan and checkpoint. */
export async function frameFromJob(job: MigrationJob, inventory: InventoryReader, recorded: readonly MigrationCommandRecord[]): Promise<ExecutionFrame> {
  const plan = job.plan!;
  const hostIds = [job.destinationHostId, ...(job.sourceHostId === null ? [] : [job.sourceHostId])];
  const requestVolumeIds = plan.entries.map((e) => e.volumeId);
  const destinationIds = job.checkpoint.destinations.map((d) => d.volumeId);
  const [vms, hosts, volumes] = await Promise.all([
    inventory.byIds('vm', [job.vmId], { includeRemoved: true }),
    inventory.byIds('host', hostIds, { includeRemoved: true }),
    inventory.byIds('volume', [...requestVolumeIds, ...destinationIds], { includeRemoved: true }),
  ]);
  const volumeById = new Map(volumes.map((v) => [v.id, v]));
  const poolIds = plan.entries.flatMap((e) => [e.sourcePoolId, e.destinationPoolId]).filter((id): id is number => id !== null && id > 0);
  const pools = await inventory.byIds('storagePool', poolIds, { includeRemoved: true });
  const hostById = new Map(hosts.map((h) => [h.id, h]));
  const entryByIndex = new Map(plan.entries.map((e) => [e.index, e]));
  const destinations: CreatedDestination[] = job.checkpoint.destinations.flatMap((d) => {
    const volume = volumeById.get(d.volumeId);
    const source = volumeById.get(d.sourceVolumeId);
    const entry = entryByIndex.get(d.entryIndex);
    if (!volume || !source || !entry) return [];
    return [{ entry, source, volume, identifier: volume.path, sourceText: null }];
  });
  return {
    job,
    plan,
    vm: vms[0],
    sourceHost: job.sourceHostId === null ? null : hostById.get(job.sourceHostId) ?? null,
    destinationHost: hostById.get(job.destinationHostId)!,
    volumes: new Map(requestVolumeIds.flatMap((id) => (volumeById.has(id) ? [[id, volumeById.get(id)!] as const] : []))),
    pools: new Map(pools.map((p) => [p.id, p])),
    vmVolumes: [],
    checkpoint: structuredClone(job.checkpoint),
    destinations,
    vmTO: null,
    newVmCpuShares: null,
    // The seq goes on after the highest one any process recorded for the job.
    seq: Math.max(0, ...recorded.map((c) => c.seq)) + 1,
    // A recovered job only finishes or rolls back: its end gives its pairs back.
    templatePairs: [],
    previous: new PreviousCommands(recorded),
  };
}

/** R33 needs every request entry (skipped ones too) by public id. */
export function failureContextOf(frame: ExecutionFrame): FailureContext {
  const poolUuid = (id: number | null) => (id === null ? 'null' : frame.pools.get(id)?.uuid ?? 'unknown');
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
