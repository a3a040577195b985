import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type {
  ChildList,
  ChildLists,
  ChildPage,
  NodeKindOfUuid,
  InventoryFilters,
  InventoryKind,
  InventoryReader,
  InventoryRecords,
  LookupOptions,
  Page,
  PageableKind,
  PageRequest,
  ReadScope,
} from '../../app/ports/inventory-reader';
import type { StoragePoolHostRefRecord, TemplatePoolRefRecord, TemplateStoreRefRecord, VolumeRecord } from '../../domain/inventory/records';
import { type ChildListTable, CHILD_LIST_TABLES, childEntity, toStoreRefRecord } from './child-list-tables';
import { StoragePoolHostRefEntity, TemplatePoolRefEntity, TemplateStoreRefEntity, VolumeEntity } from './entities';
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

  async poolRefsByTemplateIds(templateIds: readonly number[]): Promise<TemplatePoolRefRecord[]> {
    return this.refs(TemplatePoolRefEntity, 'templateId', templateIds);
  }

  async storeRefsByTemplateIds(templateIds: readonly number[]): Promise<TemplateStoreRefRecord[]> {
    const rows = await this.refs<TemplateStoreRefRecord>(TemplateStoreRefEntity, 'templateId', templateIds);
    return rows.map(toStoreRefRecord);
  }

  poolHostRefsByHostIds(hostIds: readonly number[]): Promise<StoragePoolHostRefRecord[]> {
    return this.refs(StoragePoolHostRefEntity, 'hostId', hostIds);
  }

  poolHostRefsByPoolIds(poolIds: readonly number[]): Promise<StoragePoolHostRefRecord[]> {
    return this.refs(StoragePoolHostRefEntity, 'poolId', poolIds);
  }

  async page<K extends PageableKind>(kind: K, filter: InventoryFilters[K], page: PageRequest, scope: ReadScope): Promise<Page<InventoryRecords[K]>> {
    const qb = this.listSelect(kind, filter, scope);
    afterUuid(qb, kind, page.afterUuid);
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

  async childPages<L extends ChildList>(
    list: L,
    parentIds: readonly number[],
    filter: ChildLists[L]['filter'],
    page: ChildLists[L]['page'],
    scope: ReadScope,
  ): Promise<ChildPage<ChildLists[L]['record']>[]> {
    if (parentIds.length === 0) return [];
    const table = CHILD_LIST_TABLES[list];
    const qb = this.childSelect(table, parentIds, filter, scope);
    if ('afterUuid' in page) afterUuid(qb, (table as { kind: PageableKind }).kind, page.afterUuid);
    else if (page.afterRowId !== null) qb.andWhere('t.id > :afterRowId', { afterRowId: page.afterRowId });
    // The first `first + 1` rows of every parent in one statement; the extra row tells hasNextPage.
    qb.addSelect(`ROW_NUMBER() OVER (PARTITION BY t.${table.parentColumn} ORDER BY t.id)`, 'gw_rank');
    const [sql, parameters] = qb.getQueryAndParameters();
    const raw: ObjectLiteral[] = await this.dataSource.query(`SELECT * FROM (${sql}) gw_ranked WHERE gw_rank <= ? ORDER BY gw_rank`, [
      ...(parameters as unknown[]),
      page.first + 1,
    ]);
    const toRecord = 'kind' in table ? INVENTORY_TABLES[table.kind].toRecord : table.toRecord;
    const pages = new Map<number, ChildPage<ChildLists[L]['record']>>();
    for (const row of hydrateRows(this.dataSource, childEntity(table), raw, 't')) {
      const parentId = Number(row[table.parentProperty]);
      let parentPage = pages.get(parentId);
      if (!parentPage) pages.set(parentId, (parentPage = { parentId, rows: [], hasNextPage: false }));
      if (parentPage.rows.length < page.first) parentPage.rows.push(toRecord(row) as ChildLists[L]['record']);
      else parentPage.hasNextPage = true;
    }
    return [...pages.values()];
  }

  async childCounts<L extends ChildList>(list: L, parentIds: readonly number[], filter: ChildLists[L]['filter'], scope: ReadScope) {
    if (parentIds.length === 0) return [];
    const table = CHILD_LIST_TABLES[list];
    const rows = await this.childSelect(table, parentIds, filter, scope)
      .select(`t.${table.parentColumn}`, 'parentId')
      .addSelect('COUNT(1)', 'cnt')
      .groupBy(`t.${table.parentColumn}`)
      .getRawMany<{ parentId: number | string; cnt: number | string }>();
    return rows.map((r) => ({ parentId: Number(r.parentId), count: Number(r.cnt) }));
  }

  /** The rows of a nested list under some parents, as its top-level list would show them. */
  private childSelect(table: ChildListTable, parentIds: readonly number[], filter: object, scope: ReadScope): SelectQueryBuilder<ObjectLiteral> {
    const parentIn = [`t.${table.parentProperty} IN (:...parentIds)`, { parentIds: unique(parentIds) }] as const;
    if ('kind' in table) return this.listSelect(table.kind, filter, scope).andWhere(...parentIn);
    const qb = this.dataSource
      .getRepository(table.entity)
      .createQueryBuilder('t')
      .where(...parentIn);
    // Template copies are infrastructure: invisible outside an administrator's scope (applyScope's rule).
    if (scope.kind !== 'all') qb.andWhere('1 = 0');
    return qb;
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
    applyInventoryFilter(kind, qb, filter, scope);
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
}

/** Rows after a cursor's row; the cursor row may since be removed: it is looked up including removed rows. */
function afterUuid(qb: SelectQueryBuilder<ObjectLiteral>, kind: PageableKind, uuid: string | null): void {
  if (uuid === null) return;
  qb.andWhere(`t.id > (SELECT c.id FROM ${INVENTORY_TABLES[kind].table} c WHERE c.uuid = :afterUuid)`, { afterUuid: uuid });
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
