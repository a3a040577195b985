/** The IPC protocol between the benchmark runner and a server process it forked. */

export type Variant = 'gateway' | 'naive' | 'floor';

export interface ServerSpec {
  variant: Variant;
  databaseUrl: string;
  /** Gateway variants: `simulator` for the migration benchmark, `http` (nothing is sent) for reads. */
  agentTransport: 'http' | 'simulator';
  maxPageSize: number;
  /** More GATEWAY_* settings for the gateway variants (e.g. a higher query cost limit). */
  env?: Record<string, string>;
}

export interface ServerStats {
  /** SQL statements sent so far (transaction control excluded). */
  statements: number;
  transactionControl: number;
  /** HTTP requests received so far. */
  requests: number;
  rssBytes: number;
  /** Highest RSS sampled (every 20 ms) since the last `resetPeak`. */
  peakRssBytes: number;
  /** getrusage maxrss of the whole process life. */
  maxRssBytes: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Agent commands the in-process simulator received (migration benchmark). */
  agentCommands: number;
}

export interface MigrationOutcome {
  status: 'SUCCEEDED' | 'FAILED' | 'CRASHED';
  detail?: string;
}

export type Command =
  | { cmd: 'stats' }
  | { cmd: 'resetPeak' }
  | { cmd: 'captureStart' }
  | { cmd: 'captureStop' }
  | { cmd: 'profileStart'; samplingIntervalUs: number }
  | { cmd: 'profileStop'; file: string }
  | { cmd: 'heapSampleStart'; samplingIntervalBytes: number }
  | { cmd: 'heapSampleStop'; file: string }
  | { cmd: 'awaitMigration'; jobUuid: string; timeoutMs: number }
  | { cmd: 'stop' };

export interface Request {
  id: number;
  command: Command;
}

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type Announcement = { ready: true; url: string } | { ready: false; error: string };
