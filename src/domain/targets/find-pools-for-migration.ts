import { PoolScope, VolumeState } from '../inventory/cloudstack-values';
import type { StoragePoolRecord } from '../inventory/records';
import { storageMotionSupported } from './hypervisor-capabilities';
import type { PoolTarget } from './migration-targets';
import { poolStatusVerdict } from './pool-filter';
import { type AllocationPlan, isZonePoolForHypervisor } from './pool-selection';
import { poolLabel, poolVerdict } from './pool-suitability';
import { anyStorageTagMatches } from './storage-tags';
import { orderPools } from './target-order';
import type { VolumeTargetsSnapshot } from './targets-snapshot';
import { combine, SUITABLE, TargetReasonCode as Code, unsuitable, type Verdict } from './target-reason';

/**
 * `findStoragePoolsForMigration` from the database (T25-T29): the pools listed for the volume,
 * each with its verdict, suitable first by name. Empty when CloudStack answers empty lists (T25).
 */
export function findStoragePoolsForMigration(snapshot: VolumeTargetsSnapshot): PoolTarget[] {
  const { volume, vm, storage } = snapshot;
  // T25
  if (volume.state !== VolumeState.Ready) return [];
  if (vm !== null && vm.state === 'Running') {
    const host = snapshot.vmHost;
    if (host === null || !storageMotionSupported(storage.capabilities, host.hypervisorType, host.hypervisorVersion)) return [];
  }
  const ownPool = volume.poolId === null ? undefined : storage.pools.get(volume.poolId);
  if (ownPool === undefined) return [];
  const hypervisorType = vm?.hypervisorType ?? clusterHypervisor(ownPool, snapshot) ?? ownPool.hypervisor;

  // T26: the volume's cluster, or for a zone pool the cluster of the VM's (last) host; attached and known: only that one.
  const knownCluster = ownPool.clusterId ?? (vm === null ? null : ((snapshot.vmHost ?? snapshot.vmLastHost)?.clusterId ?? null));
  const clusterIds =
    knownCluster !== null && vm !== null
      ? new Set([knownCluster])
      : new Set([...storage.clusters.values()].filter((c) => c.removed === null && sameHypervisor(c.hypervisorType, hypervisorType)).map((c) => c.id));

  // T27: zone pools for the hypervisor and the pools of those clusters (local ones included), without its own.
  const listed = [...storage.pools.values()]
    .filter((p) => p.removed === null && p.zoneId === volume.zoneId && p.id !== ownPool.id)
    .filter((p) => (p.scope === PoolScope.Zone ? isZonePoolForHypervisor(p, hypervisorType) : p.clusterId !== null && clusterIds.has(p.clusterId)))
    .sort((a, b) => a.id - b.id);

  const judge = vm === null ? detachedVerdict(snapshot) : attachedVerdict(snapshot, knownCluster, hypervisorType);
  return orderPools(listed.map((pool) => ({ pool, ...judge(pool) })));
}

/** T28 attached: the allocators with bypassStorageTypeCheck (no host), local pools only on the VM's host. */
function attachedVerdict(snapshot: VolumeTargetsSnapshot, clusterId: number | null, hypervisorType: string | null) {
  const { volume, storage, vmHost } = snapshot;
  const cluster = clusterId === null ? undefined : storage.clusters.get(clusterId);
  const plan: AllocationPlan = {
    zoneId: volume.zoneId,
    podId: cluster?.podId ?? null,
    clusterId,
    hostId: null,
    bypassStorageTypeCheck: true,
    hypervisorType,
  };
  return (pool: StoragePoolRecord): Verdict => {
    const onVmHost = pool.scope !== PoolScope.Host || vmHost === null || pool.hostAddress === vmHost.privateIpAddress;
    return combine([
      poolVerdict(volume, pool, plan, storage),
      onVmHost ? SUITABLE : unsuitable(Code.LocalPoolOfAnotherHost, `Local pool ${poolLabel(pool)} is on another host than the VM's (${vmHost?.name}).`),
    ]);
  };
}

/** T28 detached: `Up`, and no offering tags or one pool tag equal to one of them; no capacity check. */
function detachedVerdict(snapshot: VolumeTargetsSnapshot) {
  const { volume, storage } = snapshot;
  const tags = storage.diskOfferings.get(volume.diskOfferingId)?.tags ?? null;
  return (pool: StoragePoolRecord): Verdict =>
    combine([
      poolStatusVerdict(pool, poolLabel(pool)),
      anyStorageTagMatches(tags, storage.poolTags.get(pool.id) ?? [])
        ? SUITABLE
        : unsuitable(Code.StorageTagMissing, `Pool ${poolLabel(pool)} has none of the disk offering's storage tags (${tags}).`),
    ]);
}

function clusterHypervisor(pool: StoragePoolRecord, snapshot: VolumeTargetsSnapshot): string | null {
  return pool.clusterId === null ? null : (snapshot.storage.clusters.get(pool.clusterId)?.hypervisorType ?? null);
}

function sameHypervisor(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}
