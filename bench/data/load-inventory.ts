import mysql from 'mysql2/promise';
import { parseDatabaseUrl } from '../../src/config/gateway-config';
import { createDataSource } from '../../src/infra/db/data-source.factory';
import { type BenchInventory, sequenceValues, type TableRows } from './bench-inventory';

/** Rows per INSERT statement: ~30 columns x 1,000 rows stays far below max_allowed_packet (16 MiB). */
const ROWS_PER_INSERT = 1_000;

export interface LoadedDatabase {
  /** GATEWAY_DATABASE_URL of the benchmark database. */
  url: string;
  seconds: number;
}

/**
 * Drops and recreates `database` on the server, creates the schema with the gateway's own
 * migrations (CloudStack subset + gateway tables), then bulk-loads the inventory with multi-row
 * INSERTs in one transaction per table (the entity-by-entity seed path would take minutes).
 */
export async function loadInventory(serverUrl: string, database: string, inventory: BenchInventory): Promise<LoadedDatabase> {
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`unsafe database name ${database}`);
  const started = performance.now();
  const server = new URL(serverUrl);
  const connection = await mysql.createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
    timezone: 'Z',
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
    const url = `${serverUrl.replace(/\/$/, '')}/${database}`;
    const dataSource = createDataSource({ database: parseDatabaseUrl(url), createSchema: true });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
    await connection.query(`USE \`${database}\``);
    for (const table of inventory.tables) await insertTable(connection, table);
    for (const [name, value] of Object.entries(sequenceValues(inventory))) {
      await connection.query('UPDATE sequence SET value = ? WHERE name = ?', [value, name]);
    }
    // Fresh statistics, so the optimizer plans the read path as on a settled database.
    await connection.query(`ANALYZE TABLE ${inventory.tables.map((t) => `\`${t.table}\``).join(', ')}`);
    return { url, seconds: (performance.now() - started) / 1000 };
  } finally {
    await connection.end();
  }
}

async function insertTable(connection: mysql.Connection, { table, columns, rows }: TableRows): Promise<void> {
  if (rows.length === 0) return;
  const head = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  await connection.beginTransaction();
  try {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      await connection.query(head + chunk.map(() => tuple).join(', '), chunk.flat());
    }
    await connection.commit();
  } catch (error) {
    await connection.rollback();
    throw error;
  }
}
