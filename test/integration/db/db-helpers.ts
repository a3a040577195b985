import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';

/** The repository root (this file is test/integration/db/db-helpers.ts). */
const REPO_ROOT = resolve(__dirname, '../../..');

/** Names of the tables in the connected database (MariaDB schema or SQLite file). */
export async function listTables(dataSource: DataSource): Promise<string[]> {
  const sqlite = dataSource.options.type === 'better-sqlite3';
  const rows = await dataSource.query<{ name: string }[]>(
    sqlite
      ? "SELECT name AS name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
  );
  return rows.map((r) => r.name).sort();
}

/** The current `value` of a CloudStack sequence. */
export async function sequenceValue(dataSource: DataSource, name: string): Promise<number> {
  const [row] = await dataSource.query<{ value: number | string }[]>('SELECT value FROM sequence WHERE name = ?', [name]);
  return Number(row.value);
}

/** A child process running test/integration/db/fixtures/allocate-ids.ts: another gateway process, as far as locks go. */
export interface AllocatorProcess {
  /** Resolves once the child is connected and about to allocate. */
  ready: Promise<void>;
  /** The ids it allocated, one array per transaction. */
  result: Promise<number[][]>;
  /** Whether `result` has settled yet. */
  done(): boolean;
}

export function spawnAllocator(url: string, sequence: string, transactions: number): AllocatorProcess {
  const child = spawn(
    process.execPath,
    [resolve(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(__dirname, 'fixtures/allocate-ids.ts'), url, sequence, String(transactions)],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let settled = false;
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('READY\n')) onReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<number[][]>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      settled = true;
      const line = stdout.split('\n').find((l) => l.startsWith('IDS '));
      if (code !== 0 || !line) reject(new Error(`allocator child exited with ${code}: ${stderr || stdout}`));
      else resolvePromise(JSON.parse(line.slice(4)) as number[][]);
    });
  });
  result.catch(() => onReady());
  return { ready, result, done: () => settled };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
