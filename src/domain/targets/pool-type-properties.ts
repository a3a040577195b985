/**
 * Properties of CloudStack's `Storage.StoragePoolType` constants (shared, overProvisioning,
 * encryption support) for the pool types they are true for. Unknown (plugin) types are false.
 */

/** `supportsOverProvisioning()` (T24: capacity × storage.overprovisioning.factor). */
export const OVERPROVISIONING_POOL_TYPES: ReadonlySet<string> = new Set([
  'Filesystem',
  'NetworkFilesystem',
  'RBD',
  'SharedMountPoint',
  'VMFS',
  'PreSetup',
  'EXT',
  'PowerFlex',
  'Linstor',
  'DatastoreCluster',
  'StorPool',
  'FiberChannel',
]);

/** `supportsEncryption()`: encryption support Hypervisor or Storage (T23.2). */
export const ENCRYPTION_POOL_TYPES: ReadonlySet<string> = new Set(['Filesystem', 'NetworkFilesystem', 'SharedMountPoint', 'PowerFlex', 'Linstor', 'StorPool']);
