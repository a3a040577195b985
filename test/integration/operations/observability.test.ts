import 'reflect-metadata';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationPlan } from '../../../src/domain/migration';
import { MAX_OPERATION_NAMES_PER_CALLER } from '../../../src/infra/metrics/operation-labels';
import { type HttpTestGateway, startHttpTestGateway, TEST_METRICS_TOKEN } from '../../support/http-gateway';
import { DATABASE_KINDS } from '../../support/test-database';

/** One sample of a Prometheus text exposition, e.g. `metric{a="b"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(DATABASE_KINDS)('logs and metrics on %s', (kind) => {
  let gw: HttpTestGateway;
  let key: string;

  beforeAll(async () => {
    gw = await startHttpTestGateway(kind, { seedDemo: true });
    key = await gw.keyFor('admin');
  });
  afterAll(async () => gw?.close());

  it('counts the SQL statements of each request into its log line and the per-operation histogram', async () => {
    const before = await gw.scrape();
    const countBefore = sample(before, 'gateway_sql_statements_per_request_count{operation="DeepVms"}') ?? 0;
    const sumBefore = sample(before, 'gateway_sql_statements_per_request_sum{operation="DeepVms"}') ?? 0;
    const result = await gw.graphql(
      'query DeepVms { virtualMachines(first: 20) { totalCount edges { node { name host { name } volumes { pool { name } } } } } }',
      undefined,
      key,
    );
    expect(result.body.errors).toBeUndefined();
    const log = gw.logs.find((l) => l.msg === 'graphql request' && l.requestId === result.headers.get('x-request-id'));
    // key lookup + page + count + hosts + volumes + pools (last_used_at is written at most once a minute)
    expect(log).toMatchObject({ operation: 'DeepVms', status: 200, level: 'info' });
    expect(log!.sqlStatements).toBeGreaterThanOrEqual(6);
    expect(log!.sqlStatements).toBeLessThanOrEqual(7);
    const after = await gw.scrape();
    expect(sample(after, 'gateway_sql_statements_per_request_count{operation="DeepVms"}')).toBe(countBefore + 1);
    expect(sample(after, 'gateway_sql_statements_per_request_sum{operation="DeepVms"}')).toBe(sumBefore + log!.sqlStatements);
    expect(sample(after, 'gateway_graphql_request_duration_seconds_count{operation="DeepVms"}')).toBe(countBefore + 1);
    expect(sample(after, 'gateway_graphql_requests_total{operation="DeepVms",status="200"}')).toBeGreaterThanOrEqual(1);
  });

  it('serves the Prometheus text format with HELP and TYPE for every metric', async () => {
    const result = await gw.request('/metrics', { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
    expect(result.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const names = [...result.body.matchAll(/^# TYPE (\S+) (counter|gauge|histogram)$/gm)].map((m) => m[1]);
    expect(names).toEqual(
      expect.arrayContaining([
        'gateway_graphql_request_duration_seconds',
        'gateway_sql_statements_per_request',
        'gateway_migration_jobs_finished_total',
        'gateway_agent_command_duration_seconds',
        'gateway_graphql_errors_total',
        'gateway_http_requests_in_flight',
      ]),
    );
    for (const name of names) expect(result.body).toContain(`# HELP ${name} `);
  });

  it('reports migration job outcomes and agent commands handed to the GatewayMetrics port', async () => {
    gw.metrics.jobFinished('SUCCEEDED');
    gw.metrics.jobFinished('FAILED');
    gw.metrics.agentCommand('MigrateCommand', 'success', 1500);
    gw.metrics.agentCommand('MigrateCommand', 'timeout', 30_000);
    const text = await gw.scrape();
    expect(sample(text, 'gateway_migration_jobs_finished_total{status="SUCCEEDED"}')).toBe(1);
    expect(sample(text, 'gateway_migration_jobs_finished_total{status="FAILED"}')).toBe(1);
    expect(sample(text, 'gateway_agent_command_duration_seconds_count{command="MigrateCommand",outcome="success"}')).toBe(1);
    expect(sample(text, 'gateway_agent_command_duration_seconds_sum{command="MigrateCommand",outcome="timeout"}')).toBe(30);
  });

  it("counts errors by code and keeps one client's invented operation names to its share of the labels", async () => {
    await gw.graphql('{ volume(id: "bad id!") { id } }', undefined, key);
    const inventor = await gw.keyFor('bob');
    for (let i = 0; i < 120; i += 1) await gw.graphql(`query Op${i} { __typename }`, undefined, inventor);
    const text = await gw.scrape();
    expect(sample(text, 'gateway_graphql_errors_total{code="BAD_USER_INPUT"}')).toBeGreaterThanOrEqual(1);
    const invented = new Set([...text.matchAll(/gateway_graphql_requests_total\{operation="(Op\d+)"/g)].map((m) => m[1]));
    expect(invented.size).toBe(MAX_OPERATION_NAMES_PER_CALLER);
    expect(sample(text, 'gateway_graphql_requests_total{operation="other",status="200"}')).toBe(120 - MAX_OPERATION_NAMES_PER_CALLER);
  });

  it("gives every request an id: the client's when it is plain, a new one otherwise, in the header and the log line", async () => {
    const send = (id: string) =>
      gw.request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-request-id': id },
        body: '{"query":"{ __typename }"}',
      });
    expect((await send('trace-123')).headers.get('x-request-id')).toBe('trace-123');
    const replaced = (await send('bad id\twith\ttabs')).headers.get('x-request-id')!;
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    expect(gw.logs.filter((l) => l.requestId === 'trace-123' && l.msg === 'graphql request')).toHaveLength(1);
    expect(gw.logs.filter((l) => l.requestId === replaced)).toHaveLength(1);
  });

  it('logs an unexpected error with the request id and answers INTERNAL_SERVER_ERROR without a stack or the internal message to the client', async () => {
    const broken = await startHttpTestGateway(kind, {
      auth: 'off',
      introspection: false,
      services: {
        planMigration: async (): Promise<MigrationPlan> => {
          throw new Error('secret internal detail');
        },
      },
    });
    try {
      const result = await broken.graphql('{ migrationPlan(input: { vmId: "a", destinationHostId: "b", volumes: [] }) { forceFullClone } }');
      expect(result.status).toBe(200);
      expect(result.body.errors).toEqual([
        { message: 'Internal server error', locations: expect.any(Array), path: ['migrationPlan'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      const logged = broken.logs.find((l) => l.msg === 'unexpected error');
      expect(logged).toMatchObject({ level: 'error', requestId: result.headers.get('x-request-id') });
      expect(logged!.error).toContain('secret internal detail');
      // Introspection is off in production, and suggestions do not leak the schema either.
      const probe = await broken.graphql('{ __schema { types { name } } }');
      expect(probe.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const typo = await broken.graphql('{ virtualMachinez { totalCount } }');
      expect(typo.body.errors[0].message).not.toMatch(/Did you mean/);
    } finally {
      await broken.close();
    }
  });
});

describe.each(DATABASE_KINDS)('readiness and graceful shutdown on %s', (kind) => {
  let gw: HttpTestGateway | undefined;
  afterEach(async () => gw?.close());

  it('is ready while the database answers and unavailable when it does not', async () => {
    gw = await startHttpTestGateway(kind);
    expect(await gw.request('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
    await gw.db.dataSource.destroy();
    const down = await gw.request('/readyz');
    expect(down.status).toBe(503);
    expect((await gw.request('/healthz')).status).toBe(200);
  });

  it('lets an in-flight request finish, refuses new work meanwhile, then stops', async () => {
    let release!: () => void;
    let started!: () => void;
    const inside = new Promise<void>((resolve) => {
      started = resolve;
    });
    gw = await startHttpTestGateway(kind, {
      auth: 'off',
      services: {
        planMigration: async (): Promise<MigrationPlan> => {
          started();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          throw Object.assign(new Error('done'), { code: 'NOT_FOUND' });
        },
      },
    });
    const slow = gw.graphql('{ migrationPlan(input: { vmId: "a", destinationHostId: "b", volumes: [] }) { forceFullClone } }');
    await inside;
    const stopping = gw.http.close();
    // Readiness fails at once; new requests on a fresh connection are refused by the closed listener.
    await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow();
    let stopped = false;
    void stopping.then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.headers.get('connection')).toBe('close');
    await stopping;
    expect(stopped).toBe(true);
  });

  it('cuts requests still running after the shutdown timeout', async () => {
    gw = await startHttpTestGateway(kind, {
      auth: 'off',
      shutdownTimeoutMs: 200,
      services: { planMigration: () => new Promise<MigrationPlan>(() => {}) },
    });
    const hanging = gw
      .graphql('{ migrationPlan(input: { vmId: "a", destinationHostId: "b", volumes: [] }) { forceFullClone } }')
      .catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await gw.http.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await hanging).toBeInstanceOf(Error);
    expect(gw.logs.some((l) => l.msg.startsWith('shutdown timeout'))).toBe(true);
  });
});
