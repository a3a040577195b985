import { PoolScope } from '../inventory/cloudstack-values';
import type { VolumeRecord } from '../inventory/records';
import type { PoolTarget } from './migration-targets';
import { storageMotionSupported } from './hypervisor-capabilities';
import { anyPoolFits, poolLabel } from './pool-suitability';
import type { StorageSnapshot } from './targets-snapshot';
import { combine, SUITABLE, type TargetReason, TargetReasonCode as Code, undecidable, unsuitable, type Verdict } from './target-reason';
import type { TargetHost } from './target-records';

export interface StorageMotionAssessment {
  /** T7: the host stays compatible (false: removed; null: T8 undecidable). */
  compatible: Verdict;
  requiresStorageMotion: boolean;
  /** T9 notes. */
  notes: TargetReason[];
}

/** The pools a volume can use from a host (T8), computed by the caller once per volume and host. */
export type PoolsFromHost = (volume: VolumeRecord, host: TargetHost) => readonly PoolTarget[];

/**
 * T7/T9 over every candidate host, volume by volume as `getTechnicallyCompatibleHosts` loops. Each
 * failing volume is reported (CloudStack stops at the first); `requiresStorageMotion` follows
 * CloudStack's map exactly: set while the host is still compatible and never cleared, and empty when
 * no candidate is left compatible (T10).
 */
export function assessStorageMotion(
  volumes: readonly VolumeRecord[],
  source: TargetHost,
  candidates: readonly TargetHost[],
  usesLocal: boolean,
  storage: StorageSnapshot,
  poolsFromHost: PoolsFromHost,
): Map<number, StorageMotionAssessment> {
  const verdicts = new Map<number, Verdict[]>(candidates.map((h) => [h.id, []]));
  const notes = new Map<number, TargetReason[]>(candidates.map((h) => [h.id, []]));
  const motion = new Set<number>();
  const removed = new Set<number>();
  for (const volume of volumes) {
    const pool = volume.poolId === null ? undefined : storage.pools.get(volume.poolId);
    if (pool === undefined) continue;
    for (const host of candidates) {
      if (pool.clusterId === null) {
        // T9: a managed zone pool may need motion to another cluster; the driver decides, not the database.
        if (pool.managed && host.clusterId !== source.clusterId) {
          notes.get(host.id)!.push({
            code: Code.ZonePoolDriverProperty,
            message: `Volume ${volumeLabel(volume)} is on managed zone pool ${poolLabel(pool)}: whether another cluster needs storage motion is its driver's zoneWideVolumesAvailableWithoutClusterMotion(), not in the database.`,
          });
        }
        continue;
      }
      if (pool.scope !== PoolScope.Host && host.clusterId === pool.clusterId && !usesLocal) continue; // imposes nothing
      const verdict = volumeNeedsMotion(volume, pool.managed, source, host, storage, poolsFromHost(volume, host));
      verdicts.get(host.id)!.push(verdict);
      if (verdict.suitable === false) removed.add(host.id);
      else if (!removed.has(host.id)) motion.add(host.id);
    }
  }
  const noneLeft = candidates.length > 0 && candidates.every((h) => removed.has(h.id));
  return new Map(
    candidates.map((h) => [
      h.id,
      {
        compatible: combine(verdicts.get(h.id)!),
        requiresStorageMotion: !noneLeft && motion.has(h.id),
        notes: notes.get(h.id)!,
      },
    ]),
  );
}

/** T7 for one volume that the host cannot use where it is. */
function volumeNeedsMotion(
  volume: VolumeRecord,
  managed: boolean,
  source: TargetHost,
  host: TargetHost,
  storage: StorageSnapshot,
  pools: readonly PoolTarget[],
): Verdict {
  const label = volumeLabel(volume);
  if (managed) {
    return unsuitable(Code.ManagedClusterStorage, `Volume ${label} is on managed cluster storage, which a running VM cannot leave for host ${host.name}.`);
  }
  const sameVersion = (source.hypervisorVersion ?? '') === (host.hypervisorVersion ?? '');
  if (!sameVersion && !storageMotionSupported(storage.capabilities, host.hypervisorType, host.hypervisorVersion)) {
    return unsuitable(
      Code.HypervisorWithoutStorageMotion,
      `Host ${host.name} runs ${host.hypervisorType} ${host.hypervisorVersion ?? ''} (source ${source.hypervisorVersion ?? ''}) without storage motion support.`,
    );
  }
  const fits = anyPoolFits(pools); // T8
  if (fits === true) return SUITABLE;
  if (fits === null)
    return undecidable(
      Code.PoolUndecidable,
      `Volume ${label} has no pool reachable from host ${host.name} that is certainly suitable; some cannot be decided from the database.`,
    );
  return unsuitable(Code.NoSuitablePool, `Volume ${label} has no suitable pool reachable from host ${host.name}.`);
}

/** The volume's own pool is not reachable from the host: a local pool, or a cluster pool of another cluster. */
export function volumeMustMove(volume: VolumeRecord, host: TargetHost, storage: StorageSnapshot): boolean {
  const pool = volume.poolId === null ? undefined : storage.pools.get(volume.poolId);
  if (pool === undefined || pool.clusterId === null) return false;
  return pool.scope === PoolScope.Host || pool.clusterId !== host.clusterId;
}

function volumeLabel(volume: VolumeRecord): string {
  return volume.uuid ?? volume.name ?? `#${volume.id}`;
}
