import { mkdirSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { BenchConfig } from '../config';
import { type ProfileSummary, summarizeCpuProfile } from '../profile/cpu-profile-summary';
import { type AllocationSummary, summarizeHeapProfile } from '../profile/heap-profile-summary';
import type { Variant } from '../servers/protocol';
import { ServerHandle } from '../servers/server-handle';
import type { DatabaseCpu } from '../support/machine';
import { listRequest, pageCursors } from './list-query';
import { fetchJson, runLoad } from './load-loop';

const VARIANTS: Variant[] = ['gateway', 'naive', 'floor'];

export interface ReadScenario {
  variant: Variant;
  pageSize: number;
  concurrency: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  statementsPerRequest: number;
  serverCpuMsPerRequest: number;
  databaseCpuMsPerRequest: number | null;
  clientCpuMsPerRequest: number;
  peakRssMiB: number;
  bytesPerResponse: number;
}

export interface ReadResults {
  verification: { pagesCompared: number; equal: true; bytesByPageSize: Record<number, number> };
  /** Statements one request sends, measured alone (not under load), per variant and page size. */
  probeStatements: Record<Variant, Record<number, number[]>>;
  /** What the gateway sends for one page of the largest size. */
  gatewayStatements: string[];
  scenarios: ReadScenario[];
  processMaxRssMiB: Record<Variant, number>;
  profiles: { variant: Variant; pageSize: number; concurrency: number; requestsPerSecond: number; summary: ProfileSummary }[];
  /** What the gateway allocates per request at the largest page size (null without profiling). */
  allocation: AllocationSummary | null;
}

const MiB = 1024 * 1024;

/**
 * The read path: the three variants in processes of their own over the same database. First
 * their answers are compared page by page (any difference stops the run), then each variant is
 * loaded at every page size and concurrency, one scenario at a time, the others idle.
 */
export async function runReadBenchmark(
  config: BenchConfig,
  databaseUrl: string,
  headers: Record<string, string>,
  uuidOf: (n: number) => string,
  dbCpu: DatabaseCpu | null,
  log: (line: string) => void,
): Promise<ReadResults> {
  const { read, scale } = config;
  const maxPageSize = Math.max(...read.pageSizes);
  const servers = new Map<Variant, ServerHandle>();
  try {
    const started = performance.now();
    await Promise.all(
      VARIANTS.map(async (variant) => {
        const server = await ServerHandle.start({ variant, databaseUrl, agentTransport: 'http', maxPageSize });
        servers.set(variant, server);
        log(`  ${variant} server up after ${((performance.now() - started) / 1000).toFixed(1)} s (pid ${server.pid})`);
      }),
    );

    // 1. Same answer from all three, and statements per request measured one request at a time.
    const probeStatements = Object.fromEntries(VARIANTS.map((v) => [v, {}])) as ReadResults['probeStatements'];
    const bytesByPageSize: Record<number, number> = {};
    let pagesCompared = 0;
    for (const pageSize of read.pageSizes) {
      for (const after of pageCursors(scale.listVms, pageSize, read.verifyPages, uuidOf)) {
        const answers: unknown[] = [];
        for (const variant of VARIANTS) {
          const server = servers.get(variant)!;
          const before = await server.stats();
          const { status, json, bytes } = await fetchJson(server.url, listRequest(variant, pageSize, after, headers));
          const after_ = await server.stats();
          if (status !== 200 || json.errors)
            throw new Error(`${variant} failed on a page of ${pageSize}: HTTP ${status} ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
          if (json.data.virtualMachines.edges.length !== pageSize) throw new Error(`${variant}: expected a full page of ${pageSize}`);
          (probeStatements[variant][pageSize] ??= []).push(after_.statements - before.statements);
          bytesByPageSize[pageSize] = bytes;
          answers.push(json);
        }
        for (let i = 1; i < answers.length; i++) {
          const difference = firstDifference(answers[0], answers[i]);
          if (difference) throw new Error(`${VARIANTS[i]} answers differently from the gateway (page ${pageSize} after ${after}): ${difference}`);
        }
        pagesCompared += 1;
      }
    }
    log(`  answers identical on ${pagesCompared} pages (gateway = naive = floor)`);

    const gateway = servers.get('gateway')!;
    await gateway.captureStart();
    await fetchJson(gateway.url, listRequest('gateway', maxPageSize, null, headers));
    const gatewayStatements = await gateway.captureStop();

    // 2. Load. Variants take turns at each page size and concurrency, so a change in the machine's
    // background load shows in all three alike rather than in one variant's rows only.
    const scenarios: ReadScenario[] = [];
    for (const pageSize of read.pageSizes) {
      const cursors = pageCursors(scale.listVms, pageSize, read.pageStarts, uuidOf);
      const requestsOf = new Map(VARIANTS.map((v) => [v, cursors.map((after) => listRequest(v, pageSize, after, headers))]));
      for (const variant of VARIANTS) {
        const requests = requestsOf.get(variant)!;
        await runLoad({
          baseUrl: servers.get(variant)!.url,
          concurrency: Math.max(...read.concurrency),
          maxRequests: read.warmupMaxRequests,
          durationMs: read.warmupMs,
          requestFor: (i) => requests[i % requests.length],
        });
      }
      for (const concurrency of read.concurrency) {
        for (const variant of VARIANTS) {
          const server = servers.get(variant)!;
          const requests = requestsOf.get(variant)!;
          await server.resetPeak();
          const before = await server.stats();
          const dbBefore = dbCpu?.cpuMs() ?? null;
          const load = await runLoad({
            baseUrl: server.url,
            concurrency,
            maxRequests: read.maxRequests,
            durationMs: read.durationMs,
            requestFor: (i) => requests[i % requests.length],
          });
          const dbAfter = dbCpu?.cpuMs() ?? null;
          const after = await server.stats();
          if (load.errors) throw new Error(`${variant} page ${pageSize} x${concurrency}: ${load.errors} failed requests, first: ${load.firstError}`);
          const served = after.requests - before.requests;
          const scenario: ReadScenario = {
            variant,
            pageSize,
            concurrency,
            requests: load.requests,
            errors: load.errors,
            requestsPerSecond: load.requestsPerSecond,
            p50Ms: load.latencyMs.p50,
            p95Ms: load.latencyMs.p95,
            p99Ms: load.latencyMs.p99,
            statementsPerRequest: (after.statements - before.statements) / served,
            serverCpuMsPerRequest: (after.cpuUserMs + after.cpuSystemMs - before.cpuUserMs - before.cpuSystemMs) / served,
            databaseCpuMsPerRequest: dbBefore === null || dbAfter === null ? null : (dbAfter - dbBefore) / served,
            clientCpuMsPerRequest: load.clientCpuMsPerRequest,
            peakRssMiB: after.peakRssBytes / MiB,
            bytesPerResponse: load.bytesPerResponse,
          };
          scenarios.push(scenario);
          log(
            `  ${variant.padEnd(7)} page ${String(pageSize).padStart(3)} x${String(concurrency).padEnd(2)} ${scenario.requestsPerSecond.toFixed(1).padStart(7)} req/s  p50 ${scenario.p50Ms.toFixed(1)} ms  p99 ${scenario.p99Ms.toFixed(1)} ms  ${scenario.statementsPerRequest.toFixed(1)} stmt/req  (${scenario.requests} req)`,
          );
        }
      }
    }
    // Tables read best grouped by variant.
    scenarios.sort((a, b) => VARIANTS.indexOf(a.variant) - VARIANTS.indexOf(b.variant) || a.pageSize - b.pageSize || a.concurrency - b.concurrency);

    // 3. Where the time goes: CPU profiles of gateway and floor under the same load, then what the
    // gateway allocates per request (the garbage collector's work), one request at a time.
    const profiles: ReadResults['profiles'] = [];
    let allocation: AllocationSummary | null = null;
    if (read.profileMs > 0) {
      mkdirSync('bench/results/profiles', { recursive: true });
      const requestsFor = (variant: Variant) =>
        pageCursors(scale.listVms, maxPageSize, read.pageStarts, uuidOf).map((after) => listRequest(variant, maxPageSize, after, headers));
      for (const variant of ['gateway', 'floor'] as const) {
        const server = servers.get(variant)!;
        const requests = requestsFor(variant);
        const file = `bench/results/profiles/${config.mode}-${variant}-page${maxPageSize}-c${read.profileConcurrency}.cpuprofile`;
        await server.profileStart(500);
        const load = await runLoad({
          baseUrl: server.url,
          concurrency: read.profileConcurrency,
          maxRequests: read.maxRequests,
          durationMs: read.profileMs,
          requestFor: (i) => requests[i % requests.length],
        });
        await server.profileStop(file);
        profiles.push({
          variant,
          pageSize: maxPageSize,
          concurrency: read.profileConcurrency,
          requestsPerSecond: load.requestsPerSecond,
          summary: summarizeCpuProfile(file),
        });
        log(`  profiled ${variant}: ${file}`);
      }
      const requests = requestsFor('gateway');
      const file = `bench/results/profiles/${config.mode}-gateway-page${maxPageSize}.heapprofile`;
      await gateway.heapSampleStart(16 * 1024);
      const load = await runLoad({
        baseUrl: gateway.url,
        concurrency: 1,
        maxRequests: read.allocationRequests,
        durationMs: read.profileMs,
        requestFor: (i) => requests[i % requests.length],
      });
      await gateway.heapSampleStop(file);
      allocation = summarizeHeapProfile(file, load.requests);
      log(`  sampled gateway allocations: ${file}`);
    }

    const processMaxRssMiB = {} as Record<Variant, number>;
    for (const variant of VARIANTS) processMaxRssMiB[variant] = (await servers.get(variant)!.stats()).maxRssBytes / MiB;
    return {
      verification: { pagesCompared, equal: true, bytesByPageSize },
      probeStatements,
      gatewayStatements,
      scenarios,
      processMaxRssMiB,
      profiles,
      allocation,
    };
  } finally {
    await Promise.all([...servers.values()].map((s) => s.stop()));
  }
}

/** Path and values of the first difference between two JSON values, or null when deep-equal. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return `${path}: differs`;
}
