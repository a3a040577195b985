import { readdirSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  database: string;
  packages: Record<string, string>;
}

const PACKAGES = ['@apollo/server', 'graphql', 'type-graphql', 'typeorm', 'mysql2', 'dataloader', 'tsx'];

export async function describeMachine(serverUrl: string): Promise<MachineInfo> {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      packages[name] = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      packages[name] = '?';
    }
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? '?',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: release(),
    node: process.version,
    database: await databaseVersion(serverUrl),
    packages,
  };
}

async function databaseVersion(serverUrl: string): Promise<string> {
  const url = new URL(serverUrl);
  const connection = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
    return String(rows[0].v);
  } finally {
    await connection.end();
  }
}

/**
 * CPU time of the local MariaDB server process (utime + stime from /proc), to show how much of a
 * request is database work. null when the server is not a local process (e.g. CI service container).
 * Other clients of the same server (tests running meanwhile) add to it: an approximation.
 */
export class DatabaseCpu {
  private constructor(private readonly pid: number) {}

  static find(): DatabaseCpu | null {
    try {
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
          if (comm === 'mariadbd' || comm === 'mysqld') return new DatabaseCpu(Number(entry));
        } catch {
          // a process that ended meanwhile
        }
      }
    } catch {
      // no /proc
    }
    return null;
  }

  /** CPU milliseconds used so far. */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (clock ticks, 100 Hz).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }
}
