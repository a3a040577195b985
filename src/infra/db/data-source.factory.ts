import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type Logger } from 'typeorm';
import type { DatabaseSettings } from '../../config/gateway-config';
import { cloudStackSchemaMigrations, gatewayMigrations } from '../../../migrations';
import { ENTITIES } from './entities';
import { gateSqliteTransactions } from './sqlite-transaction-gate';

export interface DataSourceOptions {
  database: DatabaseSettings;
  /** Include the CloudStack subset schema migration (gateway-owned databases only). */
  createSchema: boolean;
  logger?: Logger;
}

/** Name of the gateway's migration bookkeeping table: never collides with CloudStack's. */
export const MIGRATIONS_TABLE = 'gateway_schema_migrations';

/**
 * The one DataSource factory, used by the app, the CLI (ormconfig.ts) and tests.
 * MySQL/MariaDB over mysql2 for a CloudStack `cloud` database; SQLite over better-sqlite3 for the
 * embedded default. `synchronize` is always off: the schema changes only through migrations.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  const migrations = options.createSchema ? [...cloudStackSchemaMigrations, ...gatewayMigrations] : gatewayMigrations;
  const common = {
    entities: ENTITIES,
    migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    logging: options.logger ? (['query', 'error'] as ('query' | 'error')[]) : false,
    logger: options.logger,
  };
  const db = options.database;
  if (db.kind === 'sqlite') {
    if (db.database !== ':memory:') mkdirSync(dirname(db.database), { recursive: true });
    const sqlite = new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: db.database,
      // Several gateway processes may share one file: wait for a lock instead of failing at once.
      prepareDatabase: (sqlite: { pragma(s: string): unknown }) => {
        sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('busy_timeout = 5000');
      },
    } as never);
    // One connection for everything: concurrent migrations must not share one transaction.
    gateSqliteTransactions(sqlite);
    return sqlite;
  }
  return new DataSource({
    ...common,
    type: 'mysql',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    // CloudStack stores DATETIME in UTC.
    timezone: 'Z',
    charset: 'utf8mb4',
    // Ids stay below 2^53: numbers, not strings (see column-types.ts).
    supportBigNumbers: true,
    bigNumberStrings: false,
    poolSize: 10,
    connectTimeout: 5000,
  });
}
