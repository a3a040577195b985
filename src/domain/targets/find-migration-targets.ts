import type { VolumeRecord } from '../inventory/records';
import { candidateHosts } from './candidate-hosts';
import { effectiveOffering } from './effective-offering';
import { architectureVerdict, gpuVerdict, guestLimitVerdict } from './host-checks';
import { capacityVerdict, cpuCapabilityVerdict, hostAllocation, hostCapacity } from './host-capacity';
import { hostScopeVerdict } from './host-scope';
import { hostTagVerdict, tagRuleOverride } from './host-tags';
import type { HostTarget, MigrationTargetsOutcome, PoolTarget, VolumeTargets } from './migration-targets';
import { checkPreconditions, isCreatedOnPrimary } from './preconditions';
import { judgePools } from './pool-suitability';
import { assessStorageMotion, type StorageMotionAssessment, volumeMustMove } from './storage-motion';
import { orderHosts, orderPools } from './target-order';
import type { MigrationTargetsSnapshot, TargetPolicy } from './targets-snapshot';
import { combine, SUITABLE, type TargetReason, TargetReasonCode as Code } from './target-reason';
import type { TargetHost } from './target-records';
import { uefiVerdict } from './uefi';

export interface FindTargetsOptions {
  /** Judge only these candidate hosts (ids); the others are left out of the answer. */
  hostIds?: ReadonlySet<number>;
}

/** T15.1/T32: what the allocator also checks with tables the gateway does not read. */
const OUTSIDE_SUBSET: TargetReason = {
  code: Code.OutsideSubsetChecks,
  message: "Not checked, their tables are outside the gateway's: affinity groups, dedicated hosts (domain/account), DPDK hosts.",
};

/**
 * `findHostsForMigration` from the database (T1-T20): every candidate host with its verdict, the
 * reasons of every failing check in CloudStack's order (storage T7, UEFI T10, scope T11, tags
 * T12/T13, guests and GPU T15, CPU T16, capacity T17, architecture T18), and per VM volume the
 * pools it can use from that host (T8, T21-T24). Pure: the same snapshot gives the same answer.
 */
export function findMigrationTargets(snapshot: MigrationTargetsSnapshot, policy: TargetPolicy, options: FindTargetsOptions = {}): MigrationTargetsOutcome {
  const pre = checkPreconditions(snapshot);
  if (pre.kind === 'REFUSED') return pre;
  const { vm, storage } = snapshot;
  // T2: a PCI-passthrough offering has no candidate at all (and no error).
  if (snapshot.offeringDetails.has('pciDevice')) {
    const note = { code: Code.NoCandidatesGpuPassthrough, message: 'The service offering passes a PCI device through (pciDevice): CloudStack lists no host.' };
    return { kind: 'ANSWER', answer: { vm, hosts: [], notes: [note] } };
  }
  const { sourceHost: source, canMigrateWithStorage, usesLocal } = pre;
  const volumes = snapshot.volumes.filter(isCreatedOnPrimary);
  const candidates = candidateHosts(snapshot.hosts, source, vm.type, canMigrateWithStorage).filter((h) => !options.hostIds || options.hostIds.has(h.id));

  const poolsFromHost = memoizedPoolsFromHost(snapshot);
  const storageMotion = canMigrateWithStorage
    ? assessStorageMotion(volumes, source, candidates, usesLocal, storage, poolsFromHost)
    : new Map<number, StorageMotionAssessment>(); // T6: nothing moves, nothing imposes
  const size = effectiveOffering(snapshot.offering, snapshot.vmDetails);
  const gpu = gpuVerdict(snapshot.offering, snapshot.offeringDetails);
  const offeringTag = snapshot.offering?.hostTag ?? null;

  const hosts: HostTarget[] = [];
  for (const host of candidates) {
    const motion = storageMotion.get(host.id) ?? { compatible: SUITABLE, requiresStorageMotion: false, notes: [] };
    const uefi = uefiVerdict(snapshot.vmDetails, host, snapshot.uefiHostIds, snapshot.anyHostReportsUefi);
    // T10 quirk: without storage motion the compatible list is the response list, so UEFI-incompatible hosts vanish.
    if (!canMigrateWithStorage && uefi.suitable === false) continue;
    const tags = snapshot.hostTags.get(host.id) ?? [];
    const capacity = hostCapacity(host, snapshot.hostCapacity, host.clusterId === null ? undefined : snapshot.clusterDetails.get(host.clusterId));
    const filters = combine([
      motion.compatible,
      uefi,
      hostScopeVerdict(host, source, policy),
      hostTagVerdict(host, tags, { offeringTag, templateTag: snapshot.templateTag }, storage.settings.haTag, policy),
    ]);
    // T13: a rule-tagged host skips the filters above when its rule matches, which only JavaScript knows.
    const rule = filters.suitable === true ? null : tagRuleOverride(host, tags, offeringTag);
    const verdict = combine([
      rule === null ? filters : { suitable: null, reasons: [...rule.reasons, ...filters.reasons] },
      guestLimitVerdict(host, snapshot.guestCounts.get(host.id) ?? 0, storage.capabilities),
      gpu,
      cpuCapabilityVerdict(host, size),
      capacityVerdict(host, capacity, size),
      architectureVerdict(host, source, storage.clusters.values()),
    ]);
    hosts.push({
      host,
      suitable: verdict.suitable,
      requiresStorageMotion: motion.requiresStorageMotion,
      reasons: verdict.reasons,
      notes: motion.notes,
      allocation: hostAllocation(host, capacity),
      volumes: volumes.map((volume) => volumeTargets(volume, host, poolsFromHost, snapshot)),
    });
  }
  return { kind: 'ANSWER', answer: { vm, hosts: orderHosts(hosts), notes: [OUTSIDE_SUBSET] } };
}

/** T8's pool lists, computed once per volume and host (a host's plan differs from its neighbours' only by its local pools). */
function memoizedPoolsFromHost(snapshot: MigrationTargetsSnapshot) {
  const cache = new Map<string, PoolTarget[]>();
  return (volume: VolumeRecord, host: TargetHost): PoolTarget[] => {
    const key = `${volume.id}:${host.id}`;
    let pools = cache.get(key);
    if (pools === undefined) {
      const plan = {
        zoneId: host.zoneId,
        podId: host.podId,
        clusterId: host.clusterId,
        hostId: host.id,
        bypassStorageTypeCheck: false,
        hypervisorType: snapshot.vm.hypervisorType,
      };
      pools = judgePools(volume, plan, snapshot.storage);
      cache.set(key, pools);
    }
    return pools;
  };
}

function volumeTargets(
  volume: VolumeRecord,
  host: TargetHost,
  poolsFromHost: (volume: VolumeRecord, host: TargetHost) => PoolTarget[],
  snapshot: MigrationTargetsSnapshot,
): VolumeTargets {
  return {
    volume,
    requiresMigration: volumeMustMove(volume, host, snapshot.storage),
    // As T27: the pools it can go to, its own left out.
    pools: orderPools(poolsFromHost(volume, host).filter((t) => t.pool.id !== volume.poolId)),
  };
}
