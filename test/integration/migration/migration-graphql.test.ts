import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MigrationRequest } from '../../../src/app/migration/migration-request';
import { DATABASE_KINDS } from '../../support/test-database';
import { type CommandSummary, labelsForJob, summarize } from './support/command-summary';
import { deferred } from './support/deferred';
import { expectMigrated, expectRolledBack } from './support/expectations';
import { countRows, expectNothingStuck } from './support/rows';
import { expectCommandLog, prepare, r33Message, nfsShortcutCommands, nfsShortcutUpToPrepare } from './support/scenario';
import { createScenarioStack, type ScenarioStack } from './support/scenario-stack';
import { createGraphQLEntry, type GraphQLEntry } from './support/graphql-entry';

const MIGRATE = /* GraphQL */ `
  mutation Migrate($input: MigrateVmWithStorageInput!) {
    migrateVmWithStorage(input: $input) {
      job {
        id
        status
        plan {
          forceFullClone
          migrateNonSharedInc
          entries {
            skipped
            cloneMode
            copySrcTemplate
          }
        }
      }
    }
  }
`;

const JOB = /* GraphQL */ `
  query Job($id: ID!) {
    migrationJob(id: $id) {
      id
      status
      progress {
        step
        percent
      }
      error {
        code
        message
      }
      vm {
        id
        state
        host {
          name
        }
        lastHost {
          name
        }
      }
      commands {
        seq
        name
        outcome
        request
        answer
        host {
          name
        }
      }
    }
  }
`;

const toInput = (r: MigrationRequest) => ({
  vmId: r.vmUuid,
  destinationHostId: r.destinationHostUuid,
  volumes: r.volumes.map((v) => ({ volumeId: v.volumeUuid, destinationPoolId: v.destinationPoolUuid })),
  ...(r.idempotencyKey ? { idempotencyKey: r.idempotencyKey } : {}),
});

/**
 * A thin GraphQL entry on the scenarios (the bulk of the assertions is on rows and command logs in
 * the other files): the mutation returns the job at once, `migrationJob` shows status, error and
 * the ordered command log with requests and answers, and refusals carry the contract's codes.
 */
describe.each(DATABASE_KINDS)('migrateVmWithStorage through the GraphQL API on %s', (kind) => {
  let stack: ScenarioStack;
  let api: GraphQLEntry;

  beforeAll(async () => {
    stack = await createScenarioStack(kind);
    api = await createGraphQLEntry(stack);
  });
  beforeEach(async () => {
    await stack.reset();
  });
  afterEach(async () => {
    await expectNothingStuck(stack);
  });
  afterAll(async () => {
    await api?.stop();
    await stack?.dispose();
  });

  async function mutate(request: MigrationRequest) {
    const result = await api.execute<{ migrateVmWithStorage: { job: { id: string; status: string; plan: any } } }>(MIGRATE, { input: toInput(request) });
    return result;
  }

  async function settledJob(uuid: string) {
    const job = (await stack.jobs.byUuid(uuid))!;
    await stack.runner.settled(job.id);
    const result = await api.execute<{ migrationJob: any }>(JOB, { id: uuid });
    expect(result.errors).toBeUndefined();
    return { job: (await stack.jobs.byUuid(uuid))!, view: result.data!.migrationJob };
  }

  /** The API's command log summarised like the simulator's (the request JSON is the command as sent). */
  async function apiCommands(job: Awaited<ReturnType<typeof settledJob>>['job'], commands: any[]): Promise<CommandSummary[]> {
    const labels = await labelsForJob(job, stack.sql);
    return commands.map((c) => summarize({ hostId: stack.names.hostId(c.host.name), name: c.name, body: c.request.body }, stack.names, labels));
  }

  it('migrates a linked clone through the mutation and shows the finished job with its ordered command log (R12, R18, R30)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');

    const result = await mutate(p.request);

    expect(result.errors).toBeUndefined();
    const returned = result.data!.migrateVmWithStorage.job;
    expect(['PENDING', 'RUNNING']).toContain(returned.status);
    expect(returned.plan).toEqual({
      forceFullClone: false,
      migrateNonSharedInc: true,
      entries: [
        { skipped: false, cloneMode: 'LINKED_CLONE', copySrcTemplate: false },
        { skipped: false, cloneMode: 'FULL_CLONE', copySrcTemplate: null },
      ],
    });
    const { job, view } = await settledJob(returned.id);
    expect(view).toMatchObject({
      id: returned.id,
      status: 'SUCCEEDED',
      progress: { step: 'DONE', percent: 100 },
      error: null,
      vm: { state: 'RUNNING', host: { name: 'kvm-a2' }, lastHost: { name: 'kvm-a1' } },
    });
    expect(view.commands.map((c: any) => [c.seq, c.name, c.host.name, c.outcome])).toEqual([
      [1, 'CreateObjectCommand', 'kvm-a2', 'SUCCEEDED'],
      [2, 'ModifyTargetsCommand', 'kvm-a2', 'SUCCEEDED'],
      [3, 'CreateObjectCommand', 'kvm-a2', 'SUCCEEDED'],
      [4, 'ModifyTargetsCommand', 'kvm-a2', 'SUCCEEDED'],
      [5, 'PrepareForMigrationCommand', 'kvm-a2', 'SUCCEEDED'],
      [6, 'MigrateCommand', 'kvm-a1', 'SUCCEEDED'],
      [7, 'DeleteCommand', 'kvm-a1', 'SUCCEEDED'],
      [8, 'DeleteCommand', 'kvm-a1', 'SUCCEEDED'],
    ]);
    expect(view.commands[1].answer).toMatchObject({
      name: 'ModifyTargetsAnswer',
      result: true,
      body: { connectedPaths: [expect.stringMatching(/^\/export\/primary\/cluster-a-2\//)] },
    });
    // The API's log, the job's records and what the simulated agents received are the same commands.
    const viaApi = await apiCommands(job, view.commands);
    expect(viaApi).toHaveLength(8);
    await expectCommandLog(stack, job, viaApi);
    await expectMigrated(stack, p, job, {
      destinationHost: 'kvm-a2',
      migrated: [
        { index: 0, pool: 'nfs-a2' },
        { index: 1, pool: 'nfs-a2' },
      ],
    });
    // Relay: the job is a Node, resolved from its uuid alone.
    const node = await api.execute<{ node: any }>(`query($id: ID!) { node(id: $id) { __typename id ... on MigrationJob { status } } }`, { id: returned.id });
    expect(node).toEqual({ data: { node: { __typename: 'MigrationJob', id: returned.id, status: 'SUCCEEDED' } } });
  });

  it('forces full clones for a request with a direct-download volume listed second, as the mutation plan and the MigrateCommand show (R10a [PR], R12)', async () => {
    const p = await prepare(stack, 'direct-download-forces-full-clone');

    const result = await mutate(p.request);

    expect(result.errors).toBeUndefined();
    expect(result.data!.migrateVmWithStorage.job.plan).toMatchObject({
      forceFullClone: true,
      migrateNonSharedInc: false,
      entries: [{ cloneMode: 'FULL_CLONE' }, { cloneMode: 'FULL_CLONE' }],
    });
    const { job, view } = await settledJob(result.data!.migrateVmWithStorage.job.id);
    expect(view.status).toBe('SUCCEEDED');
    const migrate = view.commands.find((c: any) => c.name === 'MigrateCommand');
    expect(migrate.request.body.migrateNonSharedInc).toBe(false);
    expect(view.commands.map((c: any) => c.name)).not.toContain('CopyCommand');
    expect(view.commands.map((c: any) => c.name)).not.toContain('DirectDownloadCommand');
    await expectMigrated(stack, p, job, {
      destinationHost: 'kvm-a1',
      migrated: [
        { index: 0, pool: 'nfs-a2' },
        { index: 1, pool: 'nfs-a2' },
      ],
    });
  });

  it('reports a failed MigrateCommand on the job: FAILED, AGENT_COMMAND_FAILED, the R33 message with the agent details, the R31 cleanup in the command log, rows back', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    stack.simulator.injectFault({ command: 'MigrateCommand', fault: 'FAILED_ANSWER', details: 'internal error: unable to execute QEMU command migrate' });

    const result = await mutate(p.request);

    const { job, view } = await settledJob(result.data!.migrateVmWithStorage.job.id);
    const message = await r33Message(stack, p, 'internal error: unable to execute QEMU command migrate');
    expect(view).toMatchObject({
      status: 'FAILED',
      progress: { step: 'FAILED' },
      error: { code: 'AGENT_COMMAND_FAILED', message },
      vm: { state: 'RUNNING', host: { name: 'kvm-a1' } },
    });
    expect(view.commands[5]).toMatchObject({
      name: 'MigrateCommand',
      outcome: 'FAILED',
      answer: { name: 'Answer', result: false, details: 'internal error: unable to execute QEMU command migrate' },
    });
    expect(view.commands.slice(6).map((c: any) => [c.name, c.request.body.rollback ?? c.request.body.add ?? null])).toEqual([
      ['PrepareForMigrationCommand', true],
      ['ModifyTargetsCommand', false],
      ['DeleteCommand', null],
      ['ModifyTargetsCommand', false],
      ['DeleteCommand', null],
    ]);
    const path = nfsShortcutCommands(view.commands[0].request.body.data.migrationOptions.srcBackingFilePath);
    expect(await apiCommands(job, view.commands)).toEqual([...nfsShortcutUpToPrepare(path), path.migrate, ...path.r31Cleanup]);
    await expectRolledBack(stack, p, job, {
      code: 'AGENT_COMMAND_FAILED',
      createdDestinations: [
        { index: 0, pool: 'nfs-a2' },
        { index: 1, pool: 'nfs-a2' },
      ],
    });
  });

  it('refuses a stopped VM with MIGRATION_BLOCKED and its blockers, writing nothing (R1)', async () => {
    const p = await prepare(stack, 'vm-not-running');
    const before = await countRows(stack);

    const result = await mutate(p.request);

    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions).toMatchObject({
      code: 'MIGRATION_BLOCKED',
      blockers: expect.arrayContaining([expect.objectContaining({ code: 'VM_NOT_RUNNING' })]),
    });
    expect(await countRows(stack)).toEqual(before);
    expect(stack.simulator.commandLog()).toEqual([]);
  });

  it('answers CONFLICT to a second mutation for a VM being migrated (R3: it is Migrating), and the same job to a repeated idempotencyKey', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut', { idempotencyKey: 'gql-1' });
    const other = await prepare(stack, 'blank-data-disk-full-clone');
    const reached = deferred();
    const gate = deferred();
    stack.intercept = async (_host, command, next) => {
      if (command.name === 'PrepareForMigrationCommand') {
        reached.resolve();
        await gate.promise;
      }
      return next();
    };

    const first = await mutate(p.request);
    await reached.promise;
    const second = await mutate(other.request);
    const repeated = await mutate(p.request);
    gate.resolve();

    expect(second.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(repeated.errors).toBeUndefined();
    expect(repeated.data!.migrateVmWithStorage.job.id).toBe(first.data!.migrateVmWithStorage.job.id);
    const { view } = await settledJob(first.data!.migrateVmWithStorage.job.id);
    expect(view.status).toBe('SUCCEEDED');
    const [jobs] = await stack.sql<any>('SELECT COUNT(*) AS n FROM gateway_migration_job');
    expect(Number(jobs.n)).toBe(1);
  });
});
