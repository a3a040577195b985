import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

type RowMapper = (raw: ObjectLiteral) => ObjectLiteral;

const mappersByMetadata = new WeakMap<EntityMetadata, Map<string, RowMapper>>();

/**
 * A function from one raw row to one entity-shaped object, compiled once per entity and alias:
 * an object literal of fixed shape is several times cheaper to build than assigning 20-40 keys
 * one by one (every hydrated object then shares one hidden class). Keys are embedded with
 * JSON.stringify (metadata from the gateway's own entities, never user input).
 */
function mapperFor(dataSource: DataSource, metadata: EntityMetadata, alias: string | null): RowMapper {
  let byAlias = mappersByMetadata.get(metadata);
  if (!byAlias) mappersByMetadata.set(metadata, (byAlias = new Map<string, RowMapper>()));
  const aliasKey = alias ?? '';
  let mapper = byAlias.get(aliasKey);
  if (!mapper) {
    const columns: ColumnMetadata[] = metadata.columns;
    const fields = columns.map((column, i) => {
      // The key TypeORM's own select uses (`t_host_id`, hashed when longer than the driver allows).
      const key = alias === null ? column.databaseName : DriverUtils.buildAlias(dataSource.driver, undefined, alias, column.databaseName);
      return `${JSON.stringify(column.propertyName)}: driver.prepareHydratedValue(raw[${JSON.stringify(key)}], columns[${i}])`;
    });
    // A compiled hydrator is the point of this module (see above); its source is built from entity metadata only.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const compile = new Function('driver', 'columns', `return function hydrateRow(raw) { return { ${fields.join(', ')} }; };`);
    mapper = (compile as (driver: unknown, columns: ColumnMetadata[]) => RowMapper)(dataSource.driver, columns);
    byAlias.set(aliasKey, mapper);
  }
  return mapper;
}

/**
 * Turns raw rows into entity-shaped plain objects with the driver's own conversions (dates,
 * transformers), as TypeORM's entity transformer fills an entity. `alias` null: rows of
 * `SELECT *` (keys are column names); otherwise rows of a query builder's select of the whole
 * entity on that alias (keys `alias_column`). Every mapped column must be in the row (a missing
 * one would come out undefined); columns the entity does not map (CloudStack has many) are ignored.
 */
export function hydrateRows(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>, rows: ObjectLiteral[], alias: string | null = null): ObjectLiteral[] {
  return rows.map(mapperFor(dataSource, dataSource.getMetadata(entity), alias));
}

/**
 * `qb.getMany()` for a single-table select without joins, relations or listeners (the reader's
 * queries): the very statement TypeORM would send, its rows mapped by `hydrateRows` instead of
 * TypeORM's general entity transformer, which was about a quarter of the reader's CPU (grouping
 * rows by primary key for joins, entity instances, per-column selection checks). The statement
 * runs through `dataSource.query`, so the builder must come from the DataSource, not from a
 * transaction's query runner.
 */
export async function selectMany(dataSource: DataSource, qb: SelectQueryBuilder<ObjectLiteral>): Promise<ObjectLiteral[]> {
  const main = qb.expressionMap.mainAlias;
  const { joinAttributes, relationIdAttributes, selects } = qb.expressionMap;
  const wholeEntity = selects.length === 1 && selects[0].selection === main?.name;
  const ownRunner = (qb as unknown as { queryRunner?: unknown }).queryRunner !== undefined;
  if (!main?.hasMetadata || !wholeEntity || ownRunner || joinAttributes.length + relationIdAttributes.length > 0) {
    throw new Error('selectMany: whole-entity selects without joins, from the DataSource only');
  }
  const [sql, parameters] = qb.getQueryAndParameters();
  const raw: ObjectLiteral[] = await dataSource.query(sql, parameters);
  return hydrateRows(dataSource, main.target, raw, main.name);
}
