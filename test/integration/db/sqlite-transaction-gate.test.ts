import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * SQLite mode runs on one connection: without the gate, a transaction started while another is
 * open becomes its SAVEPOINT, and a plain statement of another request is committed or rolled back
 * with whatever transaction is open at that moment.
 */
describe('transactions on the embedded SQLite database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    await db.dataSource.query('CREATE TABLE gate_probe (name VARCHAR(32) PRIMARY KEY)');
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const names = async () => (await db.dataSource.query<{ name: string }[]>('SELECT name FROM gate_probe ORDER BY name')).map((r) => r.name);
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('keeps overlapping transactions apart: one rolling back takes neither the other nor a plain statement with it', async () => {
    const failing = db.dataSource.transaction(async (m) => {
      await m.query("INSERT INTO gate_probe (name) VALUES ('rolled-back')");
      for (let i = 0; i < 5; i += 1) await tick();
      throw new Error('boom');
    });
    const committing = db.dataSource.transaction(async (m) => {
      await m.query("INSERT INTO gate_probe (name) VALUES ('committed')");
    });
    const plain = db.dataSource.query("INSERT INTO gate_probe (name) VALUES ('plain')");

    await expect(failing).rejects.toThrow('boom');
    await committing;
    await plain;
    expect(await names()).toEqual(['committed', 'plain']);
  });

  it('lets a transaction nest inside its own flow (a SAVEPOINT, as TypeORM intends)', async () => {
    await db.dataSource.transaction(async (m) => {
      await m.query("INSERT INTO gate_probe (name) VALUES ('outer')");
      await db.dataSource.transaction(async (inner) => inner.query("INSERT INTO gate_probe (name) VALUES ('inner')"));
    });
    expect(await names()).toEqual(expect.arrayContaining(['inner', 'outer']));
  });
});
