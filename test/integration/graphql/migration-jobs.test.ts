import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayServices, Requester } from '../../../src/app/gateway-services';
import { loadMigrationSnapshot } from '../../../src/app/migration/load-migration-snapshot';
import type { MigrationCommandRecord, MigrationJob } from '../../../src/app/migration/migration-job';
import { EMPTY_CHECKPOINT } from '../../../src/app/migration/migration-job';
import type { MigrationRequest } from '../../../src/app/migration/migration-request';
import type { MigrationJobFilter, MigrationJobQueries } from '../../../src/app/ports/migration-job-queries';
import { MigrationBlockedError } from '../../../src/domain/errors';
import { planMigration } from '../../../src/domain/migration';
import { VolumeEntity } from '../../../src/infra/db/entities';
import { TypeOrmInventoryReader } from '../../../src/infra/db/typeorm-inventory-reader';
import { finishJob, TypeOrmMigrationJobStore } from '../../../src/infra/db/typeorm-migration-job-store';
import { TypeOrmMigrationJournal } from '../../../src/infra/db/typeorm-migration-journal';
import { TypeOrmMigrationReader } from '../../../src/infra/db/typeorm-migration-reader';
import { insertInventory, uuidOf } from '../../factories/inventory-rows.factory';
import { createTestGateway, type TestGateway } from '../../support/gateway-harness';
import { DATABASE_KINDS, type TestDatabase } from '../../support/test-database';

const JOB_FIELDS = /* GraphQL */ `
  id status idempotencyKey createdAt startedAt finishedAt
  vm { id name } sourceHost { id name } destinationHost { id name }
  progress { step percent }
  error { code message }
  plan { forceFullClone entries { index volume { id removed } destinationPool { id } cloneMode destinationVolumeId destinationPath } }
  commands { seq host { id name } name request answer outcome durationMs createdAt }`;

const JOB_QUERY = `query($id: ID!) { migrationJob(id: $id) { ${JOB_FIELDS} } }`;
const JOBS_QUERY = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: MigrationJobFilter) {
    migrationJobs(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          status
          vm {
            id
          }
          commands {
            seq
            name
            outcome
          }
        }
      }
    }
  }
`;
const MUTATION = /* GraphQL */ `
  mutation ($input: MigrateVmWithStorageInput!) {
    migrateVmWithStorage(input: $input) {
      job {
        id
        status
        vm {
          id
        }
        progress {
          step
          percent
        }
      }
    }
  }
`;

const NOT_ADMIN = { accountId: 9, accountUuid: null, accountType: 2, domainId: 1, domainPath: '/' };
const UNKNOWN_UUID = '11111111-2222-4333-8444-555555555555';

/** A job as the store returns it, over the factory's inventory (vm ids 1.., hosts 1..3, pools 201..). */
function makeJob(overrides: Partial<MigrationJob> & { id: number }): MigrationJob {
  return {
    uuid: uuidOf('job', overrides.id),
    vmId: 1,
    status: 'PENDING',
    sourceHostId: 1,
    destinationHostId: 3,
    request: { vmUuid: uuidOf('vm', 1), destinationHostUuid: uuidOf('host', 3), volumes: [], idempotencyKey: null },
    plan: null,
    checkpoint: EMPTY_CHECKPOINT,
    progressStep: 'QUEUED',
    progressPercent: 0,
    error: null,
    idempotencyKey: null,
    requestedByAccountId: null,
    leaseOwner: 'test',
    leaseExpiresAt: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, overrides.id)),
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

function makeCommand(jobId: number, seq: number, overrides: Partial<MigrationCommandRecord> = {}): MigrationCommandRecord {
  return {
    id: jobId * 100 + seq,
    jobId,
    seq,
    hostId: 3,
    name: 'CreateObjectCommand',
    request: { seq },
    answer: null,
    outcome: 'SENT',
    durationMs: 0,
    createdAt: new Date(Date.UTC(2026, 0, 1, 1, seq)),
    ...overrides,
  };
}

/** MigrationJobQueries over arrays, newest (highest id) first like the store; records every call. */
class InMemoryJobQueries implements MigrationJobQueries {
  readonly calls: string[] = [];
  readonly commandBatches: number[][] = [];

  constructor(
    private readonly jobs: MigrationJob[],
    private readonly commands: MigrationCommandRecord[] = [],
  ) {}

  async byUuid(uuid: string) {
    this.calls.push('byUuid');
    return this.jobs.find((j) => j.uuid === uuid) ?? null;
  }
  async byUuids(uuids: readonly string[]) {
    this.calls.push('byUuids');
    return this.jobs.filter((j) => uuids.includes(j.uuid));
  }
  async byIds(ids: readonly number[]) {
    return this.jobs.filter((j) => ids.includes(j.id));
  }
  async page(filter: MigrationJobFilter, page: { first: number; afterUuid: string | null }) {
    this.calls.push(`page:${JSON.stringify(filter)}`);
    let rows = this.matching(filter);
    if (page.afterUuid) rows = rows.slice(rows.findIndex((j) => j.uuid === page.afterUuid) + 1);
    return { rows: rows.slice(0, page.first), hasNextPage: rows.length > page.first };
  }
  async count(filter: MigrationJobFilter) {
    this.calls.push('count');
    return this.matching(filter).length;
  }
  async commandsByJobIds(jobIds: readonly number[]) {
    this.commandBatches.push([...jobIds]);
    return this.commands.filter((c) => jobIds.includes(c.jobId));
  }
  private matching(filter: MigrationJobFilter) {
    return this.jobs
      .filter((j) => filter.vmId === undefined || j.vmId === filter.vmId)
      .filter((j) => filter.statuses === undefined || filter.statuses.includes(j.status))
      .sort((a, b) => b.id - a.id);
  }
}

describe.each(DATABASE_KINDS)('migration jobs through the API (job queries faked) on %s', (kind) => {
  let gateway: TestGateway;
  afterEach(async () => gateway?.dispose());

  async function gatewayWith(services: Partial<GatewayServices>) {
    gateway = await createTestGateway(kind, { services });
    await insertInventory(gateway.db.dataSource, { vms: 3, pools: 2, hosts: 3 });
    return gateway;
  }

  it('maps a failed job: status, progress, error, hosts and commands in seq order with JSON request and answer', async () => {
    const job = makeJob({
      id: 7,
      status: 'FAILED',
      progressStep: 'FAILED',
      progressPercent: 100,
      idempotencyKey: 'k-7',
      error: { code: 'AGENT_COMMAND_FAILED', message: 'MigrateCommand failed: libvirt said no' },
      startedAt: new Date('2026-01-01T00:10:00Z'),
      finishedAt: new Date('2026-01-01T00:11:00Z'),
    });
    // The port answers out of order: the API still shows send order.
    const commands = [
      makeCommand(7, 2, { hostId: 1, name: 'MigrateCommand', outcome: 'FAILED', answer: { result: false, details: 'libvirt said no' }, durationMs: 1200 }),
      makeCommand(7, 1, { outcome: 'SUCCEEDED', answer: { result: true, body: { nested: [1, 'two', null] } }, durationMs: 35 }),
    ];
    await gatewayWith({ migrationJobs: new InMemoryJobQueries([job], commands) });
    const result = await gateway.execute(JOB_QUERY, { id: job.uuid });
    expect(result.errors).toBeUndefined();
    expect(result.data!.migrationJob).toEqual({
      id: job.uuid,
      status: 'FAILED',
      idempotencyKey: 'k-7',
      createdAt: '2026-01-01T00:07:00.000Z',
      startedAt: '2026-01-01T00:10:00.000Z',
      finishedAt: '2026-01-01T00:11:00.000Z',
      vm: { id: uuidOf('vm', 1), name: 'vm-1' },
      sourceHost: { id: uuidOf('host', 1), name: 'kvm-1' },
      destinationHost: { id: uuidOf('host', 3), name: 'kvm-3' },
      progress: { step: 'FAILED', percent: 100 },
      error: { code: 'AGENT_COMMAND_FAILED', message: 'MigrateCommand failed: libvirt said no' },
      plan: null,
      commands: [
        {
          seq: 1,
          host: { id: uuidOf('host', 3), name: 'kvm-3' },
          name: 'CreateObjectCommand',
          request: { seq: 1 },
          answer: { result: true, body: { nested: [1, 'two', null] } },
          outcome: 'SUCCEEDED',
          durationMs: 35,
          createdAt: '2026-01-01T01:01:00.000Z',
        },
        {
          seq: 2,
          host: { id: uuidOf('host', 1), name: 'kvm-1' },
          name: 'MigrateCommand',
          request: { seq: 2 },
          answer: { result: false, details: 'libvirt said no' },
          outcome: 'FAILED',
          durationMs: 1200,
          createdAt: '2026-01-01T01:02:00.000Z',
        },
      ],
    });
  });

  it('answers null for an unknown job and BAD_USER_INPUT for a malformed id', async () => {
    await gatewayWith({ migrationJobs: new InMemoryJobQueries([makeJob({ id: 1 })]) });
    expect(await gateway.execute(JOB_QUERY, { id: UNKNOWN_UUID })).toEqual({ data: { migrationJob: null } });
    const malformed = await gateway.execute(JOB_QUERY, { id: 'job 1; --' });
    expect(malformed.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('pages newest first with opaque cursors and loads the commands of a whole page in one batch', async () => {
    const jobs = [1, 2, 3, 4, 5].map((id) => makeJob({ id, vmId: (id % 3) + 1 }));
    const queries = new InMemoryJobQueries(
      jobs,
      jobs.flatMap((j) => [makeCommand(j.id, 1), makeCommand(j.id, 2)]),
    );
    await gatewayWith({ migrationJobs: queries });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await gateway.execute(JOBS_QUERY, { first: 2, after });
      expect(page.errors).toBeUndefined();
      expect(page.data.migrationJobs.totalCount).toBe(5);
      for (const edge of page.data.migrationJobs.edges) {
        expect(Buffer.from(edge.cursor, 'base64url').toString()).not.toMatch(/^\d+$/);
        expect(edge.node.commands.map((c: any) => c.seq)).toEqual([1, 2]);
        seen.push(edge.node.id);
      }
      if (!page.data.migrationJobs.pageInfo.hasNextPage) break;
      after = page.data.migrationJobs.pageInfo.endCursor;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1].map((id) => uuidOf('job', id)));
    // One commands batch per page (3 pages), never one per job.
    expect(queries.commandBatches).toEqual([[5, 4], [3, 2], [1]]);
  });

  it('filters by VM uuid (mapped to its row) and statuses; an unknown VM lists nothing without asking the job store', async () => {
    const jobs = [
      makeJob({ id: 1, vmId: 2, status: 'SUCCEEDED' }),
      makeJob({ id: 2, vmId: 2, status: 'FAILED' }),
      makeJob({ id: 3, vmId: 1, status: 'FAILED' }),
    ];
    const queries = new InMemoryJobQueries(jobs);
    await gatewayWith({ migrationJobs: queries });
    const ids = async (filter: unknown) => {
      const result: any = await gateway.execute(JOBS_QUERY, { filter });
      expect(result.errors).toBeUndefined();
      return [result.data.migrationJobs.edges.map((e: any) => e.node.id), result.data.migrationJobs.totalCount];
    };
    expect(await ids({ vmId: uuidOf('vm', 2) })).toEqual([[uuidOf('job', 2), uuidOf('job', 1)], 2]);
    expect(await ids({ statuses: ['FAILED'] })).toEqual([[uuidOf('job', 3), uuidOf('job', 2)], 2]);
    expect(await ids({ vmId: uuidOf('vm', 2), statuses: ['FAILED', 'RUNNING'] })).toEqual([[uuidOf('job', 2)], 1]);
    expect(queries.calls.filter((c) => c.startsWith('page:'))).toEqual([
      'page:{"vmId":2}',
      'page:{"statuses":["FAILED"]}',
      'page:{"statuses":["FAILED","RUNNING"],"vmId":2}',
    ]);
    queries.calls.length = 0;
    expect(await ids({ vmId: UNKNOWN_UUID })).toEqual([[], 0]);
    expect(queries.calls).toEqual([]);
    const malformed = await gateway.execute(JOBS_QUERY, { filter: { vmId: 'vm 1' } });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { argument: 'filter.vmId' } });
  });

  it('answers BAD_USER_INPUT for a first above the cap and a foreign cursor', async () => {
    await gatewayWith({ migrationJobs: new InMemoryJobQueries([]) });
    const tooMany = await gateway.execute(JOBS_QUERY, { first: 101 });
    expect(tooMany.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const foreign = await gateway.execute(JOBS_QUERY, { after: 'bm90LWEtY3Vyc29y' });
    expect(foreign.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('hands the mutation the request in input order and the caller as requester, and returns the job', async () => {
    const received: [MigrationRequest, Requester][] = [];
    const job = makeJob({ id: 4 });
    await gatewayWith({
      migrationJobs: new InMemoryJobQueries([job]),
      migrateVmWithStorage: async (request, requester) => {
        received.push([request, requester]);
        return job;
      },
    });
    const input = {
      vmId: uuidOf('vm', 1),
      destinationHostId: uuidOf('host', 3),
      idempotencyKey: 'once',
      volumes: [
        { volumeId: uuidOf('vol', 2), destinationPoolId: uuidOf('pool', 1) },
        { volumeId: uuidOf('vol', 1), destinationPoolId: uuidOf('pool', 2) },
      ],
    };
    const result = await gateway.execute(MUTATION, { input }, { viewer: { ...NOT_ADMIN, accountId: 42, accountType: 1 } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.migrateVmWithStorage.job).toEqual({
      id: job.uuid,
      status: 'PENDING',
      vm: { id: uuidOf('vm', 1) },
      progress: { step: 'QUEUED', percent: 0 },
    });
    expect(received).toEqual([
      [
        {
          vmUuid: uuidOf('vm', 1),
          destinationHostUuid: uuidOf('host', 3),
          idempotencyKey: 'once',
          volumes: [
            { volumeUuid: uuidOf('vol', 2), destinationPoolUuid: uuidOf('pool', 1) },
            { volumeUuid: uuidOf('vol', 1), destinationPoolUuid: uuidOf('pool', 2) },
          ],
        },
        { accountId: 42 },
      ],
    ]);
    // Authentication off: no account to record.
    await gateway.execute(MUTATION, { input });
    expect(received[1][1]).toEqual({ accountId: null });
  });

  it('refuses a malformed mutation input before calling the use case, and passes MIGRATION_BLOCKED through', async () => {
    let calls = 0;
    await gatewayWith({
      migrationJobs: new InMemoryJobQueries([]),
      migrateVmWithStorage: async () => {
        calls += 1;
        throw new MigrationBlockedError([{ code: 'VM_NOT_RUNNING', message: 'not running' }]);
      },
    });
    const input = { vmId: uuidOf('vm', 1), destinationHostId: uuidOf('host', 3), volumes: [{ volumeId: 'bad id', destinationPoolId: uuidOf('pool', 1) }] };
    const malformed = await gateway.execute(MUTATION, { input });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { argument: 'input.volumes[0].volumeId' } });
    expect(calls).toBe(0);
    input.volumes[0].volumeId = uuidOf('vol', 1);
    const blocked = await gateway.execute(MUTATION, { input });
    expect(blocked.errors?.[0].extensions).toMatchObject({ code: 'MIGRATION_BLOCKED', blockers: [{ code: 'VM_NOT_RUNNING', message: 'not running' }] });
  });

  it('refuses all four operations to a caller who is not a root admin, before any job read', async () => {
    const queries = new InMemoryJobQueries([makeJob({ id: 1 })]);
    let mutations = 0;
    await gatewayWith({
      migrationJobs: queries,
      migrateVmWithStorage: async () => {
        mutations += 1;
        return makeJob({ id: 1 });
      },
    });
    const input = {
      vmId: uuidOf('vm', 1),
      destinationHostId: uuidOf('host', 3),
      volumes: [{ volumeId: uuidOf('vol', 1), destinationPoolId: uuidOf('pool', 2) }],
    };
    const operations: [string, Record<string, unknown>][] = [
      [JOB_QUERY, { id: uuidOf('job', 1) }],
      [JOBS_QUERY, {}],
      [MUTATION, { input }],
      [`query($input: MigrateVmWithStorageInput!) { migrationPlan(input: $input) { forceFullClone } }`, { input }],
    ];
    for (const [query, variables] of operations) {
      const result = await gateway.execute(query, variables, { viewer: NOT_ADMIN });
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    expect(queries.calls).toEqual([]);
    expect(mutations).toBe(0);
  });
});

describe.each(DATABASE_KINDS)('migration jobs through the API over the real job store on %s', (kind) => {
  let gateway: TestGateway;
  let store: TypeOrmMigrationJobStore;
  afterEach(async () => gateway?.dispose());

  async function start() {
    gateway = await createTestGateway(kind, {
      services: (db: TestDatabase) => {
        store = new TypeOrmMigrationJobStore(db.dataSource);
        return { migrationJobs: store };
      },
    });
    await insertInventory(gateway.db.dataSource, { vms: 3, pools: 3, hosts: 3, volumesPerVm: 2 });
  }

  /** Persists a job the way the mutation's use case does (real plan with destination uuids), without running it. */
  async function storeJob(request: MigrationRequest) {
    const ds = gateway.db.dataSource;
    const readers = { inventory: new TypeOrmInventoryReader(ds), migration: new TypeOrmMigrationReader(ds) };
    const destinationUuids = request.volumes.map(() => randomUUID());
    const snapshot = await loadMigrationSnapshot(readers, request, destinationUuids);
    const plan = planMigration(snapshot);
    expect(plan.blockers).toEqual([]);
    const job = await store.create({
      uuid: randomUUID(),
      vmId: snapshot.vm.id,
      sourceHostId: snapshot.sourceHost?.id ?? null,
      destinationHostId: snapshot.destinationHost.id,
      request,
      plan,
      idempotencyKey: request.idempotencyKey ?? null,
      requestedByAccountId: null,
      leaseOwner: 'test',
      leaseExpiresAt: new Date(Date.now() + 60_000),
    });
    return { job, destinationUuids };
  }

  // Factory layout: vm-n has volumes 2n-1 (ROOT) and 2n (DATADISK); volume v sits on pool ((v-1) % 3) + 1; vm-n runs on host n.
  const requestFor = (vm: number, volumes: [volume: number, pool: number][]): MigrationRequest => ({
    vmUuid: uuidOf('vm', vm),
    destinationHostUuid: uuidOf('host', (vm % 3) + 1),
    idempotencyKey: null,
    volumes: volumes.map(([v, p]) => ({ volumeUuid: uuidOf('vol', v), destinationPoolUuid: uuidOf('pool', p) })),
  });

  it('shows a stored job with its plan (real destination uuids), even after the source volume row was removed, and its recorded commands', async () => {
    await start();
    const { job, destinationUuids } = await storeJob(
      requestFor(1, [
        [1, 3],
        [2, 3],
      ]),
    );
    const journal = new TypeOrmMigrationJournal(gateway.db.dataSource);
    await journal.recordCommandSent({ jobId: job.id, owner: 'test', seq: 1, hostId: 2, name: 'CreateObjectCommand', request: { volume: { volumeId: 0 } } });
    // The first command's answer is written with the record of the second.
    await journal.recordCommandSent({ jobId: job.id, owner: 'test', seq: 2, hostId: 2, name: 'ModifyTargetsCommand', request: { add: true } }, [
      { jobId: job.id, seq: 1, outcome: 'SUCCEEDED', answer: { result: true, details: null }, durationMs: 12 },
    ]);
    await gateway.db.dataSource.getRepository(VolumeEntity).update({ id: 1 }, { removed: new Date('2026-02-01T00:00:00Z') });

    const result = await gateway.execute(JOB_QUERY, { id: job.uuid });
    expect(result.errors).toBeUndefined();
    const shown = result.data!.migrationJob;
    expect(shown).toMatchObject({
      id: job.uuid,
      status: 'PENDING',
      vm: { id: uuidOf('vm', 1) },
      sourceHost: { name: 'kvm-1' },
      destinationHost: { name: 'kvm-2' },
      progress: { step: 'QUEUED', percent: 0 },
      error: null,
      startedAt: null,
      finishedAt: null,
    });
    expect(shown.plan.entries.map((e: any) => [e.index, e.volume.id, e.volume.removed !== null, e.destinationPool.id, e.destinationVolumeId])).toEqual([
      [0, uuidOf('vol', 1), true, uuidOf('pool', 3), destinationUuids[0]],
      [1, uuidOf('vol', 2), false, uuidOf('pool', 3), destinationUuids[1]],
    ]);
    expect(shown.plan.entries[0].destinationPath).toBe(`/export/pool-3/${destinationUuids[0]}`);
    expect(shown.commands).toEqual([
      expect.objectContaining({
        seq: 1,
        host: { id: uuidOf('host', 2), name: 'kvm-2' },
        name: 'CreateObjectCommand',
        request: { volume: { volumeId: 0 } },
        answer: { result: true, details: null },
        outcome: 'SUCCEEDED',
        durationMs: 12,
      }),
      expect.objectContaining({ seq: 2, name: 'ModifyTargetsCommand', answer: null, outcome: 'SENT' }),
    ]);
  });

  it('lists stored jobs newest first, pages with cursors, filters, and reads the commands of a page in one statement', async () => {
    await start();
    const a = (await storeJob(requestFor(1, [[1, 3]]))).job;
    await finishJob(gateway.db.dataSource.manager, a.id, 'SUCCEEDED', null);
    const b = (await storeJob(requestFor(1, [[2, 3]]))).job;
    await finishJob(gateway.db.dataSource.manager, b.id, 'FAILED', { code: 'AGENT_TIMEOUT', message: 'MigrateCommand timed out after 30s' });
    const c = (await storeJob(requestFor(2, [[3, 1]]))).job;
    for (const job of [a, b, c])
      await gateway.db.dataSource.query(
        "INSERT INTO gateway_migration_command (job_id, seq, host_id, name, request_json, outcome, duration_ms, created_at) VALUES (?, 1, 1, 'CreateObjectCommand', '{}', 'SENT', 0, '2026-01-01 00:00:00')",
        [job.id],
      );

    gateway.sql.reset();
    const firstPage: any = await gateway.execute(JOBS_QUERY, { first: 2 });
    expect(firstPage.errors).toBeUndefined();
    expect(firstPage.data.migrationJobs.edges.map((e: any) => [e.node.id, e.node.status])).toEqual([
      [c.uuid, 'PENDING'],
      [b.uuid, 'FAILED'],
    ]);
    expect(firstPage.data.migrationJobs).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(gateway.sql.statements.filter((s) => /gateway_migration_command/i.test(s))).toHaveLength(1);

    const secondPage: any = await gateway.execute(JOBS_QUERY, { first: 2, after: firstPage.data.migrationJobs.pageInfo.endCursor });
    expect(secondPage.data.migrationJobs.edges.map((e: any) => e.node.id)).toEqual([a.uuid]);
    expect(secondPage.data.migrationJobs.pageInfo.hasNextPage).toBe(false);

    const byVm: any = await gateway.execute(JOBS_QUERY, { filter: { vmId: uuidOf('vm', 1), statuses: ['SUCCEEDED', 'FAILED'] } });
    expect(byVm.data.migrationJobs.edges.map((e: any) => e.node.id)).toEqual([b.uuid, a.uuid]);
    const none: any = await gateway.execute(JOBS_QUERY, { filter: { statuses: [] } });
    expect(none.data.migrationJobs).toMatchObject({ totalCount: 0, edges: [] });

    const failed = await gateway.execute(`query($id: ID!) { migrationJob(id: $id) { status progress { step percent } error { code message } finishedAt } }`, {
      id: b.uuid,
    });
    expect(failed.data!.migrationJob).toMatchObject({
      status: 'FAILED',
      progress: { step: 'FAILED', percent: 100 },
      error: { code: 'AGENT_TIMEOUT', message: 'MigrateCommand timed out after 30s' },
    });
    expect(failed.data!.migrationJob.finishedAt).toEqual(expect.any(String));
  });
});
