import 'reflect-metadata';
import { afterEach, describe, expect, it } from 'vitest';
import { applyStatementTimeLimit } from '../../../src/infra/db/statement-time-limit';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database';

describe.each(DATABASE_KINDS)('the database-side statement time limit on %s', (kind) => {
  let db: TestDatabase | undefined;
  afterEach(async () => db?.dispose());

  if (kind === 'mysql') {
    it('sets max_statement_time on every pooled connection, so MariaDB cancels a statement that runs too long', async () => {
      db = await createTestDatabase(kind, { migrate: false });
      const outcome = await applyStatementTimeLimit(db.dataSource, 300);
      expect(outcome).toEqual({ applied: true, variable: 'max_statement_time', milliseconds: 300 });
      // Several connections at once, so more than the first pooled one is checked.
      const limits = await Promise.all(Array.from({ length: 4 }, () => db!.dataSource.query('SELECT @@SESSION.max_statement_time AS t, SLEEP(0.05) AS s')));
      for (const [row] of limits) expect(Number(row.t)).toBeCloseTo(0.3, 3);
      const started = Date.now();
      await expect(db.dataSource.query('SELECT SLEEP(3) AS s FROM (SELECT 1 UNION ALL SELECT 2) t')).rejects.toThrow(/max_statement_time|interrupted/i);
      expect(Date.now() - started).toBeLessThan(2000);
    });
  } else {
    it('is not applied on SQLite, which has no server to cancel a statement, and says why', async () => {
      db = await createTestDatabase(kind, { migrate: false });
      expect(await applyStatementTimeLimit(db.dataSource, 300)).toEqual({ applied: false, reason: 'better-sqlite3 has no server-side statement time limit' });
    });
  }

  it('is not applied when the limit is 0', async () => {
    db = await createTestDatabase(kind, { migrate: false });
    expect(await applyStatementTimeLimit(db.dataSource, 0)).toEqual({ applied: false, reason: 'disabled (0)' });
  });
});
