import { FILE_POOL_TYPES, HypervisorType, PoolScope, PoolType } from '../../inventory/cloudstack-values';
import type { HostRecord } from '../../inventory/records';
import type { MigrationStrategy, StrategyReason } from '../migration-plan';
import type { ResolvedEntry } from '../resolved-entry';

export interface StrategyDecision {
  strategy: MigrationStrategy | null;
  reason: StrategyReason;
}

/**
 * R2: StorageSystemDataMotionStrategy (HIGHEST) when any pool is managed, else
 * KvmNonManagedStorageDataMotionStrategy (HYPERVISOR) when (a) or (b) holds, else none.
 * Missing pool rows count as neither managed nor file pools (R5 reports them).
 */
export function selectStrategy(sourceHost: HostRecord | null, destinationHost: HostRecord, entries: readonly ResolvedEntry[]): StrategyDecision {
  if (sourceHost === null) return { strategy: null, reason: 'VM_NOT_ON_A_HOST' };
  // R2: the KVM strategies answer "can't handle" for any other source hypervisor.
  if (sourceHost.hypervisorType !== HypervisorType.KVM) return { strategy: null, reason: 'SOURCE_HOST_NOT_KVM' };
  if (anyManagedPool(entries)) return { strategy: 'MANAGED', reason: 'MANAGED_POOL_IN_REQUEST' };
  // KvmNonManaged.canHandle tests the NFS shortcut (a) before the all-file check (b).
  if (isNfsSameClusterShortcut(sourceHost, destinationHost, entries[0])) {
    return { strategy: 'NON_MANAGED', reason: 'NFS_SAME_CLUSTER_FIRST_ENTRY' };
  }
  if (entries.every((entry) => entry.sourcePool !== null && FILE_POOL_TYPES.has(entry.sourcePool.poolType))) {
    return { strategy: 'NON_MANAGED', reason: 'ALL_SOURCE_POOLS_FILE_BASED' };
  }
  return { strategy: null, reason: 'NO_MATCHING_STRATEGY' };
}

/**
 * The strategy whose hooks (R8 shouldMigrateVolume, R13-R15, R23, R24) the plan applies. Without a
 * strategy the request is blocked, but the trace is still worth showing: use the hooks the pools
 * point at, so e.g. non-file sources appear as skipped and explain NO_STRATEGY.
 */
export function hookStrategy(decision: StrategyDecision, entries: readonly ResolvedEntry[]): MigrationStrategy {
  if (decision.strategy !== null) return decision.strategy;
  return anyManagedPool(entries) ? 'MANAGED' : 'NON_MANAGED';
}

function anyManagedPool(entries: readonly ResolvedEntry[]): boolean {
  return entries.some((entry) => entry.sourcePool?.managed === true || entry.destinationPool?.managed === true);
}

/** R2 (a): only the FIRST entry's pools are looked at; hosts must share a (non-null) cluster. */
function isNfsSameClusterShortcut(sourceHost: HostRecord, destinationHost: HostRecord, first: ResolvedEntry | undefined): boolean {
  if (first === undefined || sourceHost.id === destinationHost.id) return false;
  if (sourceHost.clusterId === null || sourceHost.clusterId !== destinationHost.clusterId) return false;
  return (
    first.sourcePool?.poolType === PoolType.NetworkFilesystem &&
    first.destinationPool?.poolType === PoolType.NetworkFilesystem &&
    first.destinationPool.scope === PoolScope.Cluster
  );
}
