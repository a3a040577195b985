import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '../../../src/app/auth/api-key-service';
import { loadConfig } from '../../../src/config/gateway-config';
import { type RunningGateway, startGateway } from '../../../src/composition/gateway';
import type { KvmFleetSimulator } from '../../../src/infra/agent/kvm-fleet-simulator';
import { TypeOrmApiKeyStore } from '../../../src/infra/auth/typeorm-api-key-store';
import { demoHandles } from '../../../src/infra/db/seed/demo-inventory';
import { createJsonLogger } from '../../../src/infra/logging/json-logger';
import { connectSubscriptions, type SubscriptionClient } from '../../support/subscription-client';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database';

const METRICS_TOKEN = 'subscriptions-test-token-0123456789ab';
const JOB_FIELDS = 'id status progress { step percent } commands { seq name outcome } error { code message }';
const JOB_UPDATED = `subscription($id: ID!) { migrationJobUpdated(id: $id) { ${JOB_FIELDS} } }`;
const JOBS_UPDATED = `subscription($filter: MigrationJobFilter) { migrationJobsUpdated(filter: $filter) { ${JOB_FIELDS} } }`;

interface JobEvent {
  id: string;
  status: string;
  progress: { step: string; percent: number };
  commands: { seq: number; name: string; outcome: string }[];
  error: { code: string; message: string } | null;
}

describe.each(DATABASE_KINDS)('migration job subscriptions over graphql-ws on %s', (kind) => {
  let db: TestDatabase;
  let gateway: RunningGateway;
  let keys: { admin: string; user: string };
  const clients: SubscriptionClient[] = [];
  const handles = demoHandles();

  beforeAll(async () => {
    db = await createTestDatabase(kind, { migrate: false });
    const config = loadConfig({
      GATEWAY_DATABASE_URL: db.url,
      GATEWAY_PORT: '0',
      GATEWAY_SEED_DEMO: 'true',
      GATEWAY_CREATE_SCHEMA: 'true',
      GATEWAY_AGENT_TRANSPORT: 'simulator',
      GATEWAY_LOG_LEVEL: 'error',
      GATEWAY_METRICS_TOKEN: METRICS_TOKEN,
    });
    gateway = await startGateway(
      config,
      createJsonLogger('error', () => {}),
      { announce: () => {} },
    );
    const service = new ApiKeyService(new TypeOrmApiKeyStore(gateway.dataSource));
    keys = { admin: (await service.create({ account: 'admin' })).key, user: (await service.create({ account: 'alice' })).key };
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await gateway?.stop();
    await db?.dispose();
  });

  const connect = (key: string | null, options?: { authorization?: string }) => {
    const client = connectSubscriptions(gateway.url, key, options);
    clients.push(client);
    return client;
  };

  async function graphql(query: string, variables?: Record<string, unknown>) {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.admin}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  }

  async function activeSubscriptions(): Promise<number> {
    const text = await (await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    return Number(/^gateway_graphql_subscriptions_active (\d+)$/m.exec(text)?.[1]);
  }

  async function untilActive(count: number): Promise<void> {
    for (let i = 0; i < 200 && (await activeSubscriptions()) < count; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(await activeSubscriptions()).toBeGreaterThanOrEqual(count);
  }

  /** Starts a migration of a demo VM's disk to a pool (via POST /graphql); returns the job id. */
  type Handles = ReturnType<typeof demoHandles>;
  async function migrate(vm: keyof Handles['vms'], host: keyof Handles['hosts'], disk: 'ROOT' | 'DATADISK', pool: keyof Handles['pools']): Promise<string> {
    const volumes = (await graphql('query($id: ID!) { virtualMachine(id: $id) { volumes { id type } } }', { id: handles.vms[vm] })).data.virtualMachine.volumes;
    const volumeId = volumes.find((v: any) => v.type === disk).id;
    const started = await graphql('mutation($input: MigrateVmWithStorageInput!) { migrateVmWithStorage(input: $input) { job { id } } }', {
      input: { vmId: handles.vms[vm], destinationHostId: handles.hosts[host], volumes: [{ volumeId, destinationPoolId: handles.pools[pool] }] },
    });
    expect(started.errors).toBeUndefined();
    return started.data.migrateVmWithStorage.job.id;
  }

  /** Every command shows up as SENT in one state and with its answer in a later one; states never repeat. */
  function expectEveryChangeInOrder(events: JobEvent[], final: JobEvent) {
    const knownAtStart = Math.max(0, ...events[0].commands.map((c) => c.seq));
    const rank: Record<string, number> = { PENDING: 0, RUNNING: 1, SUCCEEDED: 2, FAILED: 2 };
    for (let i = 1; i < events.length; i += 1) {
      expect(JSON.stringify(events[i])).not.toBe(JSON.stringify(events[i - 1]));
      expect(rank[events[i].status]).toBeGreaterThanOrEqual(rank[events[i - 1].status]);
      expect(events[i].commands.length).toBeGreaterThanOrEqual(events[i - 1].commands.length);
    }
    for (const command of final.commands.filter((c) => c.seq > knownAtStart)) {
      const sentAt = events.findIndex((e) => e.commands.find((c) => c.seq === command.seq)?.outcome === 'SENT');
      const answeredAt = events.findIndex((e) => e.commands.find((c) => c.seq === command.seq)?.outcome === command.outcome);
      expect(sentAt, `command ${command.seq} ${command.name} seen as SENT`).toBeGreaterThanOrEqual(0);
      expect(answeredAt, `command ${command.seq} ${command.name} seen answered`).toBeGreaterThan(sentAt);
    }
    // A step, once left, does not come back: each one is a single run of states.
    const runs = events.map((e) => e.progress.step).filter((step, i, all) => i === 0 || step !== all[i - 1]);
    expect(new Set(runs).size).toBe(runs.length);
  }

  it('sends every state of a successful job in order, from PENDING to SUCCEEDED, then completes', async () => {
    const client = connect(keys.admin);
    const all = client.subscribe<{ migrationJobsUpdated: JobEvent }>(JOBS_UPDATED);
    await untilActive(1);
    const jobId = await migrate('web-01', 'kvm-a2', 'DATADISK', 'nfs-a2');
    const one = client.subscribe<{ migrationJobUpdated: JobEvent }>(JOB_UPDATED, { id: jobId });
    await one.ended;
    expect(one.errors).toEqual([]);

    const final = (await graphql(`query($id: ID!) { migrationJob(id: $id) { ${JOB_FIELDS} } }`, { id: jobId })).data.migrationJob;
    expect(final.status).toBe('SUCCEEDED');
    const states = one.events.map((e) => e.migrationJobUpdated);
    expect(states.at(-1)).toEqual(final);
    expectEveryChangeInOrder(states, final);

    const stream = all.events.map((e) => e.migrationJobsUpdated).filter((e) => e.id === jobId);
    await all.waitFor(stream.length);
    expect(stream[0]).toMatchObject({ status: 'PENDING', progress: { step: 'QUEUED' }, commands: [] });
    expect(stream.at(-1)).toEqual(final);
    expectEveryChangeInOrder(stream, final);
    // Both subscribers saw the same states: the per-job one from where it joined.
    expect(stream.slice(-states.length)).toEqual(states);
    expect(stream.length).toBeGreaterThanOrEqual(2 * final.commands.length + 2);
  });

  it('sends the states of a failed job ending with FAILED and the agent details, then completes', async () => {
    (gateway.agents as KvmFleetSimulator).injectFault({
      command: 'MigrateCommand',
      fault: 'FAILED_ANSWER',
      details: 'simulated: libvirt refused the migration',
    });
    const client = connect(keys.admin);
    const all = client.subscribe<{ migrationJobsUpdated: JobEvent }>(JOBS_UPDATED, { filter: { vmId: handles.vms['web-02'] } });
    await untilActive(1);
    const jobId = await migrate('web-02', 'kvm-a3', 'ROOT', 'nfs-a1');
    const one = client.subscribe<{ migrationJobUpdated: JobEvent }>(JOB_UPDATED, { id: jobId });
    await one.ended;

    const final = (await graphql(`query($id: ID!) { migrationJob(id: $id) { ${JOB_FIELDS} } }`, { id: jobId })).data.migrationJob;
    expect(final.status).toBe('FAILED');
    expect(final.error.message).toContain('libvirt refused the migration');
    const states = one.events.map((e) => e.migrationJobUpdated);
    expect(states.at(-1)).toEqual(final);
    expectEveryChangeInOrder(states, final);
    const stream = all.events.map((e) => e.migrationJobsUpdated);
    expect(new Set(stream.map((e) => e.id))).toEqual(new Set([jobId]));
    expect(stream[0].status).toBe('PENDING');
    expect(stream.at(-1)).toEqual(final);
    expect(final.commands.some((c: any) => c.name === 'MigrateCommand' && c.outcome === 'FAILED')).toBe(true);
  });

  it('gives a late subscriber the current, final state and completes', async () => {
    const jobs = (await graphql('{ migrationJobs(first: 1, filter: { statuses: [SUCCEEDED] }) { edges { node { id } } } }')).data.migrationJobs.edges;
    const late = connect(keys.admin).subscribe<{ migrationJobUpdated: JobEvent }>(JOB_UPDATED, { id: jobs[0].node.id });
    await late.ended;
    expect(late.events.map((e) => e.migrationJobUpdated.status)).toEqual(['SUCCEEDED']);
  });

  it('refuses a connection without a key, or with a bad one, with 4401 UNAUTHENTICATED', async () => {
    for (const client of [connect(null), connect(null, { authorization: 'Bearer not-a-key' }), connect(null, { authorization: 'Basic abc' })]) {
      const closed = await client.closed;
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(/^UNAUTHENTICATED: /);
    }
  });

  it("refuses a USER key another account's job (FORBIDDEN), an unknown job (NOT_FOUND), and queries over the socket", async () => {
    const jobs = (await graphql('{ migrationJobs(first: 1) { edges { node { id } } } }')).data.migrationJobs.edges;
    const asUser = connect(keys.user).subscribe(JOB_UPDATED, { id: jobs[0].node.id });
    await asUser.ended;
    expect(asUser.events).toEqual([]);
    expect(asUser.errors.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const allAsUser = connect(keys.user).subscribe(JOBS_UPDATED);
    await allAsUser.ended;
    expect(allAsUser.errors.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);

    const admin = connect(keys.admin);
    const unknown = admin.subscribe(JOB_UPDATED, { id: 'aaaaaaaa-0000-4000-8000-000000000000' });
    await unknown.ended;
    expect(unknown.errors.map((e) => e.extensions.code)).toEqual(['NOT_FOUND']);
    const query = admin.subscribe('{ migrationJobs(first: 1) { totalCount } }');
    await expect(query.ended).rejects.toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })]);
  });

  it('applies the query limits and the validation of POST /graphql to subscriptions', async () => {
    const vms = (inner: string) => `host { virtualMachines(first: 1) { edges { node { ${inner} } } } }`;
    const tooDeep = `subscription { migrationJobsUpdated { vm { ${vms(vms('host { cluster { zone { id } } }'))} } } }`;
    const admin = connect(keys.admin);
    const deep = admin.subscribe(tooDeep);
    await expect(deep.ended).rejects.toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', details: expect.objectContaining({ measure: 'depth' }) }) }),
    ]);
    const invalid = admin.subscribe('subscription { migrationJobsUpdated { noSuchField } }');
    await expect(invalid.ended).rejects.toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' } })]);
    const unparsable = admin.subscribe('subscription { migrationJobsUpdated { id ');
    await expect(unparsable.ended).rejects.toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' } })]);
  });
});
