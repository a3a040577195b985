import { HypervisorType, VmState } from '../../inventory/cloudstack-values';
import type { VmRecord, VolumeRecord } from '../../inventory/records';
import { type MigrationBlocker, MigrationBlockerCode as Code } from '../migration-blocker';
import type { MigrationSnapshot } from '../migration-snapshot';
import type { EntryDisposition, ResolvedEntry } from '../resolved-entry';
import type { StrategyDecision } from './strategy';

const HOST_UP = 'Up';
const RESOURCE_ENABLED = 'Enabled';

/**
 * Every reason the request cannot run, all of them (not only the first), in rule order:
 * R1 (VM, volumes, something moves), R2/R4 (hosts, strategy), R3 (snapshots), R5 (pools), then the
 * gateway guard on the MigrateCommand keys. Guards not in CloudStack's storage path are marked.
 */
export function collectBlockers(
  snapshot: MigrationSnapshot,
  strategy: StrategyDecision,
  entries: readonly ResolvedEntry[],
  dispositions: readonly EntryDisposition[],
): MigrationBlocker[] {
  return [
    ...requestBlockers(snapshot, entries),
    ...hostBlockers(snapshot, strategy, entries),
    ...snapshotBlockers(snapshot, entries),
    ...poolBlockers(entries),
    ...diskKeyBlockers(dispositions),
  ];
}

/** R1. */
function requestBlockers(snapshot: MigrationSnapshot, entries: readonly ResolvedEntry[]): MigrationBlocker[] {
  const { vm } = snapshot;
  const blockers: MigrationBlocker[] = [];
  if (vm.state !== VmState.Running) {
    blockers.push({
      code: Code.VmNotRunning,
      message: `${describeVm(vm)} is not in the Running state to migrate it to the new host.`,
    });
  }
  const seen = new Set<number>();
  for (const { volume } of entries) {
    if (volume.instanceId !== vm.id) {
      blockers.push({
        code: Code.VolumeNotAttachedToVm,
        message: `Volume ${volumeLabel(volume)} doesn't belong to the VM ${describeVm(vm)} that has to be migrated.`,
        volumeId: volume.id,
      });
    }
    // Gateway guard: CloudStack's request map cannot hold a volume twice; the mutation input can.
    if (seen.has(volume.id)) {
      blockers.push({
        code: Code.DuplicateVolume,
        message: `Volume ${volumeLabel(volume)} is listed more than once in the request.`,
        volumeId: volume.id,
      });
    }
    seen.add(volume.id);
  }
  if (!entries.some((entry) => entry.volume.poolId !== entry.destinationPoolId)) {
    blockers.push({
      code: Code.NothingToMigrate,
      message: `Migration of the vm ${describeVm(vm)} doesn't involve migrating the volumes.`,
    });
  }
  return blockers;
}

/** R2/R4, plus gateway guards an operator expects before libvirt fails (marked). */
function hostBlockers(snapshot: MigrationSnapshot, strategy: StrategyDecision, entries: readonly ResolvedEntry[]): MigrationBlocker[] {
  const { sourceHost, destinationHost, vm } = snapshot;
  const blockers: MigrationBlocker[] = [];
  if (sourceHost === null) {
    blockers.push({ code: Code.VmNotOnAHost, message: `${describeVm(vm)} is not running on a host.` });
  } else if (sourceHost.hypervisorType !== HypervisorType.KVM) {
    blockers.push({
      code: Code.SourceHostNotKvm,
      message: 'Invalid hypervisor type (only KVM supported for this operation at the time being)',
    });
  }
  // Gateway guard: the KVM strategies are the only path the gateway implements.
  if (destinationHost.hypervisorType !== HypervisorType.KVM) {
    blockers.push({
      code: Code.DestinationHostNotKvm,
      message: `Destination host ${destinationHost.name} is not a KVM host (hypervisor: ${destinationHost.hypervisorType ?? 'none'}).`,
    });
  }
  // Gateway guard: libvirt cannot live-migrate a domain to its own host; CloudStack's migrate API
  // refuses the same host with this message.
  if (sourceHost !== null && sourceHost.id === destinationHost.id) {
    blockers.push({
      code: Code.SameHost,
      message: 'Cannot migrate VM, VM is already present on this host, please specify valid destination host to migrate the VM',
    });
  }
  // Gateway guard, CloudStack's migrate-API check and message.
  if (destinationHost.status !== HOST_UP || destinationHost.resourceState !== RESOURCE_ENABLED) {
    blockers.push({
      code: Code.DestinationHostNotUp,
      message: `Cannot migrate VM, destination host is not in correct state, has status: ${destinationHost.status}, state: ${destinationHost.resourceState}`,
    });
  }
  // R2; left to R5 when a pool row is missing (that blocker says more than "no strategy").
  const allPoolsFound = entries.every((entry) => entry.sourcePool !== null && entry.destinationPool !== null);
  if (strategy.reason === 'NO_MATCHING_STRATEGY' && allPoolsFound && sourceHost !== null) {
    const uuids = entries.map((entry) => entry.volume.uuid ?? '').join(',');
    blockers.push({
      code: Code.NoStrategy,
      message: `Can't find strategy to move data. Source Host: ${sourceHost.name}, Destination Host: ${destinationHost.name}, Volume UUIDs: ${uuids}`,
    });
  }
  return blockers;
}

/** R3: every volume of the map, skipped ones included. */
function snapshotBlockers(snapshot: MigrationSnapshot, entries: readonly ResolvedEntry[]): MigrationBlocker[] {
  const reported = new Set<number>();
  const blockers: MigrationBlocker[] = [];
  for (const { volume } of entries) {
    if (!snapshot.snapshotsInProgress.has(volume.id) || reported.has(volume.id)) continue;
    reported.add(volume.id);
    blockers.push({
      code: Code.SnapshotInProgress,
      message: 'Snapshots are being created on a volume. Volumes cannot be migrated now.',
      volumeId: volume.id,
    });
  }
  return blockers;
}

/** R5 over all entries, in map order, as verifyLiveMigrationForKVM walks them. */
function poolBlockers(entries: readonly ResolvedEntry[]): MigrationBlocker[] {
  const blockers: MigrationBlocker[] = [];
  let firstDestinationManaged: boolean | null = null;
  let mixedReported = false;
  for (const { volume, destinationPoolUuid, sourcePool, destinationPool } of entries) {
    if (sourcePool === null) {
      blockers.push({
        code: Code.SourcePoolMissing,
        message: `Volume with ID ${volumeLabel(volume)} is not associated with a storage pool.`,
        volumeId: volume.id,
        ...(volume.poolId === null ? {} : { poolId: volume.poolId }),
      });
    }
    if (destinationPool === null) {
      // No row: the pool is named as the request named it (numeric ids never reach the API).
      blockers.push({
        code: Code.DestinationPoolMissing,
        message: `Destination storage pool with ID ${destinationPoolUuid} was not located.`,
        volumeId: volume.id,
      });
      continue;
    }
    if (sourcePool !== null && sourcePool.managed && sourcePool.id !== destinationPool.id) {
      blockers.push({
        code: Code.ManagedSourcePool,
        message: 'Migrating a volume online with KVM from managed storage is not currently supported.',
        volumeId: volume.id,
        poolId: sourcePool.id,
      });
    }
    if (firstDestinationManaged === null) {
      firstDestinationManaged = destinationPool.managed;
    } else if (firstDestinationManaged !== destinationPool.managed && !mixedReported) {
      mixedReported = true;
      blockers.push({
        code: Code.MixedManagedDestinations,
        message: 'Destination storage pools must be either all managed or all not managed',
        poolId: destinationPool.id,
      });
    }
  }
  return blockers;
}

/** Gateway guard: R24/R28 key `migrateStorage` by the source volume path; a pathless disk has no key. */
function diskKeyBlockers(dispositions: readonly EntryDisposition[]): MigrationBlocker[] {
  return dispositions.flatMap((disposition) => {
    if (disposition.kind !== 'MIGRATED' || (disposition.entry.volume.path ?? '') !== '') return [];
    const { volume } = disposition.entry;
    return [
      {
        code: Code.VolumePathMissing,
        message: `Volume ${volumeLabel(volume)} has no path on its pool, so the MigrateCommand cannot name it.`,
        volumeId: volume.id,
      },
    ];
  });
}

function describeVm(vm: VmRecord): string {
  return `VM instance ${JSON.stringify({ instanceName: vm.instanceName, uuid: vm.uuid })}`;
}

function volumeLabel(volume: VolumeRecord): string {
  return volume.uuid ?? volume.name ?? `#${volume.id}`;
}
