import type { DataSource, EntityManager } from 'typeorm';
import { isLockConflict } from './run-transaction';

/** What a raw INSERT/UPDATE/DELETE did, the same on MySQL/MariaDB and SQLite. */
export interface WriteResult {
  affected: number;
  /** AUTO_INCREMENT id of an inserted row (0 when none). */
  insertId: number;
}

/**
 * Runs one raw write statement and reports rows affected and the inserted id. TypeORM's structured
 * result carries `affected` for both drivers; the id is mysql2's `insertId` or better-sqlite3's
 * `lastInsertRowid`.
 */
export async function executeWrite(db: DataSource | EntityManager, sql: string, params: unknown[]): Promise<WriteResult> {
  const manager = 'manager' in db ? db.manager : db;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await runner.query(sql, params, true);
        return { affected: result.affected ?? 0, insertId: insertedId(result.raw) };
      } catch (error) {
        // A statement of its own that InnoDB chose as a deadlock victim changed nothing: run it again.
        if (manager.queryRunner || !isLockConflict(error) || attempt >= 5) throw error;
      }
    }
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/** The AUTO_INCREMENT id in a driver's raw write result: mysql2's `insertId`, better-sqlite3's `lastInsertRowid`. */
export function insertedId(raw: unknown): number {
  const value = raw as { insertId?: number | string } | number | bigint | undefined;
  return typeof value === 'object' && value !== null ? Number(value.insertId ?? 0) : Number(value ?? 0);
}
