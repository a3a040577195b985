import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Turns raw rows of `SELECT *` into entity-shaped objects with the driver's own conversions
 * (dates, transformers), for the few statements TypeORM's query builder cannot express
 * (window functions). Columns the entity does not map (CloudStack has many) are ignored.
 */
export function hydrateRows(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>, rows: ObjectLiteral[]): ObjectLiteral[] {
  const metadata = dataSource.getMetadata(entity);
  return rows.map((raw) => {
    const row: ObjectLiteral = {};
    for (const column of metadata.columns) {
      row[column.propertyName] = dataSource.driver.prepareHydratedValue(raw[column.databaseName], column);
    }
    return row;
  });
}
