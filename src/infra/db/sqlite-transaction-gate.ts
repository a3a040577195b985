import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

interface OpenTransaction {
  token: symbol;
  done: Promise<void>;
}

/**
 * TypeORM's SQLite drivers run everything on ONE connection (one shared QueryRunner). Two
 * `transaction()` calls that overlap in time therefore nest (the second becomes a SAVEPOINT of the
 * first), and a plain statement of another request lands inside whichever transaction is open, to
 * be committed or rolled back with it. The gateway runs many migrations at once, so in SQLite mode
 * every transaction takes this gate: one at a time, and statements of other async flows wait until
 * it ends. Which flow a statement belongs to is carried by an AsyncLocalStorage (SQLite mode only;
 * MySQL has a connection per transaction and needs none of this).
 */
export function gateSqliteTransactions(dataSource: DataSource): void {
  const flow = new AsyncLocalStorage<symbol>();
  let open: OpenTransaction | null = null;
  let tail: Promise<void> = Promise.resolve();

  const waitForOthers = async () => {
    while (open && flow.getStore() !== open.token) await open.done;
  };

  const driver = dataSource.driver as unknown as { createQueryRunner(mode?: string): QueryRunner };
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  const gated = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode?: string) => {
    const runner = createQueryRunner(mode);
    if (!gated.has(runner)) {
      gated.add(runner);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      (runner as { query: unknown }).query = async (...args: unknown[]) => {
        await waitForOthers();
        return query(...args);
      };
    }
    return runner;
  };

  const manager = dataSource.manager as EntityManager & { transaction: (...args: unknown[]) => Promise<unknown> };
  const transaction = manager.transaction.bind(manager);
  manager.transaction = async (...args: unknown[]) => {
    // A transaction opened inside this flow's own transaction nests as TypeORM intends.
    if (open && flow.getStore() === open.token) return transaction(...args);
    const previous = tail;
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    tail = previous.then(() => done);
    await previous;
    const token = Symbol('sqlite transaction');
    open = { token, done };
    try {
      return await flow.run(token, () => transaction(...args));
    } finally {
      open = null;
      release();
    }
  };
}
