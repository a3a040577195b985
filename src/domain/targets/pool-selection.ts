import { PoolScope } from '../inventory/cloudstack-values';
import type { StoragePoolRecord } from '../inventory/records';
import type { StorageSnapshot } from './targets-snapshot';
import type { DiskOfferingRecord } from './target-records';

/** A deployment plan as the storage allocators receive it (T8, T28). */
export interface AllocationPlan {
  zoneId: number;
  podId: number | null;
  clusterId: number | null;
  /** T8 passes the candidate host; T28 none. */
  hostId: number | null;
  /** T28 `bypassStorageTypeCheck`: shared and local pools whatever `use_local_storage` says. */
  bypassStorageTypeCheck: boolean;
  /** The disk's hypervisor (the VM's). */
  hypervisorType: string | null;
}

const ANY_HYPERVISOR = 'any';

/**
 * T21: the pools the Local, ClusterScope and ZoneWide allocators look at for this disk and plan,
 * by id. CloudStack's ClusterScope/ZoneWide SQL also drops pools that are not `Up`; the gateway
 * keeps them here so the pool filter can say so (POOL_NOT_UP) instead of leaving them out silently.
 */
export function poolsInPlan(offering: Pick<DiskOfferingRecord, 'useLocalStorage'>, plan: AllocationPlan, storage: StorageSnapshot): StoragePoolRecord[] {
  const local = plan.bypassStorageTypeCheck || offering.useLocalStorage;
  const shared = plan.bypassStorageTypeCheck || !offering.useLocalStorage;
  const selected: StoragePoolRecord[] = [];
  for (const pool of storage.pools.values()) {
    if (pool.removed !== null || pool.zoneId !== plan.zoneId) continue;
    const looked =
      pool.scope === PoolScope.Host
        ? local && isLocalPoolInPlan(pool, plan, storage)
        : pool.scope === PoolScope.Cluster
          ? shared && isClusterPoolInPlan(pool, plan)
          : pool.scope === PoolScope.Zone && shared && isZonePoolForHypervisor(pool, plan.hypervisorType);
    if (looked) selected.push(pool);
  }
  return selected.sort((a, b) => a.id - b.id);
}

/** Local allocator: with a host, that host's local pools (storage_pool_host_ref); without, the plan's cluster's. */
function isLocalPoolInPlan(pool: StoragePoolRecord, plan: AllocationPlan, storage: StorageSnapshot): boolean {
  if (plan.hostId !== null) return storage.localPoolHosts.get(pool.id)?.includes(plan.hostId) ?? false;
  if (plan.clusterId !== null) return pool.clusterId === plan.clusterId;
  return plan.podId === null || pool.podId === plan.podId;
}

/** ClusterScope allocator: nothing without a pod; the plan's pod (or no pod) and cluster. */
function isClusterPoolInPlan(pool: StoragePoolRecord, plan: AllocationPlan): boolean {
  if (plan.podId === null) return false;
  if (pool.podId !== null && pool.podId !== plan.podId) return false;
  return plan.clusterId === null || pool.clusterId === plan.clusterId;
}

/** ZoneWide allocator (and T27 listing): the disk's hypervisor or `Any`. */
export function isZonePoolForHypervisor(pool: StoragePoolRecord, hypervisorType: string | null): boolean {
  const hypervisor = pool.hypervisor?.toLowerCase() ?? null;
  return hypervisor === ANY_HYPERVISOR || (hypervisor !== null && hypervisor === hypervisorType?.toLowerCase());
}
