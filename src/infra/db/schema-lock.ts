import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';

/** How long a process waits for another one's migrations and seed before it gives up. */
const LOCK_WAIT_MS = 120_000;
/** SQLite: how often the lock is tried again (never a blocking wait: it would stop the event loop). */
const SQLITE_RETRY_MS = 50;

/** Thrown when another process held the schema lock for longer than LOCK_WAIT_MS. */
class SchemaLockTimeoutError extends Error {}

/**
 * Runs `work` (migrations, the demo seed) while holding a lock shared by every gateway process on
 * the database, so N replicas starting at once all come up: one does the work, the others wait and
 * then find it done (TypeORM reads the executed migrations only once the lock is held; the seed
 * looks for a zone then too).
 *
 * MySQL/MariaDB: `GET_LOCK` on one dedicated connection. A named lock belongs to its session, so a
 * process that dies releases it with its connection. SQLite file: the write lock of a side file
 * (`<database>.schema-lock`, an empty SQLite database) taken with `BEGIN IMMEDIATE` on a connection
 * of its own; the OS releases it if the process dies. In-memory SQLite has one process only.
 */
export async function withSchemaLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'better-sqlite3') {
    const file = String(dataSource.options.database);
    return file === ':memory:' ? work() : withSqliteLock(sqliteLibrary(dataSource), `${file}.schema-lock`, work);
  }
  return withMysqlLock(dataSource, work);
}

/** Pending migrations, applied under the schema lock. */
export function runMigrationsExclusively(dataSource: DataSource) {
  return withSchemaLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
}

async function withMysqlLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const lock = mysqlLockName(String(dataSource.options.database));
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ got }] = (await runner.query('SELECT GET_LOCK(?, ?) AS got', [lock, LOCK_WAIT_MS / 1000])) as { got: number | string | null }[];
    if (Number(got) !== 1) throw new SchemaLockTimeoutError(`another gateway process held the schema lock ${lock} for more than ${LOCK_WAIT_MS / 1000} s`);
    try {
      return await work();
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [lock]);
    }
  } finally {
    await runner.release();
  }
}

/** The few calls made on a better-sqlite3 connection of its own. */
interface SqliteConnection {
  pragma(source: string): unknown;
  exec(source: string): unknown;
  close(): unknown;
}
type SqliteLibrary = new (file: string) => SqliteConnection;

/** better-sqlite3's constructor as TypeORM's driver loaded it (no second copy of the native module). */
function sqliteLibrary(dataSource: DataSource): SqliteLibrary {
  return (dataSource.driver as unknown as { sqlite: SqliteLibrary }).sqlite;
}

async function withSqliteLock<T>(Sqlite: SqliteLibrary, lockFile: string, work: () => Promise<T>): Promise<T> {
  const lock = new Sqlite(lockFile);
  try {
    lock.pragma('busy_timeout = 0');
    for (const deadline = Date.now() + LOCK_WAIT_MS; ;) {
      try {
        lock.exec('BEGIN IMMEDIATE');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        if (Date.now() > deadline)
          throw new SchemaLockTimeoutError(`another gateway process held the schema lock ${lockFile} for more than ${LOCK_WAIT_MS / 1000} s`);
        await sleep(SQLITE_RETRY_MS);
      }
    }
    try {
      return await work();
    } finally {
      lock.exec('ROLLBACK');
    }
  } finally {
    lock.close();
  }
}

/** MySQL lock names are at most 64 characters; one lock per database on the server. */
function mysqlLockName(database: string): string {
  const name = `gateway.schema.${database}`;
  return name.length <= 64 ? name : `gateway.schema.${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}
