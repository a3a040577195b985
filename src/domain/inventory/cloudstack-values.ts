/** CloudStack's stored enum values the gateway's rules test against. Unknown values stay opaque strings. */

export const PoolType = {
  NetworkFilesystem: 'NetworkFilesystem',
  Filesystem: 'Filesystem',
  SharedMountPoint: 'SharedMountPoint',
  PowerFlex: 'PowerFlex',
  RBD: 'RBD',
  ISO: 'ISO',
} as const;

/** File pool types (reference §1): the set `shouldMigrateVolume` of the non-managed strategy accepts. */
export const FILE_POOL_TYPES: ReadonlySet<string> = new Set([PoolType.NetworkFilesystem, PoolType.SharedMountPoint, PoolType.Filesystem]);

export const PoolScope = { Host: 'HOST', Cluster: 'CLUSTER', Zone: 'ZONE' } as const;

export const VmState = {
  Running: 'Running',
  Migrating: 'Migrating',
  Stopped: 'Stopped',
} as const;

export const VolumeState = {
  Allocated: 'Allocated',
  Creating: 'Creating',
  Ready: 'Ready',
  Migrating: 'Migrating',
  Destroy: 'Destroy',
  Expunging: 'Expunging',
  Expunged: 'Expunged',
  Snapshotting: 'Snapshotting',
} as const;

export const VolumeType = { Root: 'ROOT', DataDisk: 'DATADISK' } as const;

export const HypervisorType = { KVM: 'KVM' } as const;

/** Names of the import dummy templates (R10: imported VMs never get a linked clone). */
export const IMPORT_DUMMY_TEMPLATE_NAMES: ReadonlySet<string> = new Set([
  'kvm-default-vm-import-dummy-template',
  'system-default-vm-import-dummy-template.iso',
]);
