import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { type DatabaseKind, parseDatabaseUrl } from '../../src/config/gateway-config';
import { createDataSource } from '../../src/infra/db/data-source.factory';

/** The two databases every integration test runs on. */
export const DATABASE_KINDS: DatabaseKind[] = ['mysql', 'sqlite'];

const MYSQL_SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/** A throwaway database: its own MariaDB schema or its own SQLite file. */
export interface TestDatabase {
  kind: DatabaseKind;
  /** GATEWAY_DATABASE_URL of this database (for child processes). */
  url: string;
  dataSource: DataSource;
  /** Drops the database and closes connections. */
  dispose(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Run the standalone CloudStack subset + gateway migrations (default true). */
  migrate?: boolean;
  createSchema?: boolean;
  logger?: import('typeorm').Logger;
}

export async function createTestDatabase(kind: DatabaseKind, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `gwt_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  let url: string;
  let drop: () => Promise<void>;
  if (kind === 'mysql') {
    await withServerConnection((c) => c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`));
    url = `${MYSQL_SERVER_URL}/${name}`;
    drop = async () => {
      await withServerConnection((c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``));
    };
  } else {
    const file = join(tmpdir(), `${name}.sqlite`);
    url = `sqlite:${file}`;
    drop = async () => {
      for (const suffix of ['', '-wal', '-shm', '.schema-lock']) rmSync(file + suffix, { force: true });
    };
  }
  const dataSource = createDataSource({
    database: parseDatabaseUrl(url),
    createSchema: options.createSchema ?? true,
    logger: options.logger,
  });
  await dataSource.initialize();
  if (options.migrate ?? true) await dataSource.runMigrations({ transaction: 'each' });
  return {
    kind,
    url,
    dataSource,
    async dispose() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await drop();
    },
  };
}

/** Runs statements on the MariaDB server outside any test database (create/drop, loading DDL). */
export async function withServerConnection<T>(fn: (c: mysql.Connection) => Promise<T>, database?: string): Promise<T> {
  const url = new URL(MYSQL_SERVER_URL);
  const connection = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
    multipleStatements: true,
  });
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}
