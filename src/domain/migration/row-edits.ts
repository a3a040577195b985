import type { HostRecord, StoragePoolRecord, VmRecord, VolumeRecord } from '../inventory/records';
import { type VolumeEvent, walkVolume } from './volume-state-machine';

/** Columns of a `volumes` row a migration writes besides its state. */
type VolumeFields = Partial<Pick<VolumeRecord, 'uuid' | 'instanceId' | 'deviceId' | 'attached' | 'volumeType' | 'format' | 'lastId' | 'path' | 'iscsiName'>>;

/**
 * One row change of CloudStack's bookkeeping, as data, applied as ONE conditional update:
 * 1. walk `events` from the state the row is in (only if it is in `onlyFrom`, when given: the
 *    idempotent end transitions leave a row that moved on alone);
 * 2. with `expunge`, walk on to Expunged from wherever that left it and mark it removed (a row
 *    already expunged and removed stays as it is);
 * 3. write `set`.
 * Every transition is one `update_count` step. The bookkeeping applies a list of these in one
 * transaction, each conditional on the row's state and update_count as it read them.
 */
export interface VolumeRowEdit {
  volumeId: number;
  events: readonly VolumeEvent[];
  onlyFrom?: string;
  expunge?: boolean;
  set?: VolumeFields;
  /** Conditional on this update_count (the value the plan read: a lost race on CloudStack's lock, R3). */
  expectedUpdateCount?: number;
  /** How the volume is named in a "state has changed" message. */
  label?: string;
  /**
   * The row as this job last read or wrote it (not removed): the update is tried conditional on it
   * first, without reading the row; only a row that moved on since is read and walked from there.
   */
  seen?: VolumeVersion;
}

/** A volume row's state and update_count as a job last read or wrote them. */
export interface VolumeVersion {
  state: string;
  updateCount: number;
}

/**
 * A `vm_instance` transition (VirtualMachineManager's state machine: Running --MigrationRequested-->
 * Migrating --OperationSucceeded/OperationFailed--> Running), conditional on the state, and where
 * given on the update_count and host the plan read; host and pod are written in the same UPDATE.
 */
export interface VmRowEdit {
  vmId: number;
  from: 'Running' | 'Migrating';
  to: 'Running' | 'Migrating';
  expectedUpdateCount?: number;
  expectedHostId?: number | null;
  set: { hostId: number | null; podId: number | null; lastHostId?: number | null };
  /** The VM's instance name, for "Migration cancelled because state has changed: <vm>" (R3). */
  label: string;
}

/** R30 step 8: snapshots follow the volume to its new row. */
export interface SnapshotMove {
  fromVolumeId: number;
  toVolumeId: number;
}

/**
 * R16/R17: the destination row, cloned from the source onto the destination pool, as inserted:
 * Allocated walked on MigrationCopyRequested to Creating (one update_count step).
 */
export function destinationVolumeRow(source: VolumeRecord, pool: StoragePoolRecord, identity: { id: number; uuid: string }, now: Date): VolumeRecord {
  const walk = walkVolume('Allocated', ['MigrationCopyRequested']);
  if (!walk.ok) throw new Error('the volume state machine lost Allocated --MigrationCopyRequested--> Creating');
  return {
    ...source,
    id: identity.id,
    uuid: identity.uuid,
    poolId: pool.id,
    lastPoolId: source.poolId,
    instanceId: null,
    folder: null,
    path: null,
    podId: pool.podId,
    poolType: pool.poolType,
    chainInfo: null,
    state: walk.state,
    updateCount: walk.transitions,
    lastId: source.id,
    created: now,
    removed: null,
  };
}

/**
 * R3: the VM Running -> Migrating toward the destination (last host the source, pod the
 * destination's), conditional on the state, update_count and host the plan read; every request
 * volume, skipped ones included, Ready --MigrationRequested--> Migrating, conditional likewise.
 */
export function migrationRequestedEdits(
  vm: VmRecord,
  destinationHost: HostRecord,
  volumes: readonly VolumeRecord[],
): { vm: VmRowEdit; volumes: VolumeRowEdit[] } {
  return {
    vm: {
      vmId: vm.id,
      from: 'Running',
      to: 'Migrating',
      expectedUpdateCount: vm.updateCount,
      expectedHostId: vm.hostId,
      set: { hostId: destinationHost.id, lastHostId: vm.hostId, podId: destinationHost.podId },
      label: vm.instanceName,
    },
    volumes: volumes.map((volume) => ({
      volumeId: volume.id,
      events: ['MigrationRequested'],
      expectedUpdateCount: volume.updateCount,
      label: volume.uuid ?? String(volume.id),
    })),
  };
}

/** Orchestrator: Migrating -> Running on `host` (the destination after success, R30; the source after a failure, R31). */
export function migrationEndedEdit(vm: Pick<VmRecord, 'id' | 'instanceName'>, host: HostRecord | null): VmRowEdit {
  return { vmId: vm.id, from: 'Migrating', to: 'Running', set: { hostId: host?.id ?? null, podId: host?.podId ?? null }, label: vm.instanceName };
}

/** R30 per migrated pair and R34 for the skipped request volumes, in CloudStack's order. */
export function completionEdits(
  pairs: readonly { source: VolumeRecord; destinationVolumeId: number }[],
  skippedVolumeIds: readonly number[],
): { edits: VolumeRowEdit[]; snapshotMoves: SnapshotMove[] } {
  const edits = pairs.flatMap(({ source, destinationVolumeId }): VolumeRowEdit[] => [
    // Steps 4-7: src Ready, its uuid cleared first (uuids are unique), detached (a ROOT becomes a
    // DATADISK), destroyed and expunged.
    {
      volumeId: source.id,
      events: ['OperationSucceeded'],
      onlyFrom: 'Migrating',
      expunge: true,
      set: { uuid: null, instanceId: null, deviceId: null, attached: null, volumeType: source.volumeType === 'ROOT' ? 'DATADISK' : source.volumeType },
    },
    // Steps 2, 4, 5: dest qcow2, remembers its source, Ready, takes the source's uuid and VM.
    {
      volumeId: destinationVolumeId,
      events: ['OperationSucceeded'],
      onlyFrom: 'Migrating',
      set: { format: 'QCOW2', lastId: source.id, uuid: source.uuid, instanceId: source.instanceId },
    },
  ]);
  const skipped = skippedVolumeIds.map((volumeId): VolumeRowEdit => ({ volumeId, events: ['OperationSucceeded'], onlyFrom: 'Migrating' }));
  const snapshotMoves = pairs.map(({ source, destinationVolumeId }) => ({ fromVolumeId: source.id, toVolumeId: destinationVolumeId }));
  return { edits: [...edits, ...skipped], snapshotMoves };
}

/**
 * R31/R32: destination rows created so far are failed, destroyed and expunged; VolumeServiceImpl's
 * OperationFailed on every requested source volume (Ready stays Ready).
 */
export function rollbackEdits(requestVolumeIds: readonly number[], destinationVolumeIds: readonly number[]): VolumeRowEdit[] {
  return [
    ...destinationVolumeIds.map((volumeId): VolumeRowEdit => ({ volumeId, events: [], expunge: true })),
    ...requestVolumeIds.map((volumeId): VolumeRowEdit => ({ volumeId, events: ['OperationFailed'], onlyFrom: 'Migrating' })),
  ];
}

/** R17/R20: the new disk exists: Creating -> Ready (path, and the iSCSI name on a managed pool) -> Migrating. */
export function destinationCreatedEdit(volumeId: number, path: string, iscsiName: string | null): VolumeRowEdit {
  return { volumeId, events: ['MigrationCopySucceeded', 'MigrationRequested'], set: iscsiName === null ? { path } : { path, iscsiName } };
}
