import { type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

/**
 * Creates a table built with these helpers on the connected driver. SQLite only auto-increments
 * an INTEGER PRIMARY KEY (64-bit there anyway), so generated BIGINT keys become INTEGER on SQLite.
 */
export async function createPortableTable(q: QueryRunner, table: Table): Promise<void> {
  const sqlite = q.connection.options.type !== 'mysql' && q.connection.options.type !== 'mariadb';
  const columns = table.columns.map((c) => (sqlite && c.isGenerated ? { ...c, type: 'integer' } : c));
  await q.createTable(new Table({ name: table.name, columns, indices: table.indices }), true);
}

/**
 * Column builders for portable (MySQL/MariaDB + SQLite) Table-API migrations, typed like
 * CloudStack's DDL (shared/reference/cloudstack-4.22-subset.sql). `unsigned` is ignored by SQLite.
 */
/** Primary key; tables whose ids come from CloudStack's `sequence` table pass autoIncrement=false. */
export const pk = (name = 'id', autoIncrement = true): TableColumnOptions => ({
  name,
  type: 'bigint',
  unsigned: true,
  isPrimary: true,
  isGenerated: autoIncrement,
  generationStrategy: autoIncrement ? 'increment' : undefined,
});
export const bigint = (name: string, nullable = false, def?: number): TableColumnOptions => ({
  name,
  type: 'bigint',
  unsigned: true,
  isNullable: nullable,
  default: def,
});
export const int = (name: string, nullable = false, def?: number): TableColumnOptions => ({
  name,
  type: 'int',
  isNullable: nullable,
  default: def,
});
export const flag = (name: string, nullable = false, def?: number): TableColumnOptions => ({
  name,
  type: 'tinyint',
  isNullable: nullable,
  default: def,
});
export const str = (name: string, length = 255, nullable = true, def?: string): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
  default: def === undefined ? undefined : `'${def}'`,
});
export const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
export const datetime = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable });
export const uuid = (length = 40): TableColumnOptions => ({ ...str('uuid', length), isUnique: true });

/** UNSIGNED variants and CHAR, for tables whose DDL declares them (ignored by SQLite like `unsigned` above). */
export const uint = (name: string, nullable = false, def?: number): TableColumnOptions => ({ ...int(name, nullable, def), unsigned: true });
export const usmallint = (name: string, nullable = false, def?: number): TableColumnOptions => ({
  ...int(name, nullable, def),
  type: 'smallint',
  unsigned: true,
});
export const uflag = (name: string, nullable = false, def?: number): TableColumnOptions => ({ ...flag(name, nullable, def), unsigned: true });
export const char = (name: string, length: number, nullable = true, def?: string): TableColumnOptions => ({
  ...str(name, length, nullable, def),
  type: 'char',
});
