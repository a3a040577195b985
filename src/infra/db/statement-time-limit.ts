import type { DataSource } from 'typeorm';

/** The part of a mysql2 pool connection used here (callback API, as TypeORM's pool hands them out). */
interface PoolConnectionLike {
  query(sql: string, callback: (error: Error | null) => void): unknown;
}
interface PoolLike {
  on(event: 'acquire', listener: (connection: PoolConnectionLike) => void): unknown;
}

export type StatementTimeLimit =
  { applied: true; variable: 'max_statement_time' | 'max_execution_time'; milliseconds: number } | { applied: false; reason: string };

/**
 * A time limit on every statement the gateway sends, enforced by the database server so a slow
 * query is cancelled there and not only abandoned by the client. MariaDB: `max_statement_time`
 * (seconds, every statement); MySQL: `max_execution_time` (milliseconds, SELECT only). The session
 * variable is set on each pooled connection the first time the pool hands it out (mysql2 `acquire`
 * event): the SET is queued on the connection before the caller's own statement, and never counted
 * as one of the request's statements. Call it after migrations, which may legitimately run longer.
 * SQLite has no server-side limit (and no statement cancellation from another thread): not applied.
 */
export async function applyStatementTimeLimit(dataSource: DataSource, milliseconds: number, onError?: (error: Error) => void): Promise<StatementTimeLimit> {
  if (milliseconds <= 0) return { applied: false, reason: 'disabled (0)' };
  const type = dataSource.options.type;
  if (type !== 'mysql' && type !== 'mariadb') return { applied: false, reason: `${type} has no server-side statement time limit` };
  const pool = (dataSource.driver as unknown as { pool?: PoolLike }).pool;
  if (!pool) return { applied: false, reason: 'no connection pool (replication is not supported here)' };

  const [{ version }] = await dataSource.query<{ version: string }[]>('SELECT VERSION() AS version');
  const mariadb = /mariadb/i.test(version);
  const statement = mariadb
    ? `SET SESSION max_statement_time = ${(milliseconds / 1000).toFixed(3)}`
    : `SET SESSION max_execution_time = ${Math.round(milliseconds)}`;
  const limited = new WeakSet<PoolConnectionLike>();
  pool.on('acquire', (connection) => {
    if (limited.has(connection)) return;
    limited.add(connection);
    connection.query(statement, (error) => {
      if (error) onError?.(error);
    });
  });
  return { applied: true, variable: mariadb ? 'max_statement_time' : 'max_execution_time', milliseconds };
}
