import type { HypervisorCapabilityRecord } from './target-records';

const DEFAULT_VERSION = 'default';

/**
 * `HypervisorCapabilitiesDao.findByHypervisorTypeAndVersion` with the fallback to the hypervisor's
 * `default` row (T4 [uncertain]: not re-read for 4.22; stock KVM has only the `default` row). A NULL
 * KVM version is looked up as `''` (T4). Hypervisor names compare case-insensitively, like the column.
 */
export function findCapability(
  capabilities: readonly HypervisorCapabilityRecord[],
  hypervisorType: string | null,
  hypervisorVersion: string | null,
): HypervisorCapabilityRecord | null {
  if (hypervisorType === null) return null;
  const type = hypervisorType.toLowerCase();
  const version = hypervisorVersion ?? '';
  const ofType = capabilities.filter((c) => c.hypervisorType.toLowerCase() === type);
  return ofType.find((c) => (c.hypervisorVersion ?? '') === version) ?? ofType.find((c) => c.hypervisorVersion === DEFAULT_VERSION) ?? null;
}

/** T4/T7/T25: `isStorageMotionSupported(type, version)`; no row means not supported. */
export function storageMotionSupported(
  capabilities: readonly HypervisorCapabilityRecord[],
  hypervisorType: string | null,
  hypervisorVersion: string | null,
): boolean {
  return findCapability(capabilities, hypervisorType, hypervisorVersion)?.storageMotionSupported === true;
}
