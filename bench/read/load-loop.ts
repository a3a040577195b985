import { Agent, request as httpRequest } from 'node:http';
import type { HttpRequestSpec } from './list-query';

export interface LoadOptions {
  /** http://127.0.0.1:port only. */
  baseUrl: string;
  concurrency: number;
  /** Hard bounds: the loop stops at whichever comes first. */
  maxRequests: number;
  durationMs: number;
  /** The i-th request (i counts from 0 over the whole run). */
  requestFor: (i: number) => HttpRequestSpec;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** A body that fails this check counts as an error (default: starts with `{"data"`). */
  accept?: (status: number, head: string) => boolean;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError: string | null;
  wallMs: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  bytesPerResponse: number;
  /** CPU the load generator itself used, per request (it shares the machine with the servers). */
  clientCpuMsPerRequest: number;
}

const DEFAULT_ACCEPT = (status: number, head: string) => status === 200 && head.startsWith('{"data"');

/**
 * A closed-loop load generator: `concurrency` workers, each sending its next request as soon as
 * the previous answer is fully read, over keep-alive connections (one per worker). Bounded in
 * requests and in time; latencies are exact (no histogram buckets), percentiles by nearest rank.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  if (base.hostname !== '127.0.0.1') throw new Error(`load targets 127.0.0.1 only, got ${base.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency });
  const accept = options.accept ?? DEFAULT_ACCEPT;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | null = null;
  let bytes = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.durationMs;

  const one = (spec: HttpRequestSpec) =>
    new Promise<{ status: number; head: string; size: number }>((resolve, reject) => {
      const req = httpRequest(
        { agent, host: base.hostname, port: base.port, method: spec.method, path: spec.path, headers: spec.headers, timeout: timeoutMs },
        (res) => {
          let head = '';
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (head.length < 16) head += chunk.subarray(0, 16).toString('latin1');
            size += chunk.length;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, head, size }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(spec.body);
    });

  const worker = async () => {
    while (issued < options.maxRequests && performance.now() < deadline) {
      const spec = options.requestFor(issued++);
      const t0 = performance.now();
      try {
        const { status, head, size } = await one(spec);
        latencies.push(performance.now() - t0);
        bytes += size;
        if (!accept(status, head)) {
          errors += 1;
          firstError ??= `HTTP ${status}: ${head}`;
        }
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();

  const done = latencies.length;
  return {
    requests: done,
    errors,
    firstError,
    wallMs,
    requestsPerSecond: done / (wallMs / 1000),
    latencyMs: summarize(latencies),
    bytesPerResponse: done ? bytes / done : 0,
    clientCpuMsPerRequest: done ? (cpu.user + cpu.system) / 1000 / done : 0,
  };
}

export function summarize(values: number[]): LoadResult['latencyMs'] {
  if (values.length === 0) return { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: sorted[sorted.length - 1], mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

/** One request, fully read and parsed as JSON (verification, probes, migrations). */
export async function fetchJson(baseUrl: string, spec: HttpRequestSpec, timeoutMs = 60_000): Promise<{ status: number; json: any; bytes: number }> {
  const base = new URL(baseUrl);
  if (base.hostname !== '127.0.0.1') throw new Error(`requests go to 127.0.0.1 only, got ${base.hostname}`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: base.hostname, port: base.port, method: spec.method, path: spec.path, headers: spec.headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text), bytes: text.length });
          } catch {
            reject(new Error(`HTTP ${res.statusCode}: not JSON: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(spec.body);
  });
}
