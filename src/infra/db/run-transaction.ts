import type { DataSource, EntityManager } from 'typeorm';

/** How many times a transaction MySQL gave up as a deadlock is run again before the error stands. */
const ATTEMPTS = 5;

/** MySQL deadlock / lock wait timeout, or SQLite busy: the transaction was given up and may be retried. */
export function isLockConflict(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

/**
 * One bookkeeping transaction. On MySQL/MariaDB it runs READ COMMITTED, as CloudStack's own
 * management server does (fewer gap locks between concurrent migrations), and a transaction InnoDB
 * rolled back as a deadlock victim is run again from the start ("try restarting transaction"): it
 * changed nothing, and its conditional updates decide afresh. SQLite transactions are serialised.
 */
export async function runTransaction<T>(dataSource: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'mysql') return dataSource.transaction(work);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.transaction('READ COMMITTED', work);
    } catch (error) {
      if (!isLockConflict(error) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20 * attempt));
    }
  }
}
