import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'typeorm';
import { createTestDatabase, type TestDatabase, withServerConnection } from './test-database';

/** CloudStack's own 4.22 DDL, a fixture copied from the reference with its provenance header. */
const CLOUDSTACK_DDL_FILE = resolve(__dirname, '../fixtures/cloudstack/cloudstack-4.22-subset.sql');

/**
 * A MariaDB database as a real CloudStack 4.22 install has it (the fixture's DDL, foreign keys on),
 * with only the gateway's own migrations run on it (GATEWAY_CREATE_SCHEMA=false).
 */
export async function createCloudStackDdlDatabase(options: { logger?: Logger } = {}): Promise<TestDatabase> {
  const db = await createTestDatabase('mysql', { migrate: false, createSchema: false, logger: options.logger });
  const database = new URL(db.url).pathname.slice(1);
  await withServerConnection((c) => c.query(readFileSync(CLOUDSTACK_DDL_FILE, 'utf8')), database);
  await db.dataSource.runMigrations({ transaction: 'each' });
  return db;
}
