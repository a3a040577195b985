import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '../../../src/app/auth/api-key-service';
import { cursorSigningKey } from '../../../src/app/security/cursor-signing-key';
import { loadConfig } from '../../../src/config/gateway-config';
import { type RunningGateway, startGateway } from '../../../src/composition/gateway';
import { TypeOrmApiKeyStore } from '../../../src/infra/auth/typeorm-api-key-store';
import { GatewaySecretEntity } from '../../../src/infra/db/entities';
import { TypeOrmGatewaySecretStore } from '../../../src/infra/db/typeorm-gateway-secret-store';
import { createJsonLogger } from '../../../src/infra/logging/json-logger';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database';

const METRICS_TOKEN = 'replica-b-metrics-token-0123456789';
const VMS = 'query($after: String) { virtualMachines(first: 3, after: $after) { edges { cursor node { id } } } }';

/**
 * Issue 14, findings 2 and 5 through the composition root: two gateway replicas on one database,
 * one with a metrics listener of its own, one with /metrics behind a token on its main port.
 */
describe.each(DATABASE_KINDS)('two replicas on one %s database', (kind) => {
  let db: TestDatabase;
  let a: RunningGateway;
  let b: RunningGateway;
  let key: string;

  const start = (env: Record<string, string>) =>
    startGateway(
      loadConfig({
        GATEWAY_DATABASE_URL: db.url,
        GATEWAY_PORT: '0',
        GATEWAY_SEED_DEMO: 'true',
        GATEWAY_CREATE_SCHEMA: 'true',
        GATEWAY_AGENT_TRANSPORT: 'simulator',
        ...env,
      }),
      createJsonLogger('error', () => {}),
      { announce: () => {} },
    );

  beforeAll(async () => {
    db = await createTestDatabase(kind, { migrate: false });
    a = await start({ GATEWAY_INSTANCE_ID: 'replica-a', GATEWAY_METRICS_PORT: '0' });
    b = await start({ GATEWAY_INSTANCE_ID: 'replica-b', GATEWAY_METRICS_TOKEN: METRICS_TOKEN });
    key = (await new ApiKeyService(new TypeOrmApiKeyStore(a.dataSource)).create({ account: 'alice' })).key;
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await db?.dispose();
  });

  const graphql = async (gateway: RunningGateway, variables: Record<string, unknown>) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: VMS, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  };

  it('pages through one replica with the cursors of the other: both sign with the secret generated once in the database', async () => {
    const first = await graphql(a, {});
    const next = await graphql(b, { after: first.data.virtualMachines.edges.at(-1).cursor });
    expect(next.errors).toBeUndefined();
    const again = await graphql(a, { after: first.data.virtualMachines.edges.at(-1).cursor });
    expect(next).toEqual(again);
    expect(await db.dataSource.getRepository(GatewaySecretEntity).countBy({ name: 'cursor-signing' })).toBe(1);
  });

  it('stores one secret when replicas start together, and derives another key from GATEWAY_CURSOR_SECRET', async () => {
    const store = new TypeOrmGatewaySecretStore(db.dataSource);
    const name = `race-${randomUUID().slice(0, 8)}`;
    const values = await Promise.all(Array.from({ length: 6 }, () => store.getOrCreate(name, () => randomUUID())));
    expect(new Set(values).size).toBe(1);
    const stored = await cursorSigningKey(null, store);
    const configured = await cursorSigningKey('c'.repeat(32), store);
    expect(configured.equals(await cursorSigningKey('c'.repeat(32), store))).toBe(true);
    expect(configured.equals(stored)).toBe(false);
  });

  it('serves /metrics on its own listener and not on the main port, or on the main port behind the token', async () => {
    expect(a.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(a.metricsUrl).not.toContain(a.url);
    expect((await fetch(`${a.url}/metrics`)).status).toBe(404);
    const own = await fetch(a.metricsUrl!);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('# TYPE gateway_graphql_requests_total counter');
    expect((await fetch(a.metricsUrl!.replace('/metrics', '/graphql'))).status).toBe(404);

    expect(b.metricsUrl).toBe(`${b.url}/metrics`);
    expect((await fetch(`${b.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${b.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
  });
});
