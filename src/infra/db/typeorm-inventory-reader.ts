import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type {
  NodeKindOfUuid,
  InventoryFilters, InventoryKind, InventoryReader, InventoryRecords, LookupOptions, Page, PageableKind, PageRequest,
  ReadScope,
} from '../../app/ports/inventory-reader';
import type {
  StoragePoolHostRefRecord, TemplatePoolRefRecord, TemplateStoreRefRecord, VmRecord, VolumeRecord,
} from '../../domain/inventory/records';
import { StoragePoolHostRefEntity, TemplatePoolRefEntity, TemplateStoreRefEntity, VmEntity, VolumeEntity } from './entities';
import { applyInventoryFilter, applyScope } from './inventory-filters';
import { INVENTORY_TABLES } from './inventory-tables';
import { hydrateRows, selectMany } from './raw-hydration';

/** InventoryReader over TypeORM: one statement per call, for MySQL/MariaDB and SQLite alike. */
export class TypeOrmInventoryReader implements InventoryReader {
  constructor(private readonly dataSource: DataSource) {}

  async byIds<K extends InventoryKind>(kind: K, ids: readonly number[], options: LookupOptions = {}) {
    if (ids.length === 0) return [];
    const qb = this.select(kind, options).andWhere('t.id IN (:...ids)', { ids: unique(ids) });
    return this.records(kind, await selectMany(this.dataSource, qb));
  }

  async byUuids<K extends InventoryKind>(kind: K, uuids: readonly string[], options: LookupOptions = {}) {
    if (uuids.length === 0) return [];
    const qb = this.select(kind, options).andWhere('t.uuid IN (:...uuids)', { uuids: unique(uuids) });
    return this.records(kind, await selectMany(this.dataSource, qb));
  }

  async kindsOfUuids(uuids: readonly string[]) {
    if (uuids.length === 0) return [];
    const kinds = Object.keys(INVENTORY_TABLES) as InventoryKind[];
    const list = unique(uuids);
    const placeholders = list.map(() => '?').join(', ');
    // One UNION ALL statement across every table with a uuid (soft-deleted rows are not nodes).
    const sql = kinds
      .map((kind) => {
        const t = INVENTORY_TABLES[kind];
        const live = t.softDelete ? ' AND removed IS NULL' : '';
        return `SELECT '${kind}' AS kind, id, uuid FROM ${t.table} WHERE uuid IN (${placeholders})${live}`;
      })
      .concat(`SELECT 'migrationJob' AS kind, id, uuid FROM gateway_migration_job WHERE uuid IN (${placeholders})`)
      .join(' UNION ALL ');
    const rows: { kind: NodeKindOfUuid; id: number | string; uuid: string }[] = await this.dataSource.query(
      sql,
      [...kinds, 'migrationJob'].flatMap(() => list),
    );
    return rows.map((r) => ({ kind: r.kind, id: Number(r.id), uuid: r.uuid }));
  }

  async volumesByVmIds(vmIds: readonly number[]): Promise<VolumeRecord[]> {
    if (vmIds.length === 0) return [];
    const qb = this.dataSource
      .getRepository(VolumeEntity)
      .createQueryBuilder('t')
      .where('t.instanceId IN (:...ids)', { ids: unique(vmIds) })
      .andWhere('t.removed IS NULL')
      .orderBy('t.deviceId', 'ASC')
      .addOrderBy('t.id', 'ASC');
    const rows = await selectMany(this.dataSource, qb);
    return this.records('volume', rows);
  }

  volumesByPoolIds(poolIds: readonly number[], limitPerParent: number): Promise<VolumeRecord[]> {
    return this.limitedChildren('volume', VolumeEntity, 'pool_id', poolIds, limitPerParent);
  }

  vmsByHostIds(hostIds: readonly number[], limitPerParent: number): Promise<VmRecord[]> {
    return this.limitedChildren('vm', VmEntity, 'host_id', hostIds, limitPerParent);
  }

  async poolRefsByTemplateIds(templateIds: readonly number[]): Promise<TemplatePoolRefRecord[]> {
    return this.refs(TemplatePoolRefEntity, 'templateId', templateIds);
  }

  async poolRefsByPoolIds(poolIds: readonly number[]): Promise<TemplatePoolRefRecord[]> {
    return this.refs(TemplatePoolRefEntity, 'poolId', poolIds);
  }

  async storeRefsByTemplateIds(templateIds: readonly number[]): Promise<TemplateStoreRefRecord[]> {
    const rows = await this.refs<TemplateStoreRefRecord>(TemplateStoreRefEntity, 'templateId', templateIds);
    return rows.map((r) => ({ ...r, destroyed: Boolean(r.destroyed) }));
  }

  poolHostRefsByHostIds(hostIds: readonly number[]): Promise<StoragePoolHostRefRecord[]> {
    return this.refs(StoragePoolHostRefEntity, 'hostId', hostIds);
  }

  poolHostRefsByPoolIds(poolIds: readonly number[]): Promise<StoragePoolHostRefRecord[]> {
    return this.refs(StoragePoolHostRefEntity, 'poolId', poolIds);
  }

  async page<K extends PageableKind>(kind: K, filter: InventoryFilters[K], page: PageRequest, scope: ReadScope): Promise<Page<InventoryRecords[K]>> {
    const qb = this.listSelect(kind, filter, scope);
    if (page.afterUuid !== null) {
      const { table } = INVENTORY_TABLES[kind];
      // The cursor row may since be removed: look it up including removed rows.
      qb.andWhere(`t.id > (SELECT c.id FROM ${table} c WHERE c.uuid = :afterUuid)`, { afterUuid: page.afterUuid });
    }
    // One extra row tells whether there is a next page without a second statement.
    const rows = await selectMany(this.dataSource, qb.orderBy('t.id', 'ASC').take(page.first + 1));
    return { rows: this.records(kind, rows.slice(0, page.first)), hasNextPage: rows.length > page.first };
  }

  async count<K extends PageableKind>(kind: K, filter: InventoryFilters[K], scope: ReadScope): Promise<number> {
    // COUNT(1), not getCount()'s COUNT(DISTINCT id): without joins every row is a distinct id, and
    // the DISTINCT costs the database ~15% more on the VM list's count of every VM.
    const row = await this.listSelect(kind, filter, scope).select('COUNT(1)', 'cnt').getRawOne<{ cnt: number | string }>();
    return Number(row?.cnt ?? 0);
  }

  private select(kind: InventoryKind, options: LookupOptions): SelectQueryBuilder<ObjectLiteral> {
    const table = INVENTORY_TABLES[kind];
    const qb = this.dataSource.getRepository(table.entity).createQueryBuilder('t').where('1 = 1');
    if (table.softDelete && !options.includeRemoved) qb.andWhere('t.removed IS NULL');
    if (options.scope) applyScope(kind, qb, options.scope);
    return qb;
  }

  /** Lists show only rows with a public id: a migrated-away source volume has its uuid nulled (R30). */
  private listSelect(kind: PageableKind, filter: { includeRemoved?: boolean }, scope: ReadScope) {
    const qb = this.select(kind, { includeRemoved: filter.includeRemoved }).andWhere('t.uuid IS NOT NULL');
    applyInventoryFilter(kind, qb, filter as InventoryFilters[typeof kind], scope);
    return qb;
  }

  private records<K extends InventoryKind>(kind: K, rows: ObjectLiteral[]): InventoryRecords[K][] {
    const { toRecord } = INVENTORY_TABLES[kind];
    return rows.map((row) => toRecord(row) as InventoryRecords[K]);
  }

  private async refs<T>(entity: new () => unknown, property: string, ids: readonly number[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const qb = this.dataSource
      .getRepository(entity)
      .createQueryBuilder('t')
      .where(`t.${property} IN (:...ids)`, { ids: unique(ids) })
      .orderBy('t.id', 'ASC');
    // Fresh plain objects (raw-hydration.ts): records as they are.
    return (await selectMany(this.dataSource, qb)) as T[];
  }

  /** First `limit` live children of each parent by id, in one statement (ROW_NUMBER window). */
  private async limitedChildren<K extends 'vm' | 'volume'>(
    kind: K,
    entity: typeof VmEntity | typeof VolumeEntity,
    parentColumn: string,
    parentIds: readonly number[],
    limit: number,
  ): Promise<InventoryRecords[K][]> {
    if (parentIds.length === 0) return [];
    const ids = unique(parentIds);
    const { table } = INVENTORY_TABLES[kind];
    const sql =
      `SELECT * FROM (SELECT t.*, ROW_NUMBER() OVER (PARTITION BY t.${parentColumn} ORDER BY t.id) AS gw_rank ` +
      `FROM ${table} t WHERE t.${parentColumn} IN (${ids.map(() => '?').join(', ')}) AND t.removed IS NULL) ranked ` +
      `WHERE gw_rank <= ? ORDER BY id`;
    const raw: ObjectLiteral[] = await this.dataSource.query(sql, [...ids, limit]);
    return this.records(kind, hydrateRows(this.dataSource, entity, raw));
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
