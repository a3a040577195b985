/**
 * Why a host or pool is not (or not certainly) a migration target. Codes are stable (API
 * contract); each names the rule of shared/reference/migration-targets.md it comes from.
 */
export const TargetReasonCode = {
  // Answer-wide refusals (T1-T4): the query fails with BAD_USER_INPUT / NOT_FOUND.
  VmNotRunning: 'VM_NOT_RUNNING',
  UnsupportedHypervisor: 'UNSUPPORTED_HYPERVISOR',
  SourceHostMissing: 'SOURCE_HOST_MISSING',
  LocalStorageWithoutStorageMotion: 'LOCAL_STORAGE_WITHOUT_STORAGE_MOTION',
  // Hosts.
  ManagedClusterStorage: 'MANAGED_CLUSTER_STORAGE', // T7
  HypervisorWithoutStorageMotion: 'HYPERVISOR_WITHOUT_STORAGE_MOTION', // T7
  NoSuitablePool: 'NO_SUITABLE_POOL', // T7/T8
  PoolUndecidable: 'POOL_UNDECIDABLE', // T8 + T32
  UefiNotSupported: 'UEFI_NOT_SUPPORTED', // T10
  HostNotUp: 'HOST_NOT_UP', // T11
  HostDisabled: 'HOST_DISABLED', // T11
  HostInMaintenance: 'HOST_IN_MAINTENANCE', // T11
  HostNotEnabled: 'HOST_NOT_ENABLED', // T11
  OutsideSourceCluster: 'OUTSIDE_SOURCE_CLUSTER', // T11 (SOURCE_CLUSTER scope)
  HaHost: 'HA_HOST', // T12
  HostTagMissing: 'HOST_TAG_MISSING', // T12
  TemplateTagMissing: 'TEMPLATE_TAG_MISSING', // T12
  HostTagRule: 'HOST_TAG_RULE', // T13 + T32
  MaxGuestsReached: 'MAX_GUESTS_REACHED', // T15.2
  GpuUndecidable: 'GPU_UNDECIDABLE', // T2/T15.3 + T32
  OfferingUndecidable: 'OFFERING_UNDECIDABLE', // T1 effective offering
  CpuCapability: 'CPU_CAPABILITY', // T16
  CapacityRowsMissing: 'CAPACITY_ROWS_MISSING', // T17
  OvercommitRatioMissing: 'OVERCOMMIT_RATIO_MISSING', // T17
  CpuCapacity: 'CPU_CAPACITY', // T17
  MemoryCapacity: 'MEMORY_CAPACITY', // T17
  ArchitectureMismatch: 'ARCHITECTURE_MISMATCH', // T18
  // Pools.
  PoolNotUp: 'POOL_NOT_UP', // T21, T28
  LocalPoolOfAnotherHost: 'LOCAL_POOL_OF_ANOTHER_HOST', // T28
  StorageTagMissing: 'STORAGE_TAG_MISSING', // T22
  StorageTagRule: 'STORAGE_TAG_RULE', // T22 + T32
  EncryptionNotSupported: 'ENCRYPTION_NOT_SUPPORTED', // T23.2
  HypervisorMismatch: 'HYPERVISOR_MISMATCH', // T23.3
  ManagedPoolUndecidable: 'MANAGED_POOL_UNDECIDABLE', // T23.5/T24 + T32
  IopsCapacity: 'IOPS_CAPACITY', // T23.6
  PoolCapacityUnknown: 'POOL_CAPACITY_UNKNOWN', // T24
  PoolUsedAboveThreshold: 'POOL_USED_ABOVE_THRESHOLD', // T24
  PoolAllocatedAboveThreshold: 'POOL_ALLOCATED_ABOVE_THRESHOLD', // T24
  PoolCapacity: 'POOL_CAPACITY', // T24
  // Notes: facts the database cannot give that do not change a verdict.
  ZonePoolDriverProperty: 'ZONE_POOL_DRIVER_PROPERTY', // T9 + T32
  OutsideSubsetChecks: 'OUTSIDE_SUBSET_CHECKS', // T15.1 + T32
  NoCandidatesGpuPassthrough: 'GPU_PCI_DEVICE', // T2
} as const;
export type TargetReasonCode = (typeof TargetReasonCode)[keyof typeof TargetReasonCode];

export interface TargetReason {
  code: TargetReasonCode;
  message: string;
}

/**
 * The outcome of one check or of a set of checks: `true` suitable, `false` not, `null` undecidable
 * from the database (T32: never reported as false). `reasons` is empty only for `true`.
 */
export interface Verdict {
  suitable: boolean | null;
  reasons: TargetReason[];
}

export const SUITABLE: Verdict = Object.freeze({ suitable: true, reasons: [] });

export const unsuitable = (code: TargetReasonCode, message: string): Verdict => ({ suitable: false, reasons: [{ code, message }] });
export const undecidable = (code: TargetReasonCode, message: string): Verdict => ({ suitable: null, reasons: [{ code, message }] });

/**
 * Checks combined in order: any `false` makes the whole `false`, else any `null` makes it `null`.
 * Every failing or undecidable check keeps its reasons, in check order (first failing check first).
 */
export function combine(verdicts: readonly Verdict[]): Verdict {
  const reasons = verdicts.flatMap((v) => v.reasons);
  if (verdicts.some((v) => v.suitable === false)) return { suitable: false, reasons };
  if (verdicts.some((v) => v.suitable === null)) return { suitable: null, reasons };
  return SUITABLE;
}
