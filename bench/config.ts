import { FULL_SCALE, type InventoryScale, SMOKE_SCALE } from './data/inventory-scale';

/** Everything that differs between `npm run bench` and `npm run bench:smoke`. */
export interface BenchConfig {
  mode: 'full' | 'smoke';
  /** MariaDB server (no database part); only 127.0.0.1 is accepted. */
  serverUrl: string;
  database: string;
  scale: InventoryScale;
  read: {
    pageSizes: number[];
    concurrency: number[];
    /** Distinct page starts the load cycles through. */
    pageStarts: number;
    /** Pages compared between the three variants before any timing. */
    verifyPages: number;
    warmupMs: number;
    warmupMaxRequests: number;
    durationMs: number;
    maxRequests: number;
    /** CPU profile of gateway and floor at the largest page size (0 = none). */
    profileMs: number;
    profileConcurrency: number;
    /** Requests sampled by the heap profiler (one at a time). */
    allocationRequests: number;
    /** Runs per stage of the in-process layer breakdown (layer-costs.ts). */
    layerIterations: number;
  };
  migration: {
    planWarmup: number;
    /** Planning requests per VM size, sequential, bounded by planMaxMs too. */
    planIterations: number;
    planMaxMs: number;
    concurrency: number[];
    jobTimeoutMs: number;
  };
  /** The migrationTargets benchmark (bench/targets): the planning VM with this many volumes. */
  targets: { volumes: number; warmup: number; iterations: number; inProcessIterations: number; maxMs: number };
  writeReadme: boolean;
  resultsFile: string;
}

const serverUrl = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
/** BENCH_DATABASE names the run's database instead (two runs on one server must not share one: each drops it). */
const database = (fallback: string) => process.env.BENCH_DATABASE ?? fallback;

export const FULL: BenchConfig = {
  mode: 'full',
  serverUrl,
  database: database('gw_bench'),
  scale: FULL_SCALE,
  read: {
    pageSizes: [10, 100],
    concurrency: [1, 8, 32],
    pageStarts: 16,
    verifyPages: 4,
    warmupMs: 2_500,
    warmupMaxRequests: 400,
    durationMs: 8_000,
    maxRequests: 20_000,
    profileMs: 8_000,
    profileConcurrency: 8,
    allocationRequests: 40,
    layerIterations: 40,
  },
  migration: { planWarmup: 10, planIterations: 100, planMaxMs: 15_000, concurrency: [1, 8], jobTimeoutMs: 60_000 },
  targets: { volumes: 8, warmup: 3, iterations: 30, inProcessIterations: 20, maxMs: 30_000 },
  writeReadme: true,
  resultsFile: 'bench/results/latest.json',
};

export const SMOKE: BenchConfig = {
  mode: 'smoke',
  serverUrl,
  database: database('gw_bench_smoke'),
  scale: SMOKE_SCALE,
  read: {
    // Small pages keep the naive variant (hundreds of statements per request) quick.
    pageSizes: [5, 20],
    concurrency: [1, 8, 32],
    pageStarts: 2,
    verifyPages: 2,
    warmupMs: 150,
    warmupMaxRequests: 3,
    durationMs: 300,
    maxRequests: 8,
    profileMs: 300,
    profileConcurrency: 8,
    allocationRequests: 2,
    layerIterations: 2,
  },
  migration: { planWarmup: 1, planIterations: 2, planMaxMs: 2_000, concurrency: [1, 8], jobTimeoutMs: 30_000 },
  targets: { volumes: 8, warmup: 1, iterations: 2, inProcessIterations: 2, maxMs: 5_000 },
  writeReadme: false,
  resultsFile: 'bench/results/smoke.json',
};
