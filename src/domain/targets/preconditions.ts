import { VolumeState } from '../inventory/cloudstack-values';
import type { MigrationTargetsSnapshot } from './targets-snapshot';
import { storageMotionSupported } from './hypervisor-capabilities';
import { type TargetReason, TargetReasonCode as Code } from './target-reason';
import type { TargetHost } from './target-records';

/** T1: hypervisors `validateVmForHostMigration` lets through (LXC only for system VMs, below). */
const LIVE_MIGRATION_HYPERVISORS: ReadonlySet<string> = new Set(['XenServer', 'VMware', 'KVM', 'Hyperv', 'Simulator', 'LXC']);
/** T4: hypervisors that migrate with storage whatever the VM type. */
const STORAGE_MOTION_HYPERVISORS: ReadonlySet<string> = new Set(['VMware', 'KVM']);

export type Preconditions =
  { kind: 'OK'; sourceHost: TargetHost; canMigrateWithStorage: boolean; usesLocal: boolean } | { kind: 'REFUSED'; reason: TargetReason };

/** T1, T3, T4 in CloudStack's order; the caller's role (T1 first check) is the API layer's. */
export function checkPreconditions(snapshot: MigrationTargetsSnapshot): Preconditions {
  const { vm } = snapshot;
  const refuse = (code: TargetReason['code'], message: string): Preconditions => ({ kind: 'REFUSED', reason: { code, message } });
  // T1
  if (vm.state !== 'Running') return refuse(Code.VmNotRunning, 'Instance is not Running, cannot migrate the instance with specified id');
  const hypervisor = vm.hypervisorType ?? '';
  if (!LIVE_MIGRATION_HYPERVISORS.has(hypervisor)) {
    return refuse(Code.UnsupportedHypervisor, 'Unsupported Hypervisor Type for Instance migration, we support XenServer/VMware/KVM/Hyperv only');
  }
  if (vm.type === 'User' && hypervisor === 'LXC') {
    return refuse(Code.UnsupportedHypervisor, 'Unsupported Hypervisor Type for User instance migration, we support XenServer/VMware/KVM/Hyperv only');
  }
  // T3
  const sourceHost = snapshot.sourceHost;
  if (sourceHost === null) return refuse(Code.SourceHostMissing, 'Unable to find the host (with specified ID) of instance with specified ID');
  // T4
  const canMigrateWithStorage =
    (vm.type === 'User' || STORAGE_MOTION_HYPERVISORS.has(hypervisor)) &&
    storageMotionSupported(snapshot.storage.capabilities, sourceHost.hypervisorType, sourceHost.hypervisorVersion);
  const usesLocal = snapshot.volumes.some((v) => snapshot.storage.diskOfferings.get(v.diskOfferingId)?.useLocalStorage === true);
  if (!canMigrateWithStorage && usesLocal) {
    return refuse(Code.LocalStorageWithoutStorageMotion, 'Unsupported operation, instance uses Local storage, cannot migrate');
  }
  return { kind: 'OK', sourceHost, canMigrateWithStorage, usesLocal };
}

/** T1 vocabulary: `VolumeDao.findCreatedByInstance`, the volumes already created on primary storage. */
export function isCreatedOnPrimary(volume: { state: string | null; removed: Date | null }): boolean {
  return volume.removed === null && volume.state !== VolumeState.Allocated;
}
