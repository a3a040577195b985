import type { DiskTO, VirtualMachineTO } from '../agent/command-bodies';
import type { StoragePoolRecord, VmRecord, VolumeRecord } from '../inventory/records';

/**
 * R24: detail key put on the moving disks of the VM transfer object (CloudStack's
 * `DiskTO.SECRET_CONSUMER_DETAIL`); the value is the destination volume path (R20).
 */
export const SECRET_CONSUMER_DETAIL = 'SECRET_CONSUMER_DETAIL';

export interface VirtualMachineTOParams {
  vm: VmRecord;
  /** R6: the reloaded VM state (Migrating once R3 has run). */
  state: string;
  /** R27. */
  isWindows: boolean;
  /** Every volume attached to the VM. */
  volumes: readonly VolumeRecord[];
  /** Pools of those volumes; an absent pool leaves the disk's pool fields null. */
  pools: ReadonlyMap<number, StoragePoolRecord>;
  /** R24: source volume id -> destination volume path, for the migrated volumes. */
  secretConsumers: ReadonlyMap<number, string>;
}

/** The VirtualMachineTO of PrepareForMigration (R26) and Migrate (R28): all disks, by device id. */
export function buildVirtualMachineTO(params: VirtualMachineTOParams): VirtualMachineTO {
  const unique = new Map<number, VolumeRecord>();
  for (const volume of params.volumes) if (!unique.has(volume.id)) unique.set(volume.id, volume);
  const disks = [...unique.values()].sort(byDeviceThenId).map((volume) => toDiskTO(volume, params));
  return {
    id: params.vm.id,
    uuid: params.vm.uuid,
    name: params.vm.instanceName,
    state: params.state,
    isWindows: params.isWindows,
    disks,
  };
}

function toDiskTO(volume: VolumeRecord, params: VirtualMachineTOParams): DiskTO {
  const pool = volume.poolId === null ? undefined : params.pools.get(volume.poolId);
  const secretConsumer = params.secretConsumers.get(volume.id);
  return {
    volumeId: volume.id,
    volumeUuid: volume.uuid,
    path: volume.path,
    type: volume.volumeType,
    deviceId: volume.deviceId,
    poolUuid: pool?.uuid ?? null,
    poolType: pool?.poolType ?? null,
    details: secretConsumer === undefined ? {} : { [SECRET_CONSUMER_DETAIL]: secretConsumer },
  };
}

function byDeviceThenId(a: VolumeRecord, b: VolumeRecord): number {
  const deviceA = a.deviceId ?? Number.MAX_SAFE_INTEGER;
  const deviceB = b.deviceId ?? Number.MAX_SAFE_INTEGER;
  return deviceA - deviceB || a.id - b.id;
}
