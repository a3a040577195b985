import { type CloneMode, type CloneModeReason, type MigrationSnapshotEntry, planMigration, type TemplateStaging } from '../migration';
import type { HostTarget, MigrationTargetsAnswer } from './migration-targets';
import type { MigrationTargetsSnapshot } from './targets-snapshot';
import type { TargetHost } from './target-records';

/** What `migrationPlan` decides for one volume and pool; all null when the volume would not be migrated. */
export interface PoolPlanDecision {
  cloneMode: CloneMode | null;
  cloneModeReason: CloneModeReason | null;
  templateStaging: TemplateStaging | null;
}

const NOT_MIGRATED: PoolPlanDecision = Object.freeze({ cloneMode: null, cloneModeReason: null, templateStaging: null });

/**
 * The clone mode and template staging `planMigration` decides for a volume moving to a pool of a
 * candidate host (so a forced full clone or a template copy shows before anyone asks). The request
 * planned is the one a client builds from the answer: this volume to this pool, and every other
 * volume the host cannot reach to its first listed pool (R10a: a direct-download volume among them
 * forces full clones for all), in volume order. Decided on demand and memoized: a plan's entries
 * depend on the destination host only through R2 (same host, same cluster as the source), so hosts
 * alike in that and in the request share one plan.
 */
export class PoolPlanner {
  private readonly hosts: ReadonlyMap<number, HostTarget>;
  private readonly cache = new Map<string, PoolPlanDecision>();

  constructor(
    private readonly snapshot: MigrationTargetsSnapshot,
    answer: MigrationTargetsAnswer,
  ) {
    this.hosts = new Map(answer.hosts.map((h) => [h.host.id, h]));
  }

  decide(hostId: number, volumeId: number, poolId: number): PoolPlanDecision {
    const target = this.hosts.get(hostId);
    const volume = target?.volumes.find((v) => v.volume.id === volumeId)?.volume;
    const source = this.snapshot.sourceHost;
    if (target === undefined || volume === undefined || source === null || volume.poolId === poolId) return NOT_MIGRATED;
    const entries: MigrationSnapshotEntry[] = target.volumes.flatMap(({ volume: other, requiresMigration, pools }) => {
      if (other.id === volumeId) return [{ volume: other, destinationPoolId: poolId, destinationPoolUuid: this.poolUuid(poolId) }];
      return requiresMigration && pools.length > 0
        ? [{ volume: other, destinationPoolId: pools[0].pool.id, destinationPoolUuid: pools[0].pool.uuid ?? '' }]
        : [];
    });
    const key = `${r2Class(source, target.host)}|${volumeId}|${entries.map((e) => `${e.volume.id}>${e.destinationPoolId}`).join(',')}`;
    let decision = this.cache.get(key);
    if (decision === undefined) {
      decision = this.plan(target.host, volumeId, entries);
      this.cache.set(key, decision);
    }
    return decision;
  }

  private poolUuid(poolId: number): string {
    return this.snapshot.planning.pools.get(poolId)?.uuid ?? '';
  }

  private plan(destinationHost: TargetHost, volumeId: number, entries: MigrationSnapshotEntry[]): PoolPlanDecision {
    const plan = planMigration({ ...this.snapshot.planning, sourceHost: this.snapshot.sourceHost, destinationHost, entries });
    const entry = plan.entries.find((e) => e.volumeId === volumeId);
    if (entry === undefined || entry.skipped || entry.cloneMode === null) return NOT_MIGRATED;
    return { cloneMode: entry.cloneMode, cloneModeReason: entry.cloneModeReason, templateStaging: entry.templateStaging };
  }
}

/** The destination's part in R2: the same host, and the same (non-null) cluster as the source. */
function r2Class(source: TargetHost, destination: TargetHost): string {
  const sameCluster = source.clusterId !== null && source.clusterId === destination.clusterId;
  return `${source.id === destination.id}:${sameCluster}`;
}
