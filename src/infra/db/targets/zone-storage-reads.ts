import type { DataSource } from 'typeorm';
import type { StoragePoolRecord } from '../../../domain/inventory/records';
import {
  DEFAULT_TARGET_SETTINGS,
  type HypervisorCapabilityRecord,
  type PoolUsage,
  type TargetCluster,
  TARGET_SETTING_NAMES,
  type TargetSettings,
} from '../../../domain/targets';
import { ClusterEntity, DiskOfferingEntity, StoragePoolEntity } from '../entities';
import { INVENTORY_TABLES } from '../inventory-tables';
import { hydrateRows, selectMany } from '../raw-hydration';
import { num, placeholders, type RawRow, type Subquery, toDetail, toDiskOffering, toTag } from './target-rows';

/** States of volumes that no longer take pool space (`getNonDestroyedCountAndTotalByPool`). */
const DESTROYED_STATES = ['Destroy', 'Expunging', 'Expunged'];
/** The pool-scoped settings T24 reads from `storage_pool_details`. */
const POOL_DETAIL_NAMES = [
  TARGET_SETTING_NAMES.storageOverprovisioningFactor,
  TARGET_SETTING_NAMES.poolUsedThreshold,
  TARGET_SETTING_NAMES.poolAllocatedThreshold,
];

/** Whose volumes' pools to read besides the zone's live ones: a VM's (`instance_id`) or one volume's (`id`). */
export type PoolsOfVolumes = { column: 'instance_id' | 'id'; value: number };

/**
 * Which pools of a zone to read: every live one, or (`hosts` given) only those these hosts can
 * reach: zone-wide pools and the pools of the hosts' clusters (local ones included).
 */
export interface StorageScope {
  zoneId: number;
  /** Ids of the hosts whose reach limits the pools read. */
  hosts?: Subquery;
}

/** The scope as a subquery of pool ids. */
function scopedPoolIds(scope: StorageScope): Subquery {
  const zone = 'SELECT id FROM storage_pool WHERE data_center_id = ? AND removed IS NULL';
  if (!scope.hosts) return { sql: zone, params: [scope.zoneId] };
  return {
    sql: `${zone} AND (cluster_id IS NULL OR cluster_id IN (SELECT cluster_id FROM host WHERE id IN (${scope.hosts.sql})))`,
    params: [scope.zoneId, ...scope.hosts.params],
  };
}

/**
 * One statement each for the storage side of a zone (StorageSnapshot): pools, clusters, pool tags,
 * pool details, local pools' hosts, pool usage, capabilities.
 */
export class ZoneStorageReads {
  constructor(private readonly dataSource: DataSource) {}

  /** The pools in scope, and the pools of the given volumes (removed, in another zone or out of scope). */
  async pools(scope: StorageScope, volumes: PoolsOfVolumes): Promise<StoragePoolRecord[]> {
    const inScope = scopedPoolIds(scope);
    const raw: RawRow[] = await this.dataSource.query(
      `SELECT * FROM storage_pool WHERE id IN (${inScope.sql}) OR id IN (SELECT v.pool_id FROM volumes v WHERE v.${volumes.column} = ?)`,
      [...inScope.params, volumes.value],
    );
    return hydrateRows(this.dataSource, StoragePoolEntity, raw).map((row) => INVENTORY_TABLES.storagePool.toRecord(row) as StoragePoolRecord);
  }

  async clusters(zoneId: number): Promise<TargetCluster[]> {
    const qb = this.dataSource.getRepository(ClusterEntity).createQueryBuilder('t').where('t.zoneId = :zoneId', { zoneId });
    return (await selectMany(this.dataSource, qb)) as TargetCluster[];
  }

  async poolTags(scope: StorageScope) {
    const inScope = scopedPoolIds(scope);
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT pool_id AS owner_id, tag, is_tag_a_rule FROM storage_pool_tags WHERE pool_id IN (${inScope.sql}) ORDER BY id`,
      inScope.params,
    );
    return rows.map(toTag);
  }

  async poolDetails(scope: StorageScope) {
    const inScope = scopedPoolIds(scope);
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT pool_id AS owner_id, name, value FROM storage_pool_details WHERE pool_id IN (${inScope.sql}) AND name IN (${placeholders(POOL_DETAIL_NAMES)}) ORDER BY id`,
      [...inScope.params, ...POOL_DETAIL_NAMES],
    );
    return rows.map(toDetail);
  }

  /** storage_pool_host_ref of the HOST-scoped pools in scope, by pool. */
  async localPoolHosts(scope: StorageScope): Promise<Map<number, number[]>> {
    const inScope = scopedPoolIds(scope);
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT r.pool_id, r.host_id FROM storage_pool_host_ref r JOIN storage_pool p ON p.id = r.pool_id
       WHERE p.id IN (${inScope.sql}) AND p.scope = 'HOST' ORDER BY r.id`,
      inScope.params,
    );
    const map = new Map<number, number[]>();
    for (const row of rows) map.set(num(row.pool_id), [...(map.get(num(row.pool_id)) ?? []), num(row.host_id)]);
    return map;
  }

  /** T23.6/T24: Σ size and Σ min_iops of the non-destroyed volumes, plus Σ template_size of the template copies, per pool. */
  async poolUsage(scope: StorageScope): Promise<Map<number, PoolUsage>> {
    const inScope = scopedPoolIds(scope);
    const rows: RawRow[] = await this.dataSource.query(
      `SELECT pool_id, SUM(size) AS bytes, SUM(COALESCE(min_iops, 0)) AS iops FROM volumes
         WHERE pool_id IN (${inScope.sql}) AND removed IS NULL AND state NOT IN (${placeholders(DESTROYED_STATES)}) GROUP BY pool_id
       UNION ALL
       SELECT pool_id, SUM(template_size) AS bytes, 0 AS iops FROM template_spool_ref WHERE pool_id IN (${inScope.sql}) GROUP BY pool_id`,
      [...inScope.params, ...DESTROYED_STATES, ...inScope.params],
    );
    const usage = new Map<number, PoolUsage>();
    for (const row of rows) {
      const current = usage.get(num(row.pool_id)) ?? { allocatedBytes: 0, usedIops: 0 };
      usage.set(num(row.pool_id), { allocatedBytes: current.allocatedBytes + num(row.bytes), usedIops: current.usedIops + num(row.iops) });
    }
    return usage;
  }

  async diskOfferings(ids: readonly number[]) {
    if (ids.length === 0) return [];
    const qb = this.dataSource
      .getRepository(DiskOfferingEntity)
      .createQueryBuilder('t')
      .where('t.id IN (:...ids)', { ids: [...new Set(ids)] });
    return (await selectMany(this.dataSource, qb)).map((row) => toDiskOffering(row as DiskOfferingEntity));
  }

  async capabilities(): Promise<HypervisorCapabilityRecord[]> {
    const rows: RawRow[] = await this.dataSource.query(
      'SELECT hypervisor_type, hypervisor_version, max_guests_limit, storage_motion_supported FROM hypervisor_capabilities ORDER BY id',
    );
    return rows.map((r) => ({
      hypervisorType: String(r.hypervisor_type),
      hypervisorVersion: typeof r.hypervisor_version === 'string' ? r.hypervisor_version : null,
      maxGuestsLimit: r.max_guests_limit === null ? null : num(r.max_guests_limit),
      storageMotionSupported: Boolean(num(r.storage_motion_supported)),
    }));
  }
}

/** TargetSettings from `configuration` values (the reader fetches them with the migration settings). */
export function parseTargetSettings(values: ReadonlyMap<string, string | null>): TargetSettings {
  const number = (name: string, fallback: number) => {
    const value = values.get(name);
    const n = value === undefined || value === null || value.trim() === '' ? NaN : Number(value);
    return Number.isFinite(n) ? n : fallback;
  };
  const haTag = values.get(TARGET_SETTING_NAMES.haTag);
  return {
    storageOverprovisioningFactor: number(TARGET_SETTING_NAMES.storageOverprovisioningFactor, DEFAULT_TARGET_SETTINGS.storageOverprovisioningFactor),
    poolUsedThreshold: number(TARGET_SETTING_NAMES.poolUsedThreshold, DEFAULT_TARGET_SETTINGS.poolUsedThreshold),
    poolAllocatedThreshold: number(TARGET_SETTING_NAMES.poolAllocatedThreshold, DEFAULT_TARGET_SETTINGS.poolAllocatedThreshold),
    haTag: haTag === undefined || haTag === null || haTag.trim() === '' ? null : haTag.trim(),
  };
}
