import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentDispatcher } from '../../../src/app/ports/agent-dispatcher';
import { buildGatewaySchema } from '../../../src/graphql/schema';
import { MigrationJobEntity } from '../../../src/infra/db/entities';
import { fullSelection } from '../../support/full-selection';
import { DATABASE_KINDS } from '../../support/test-database';
import { deferred } from './support/deferred';
import { createGraphQLEntry, type GraphQLEntry } from './support/graphql-entry';
import { expectNothingStuck } from './support/rows';
import { prepare } from './support/scenario';
import { createScenarioStack, type ScenarioStack } from './support/scenario-stack';

/**
 * Everything a job returns stays answerable after it ended (gateway notes of the reference, §12):
 * after R30 the source row keeps its id with a NULL uuid, so a plan that resolved entries by that
 * row answered "Cannot return null for non-nullable field Volume.id". Each job here is read with a
 * query that selects every field of MigrationJob, as a frontend rendering the whole job would.
 */
describe.each(DATABASE_KINDS)('a finished migration job on %s', (kind) => {
  let stack: ScenarioStack;
  let api: GraphQLEntry;
  let everyField: string;

  beforeAll(async () => {
    stack = await createScenarioStack(kind);
    api = await createGraphQLEntry(stack);
    everyField = `query Job($id: ID!) { migrationJob(id: $id) ${fullSelection(await buildGatewaySchema(), 'MigrationJob', 4)} }`;
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

  async function readWholeJob(uuid: string) {
    const result = await api.execute<{ migrationJob: any }>(everyField, { id: uuid });
    expect(result.errors).toBeUndefined();
    return result.data!.migrationJob;
  }

  it("answers every field after success; an entry's volume is the row that now carries the requested uuid (R30), on the destination pool", async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const job = await stack.migrate(p.request);
    expect(job.status).toBe('SUCCEEDED');

    const view = await readWholeJob(job.uuid);

    const requested = p.request.volumes.map((v) => v.volumeUuid);
    expect(view.plan.entries.map((e: any) => e.volume.id)).toEqual(requested);
    expect(view.plan.entries.map((e: any) => e.volume.pool.name)).toEqual(['nfs-a2', 'nfs-a2']);
    // The destination row is the volume now; the expunged source row has no public id left.
    expect(view.plan.entries.map((e: any) => e.destinationVolume.id)).toEqual(requested);
    expect(view.plan.entries.map((e: any) => e.sourceVolume)).toEqual([null, null]);
    expect(view.plan.entries.map((e: any) => e.sourcePool.name)).toEqual(['nfs-a1', 'nfs-a1']);
    expect(view.commands.every((c: any) => typeof c.host.id === 'string')).toBe(true);
  });

  it('answers every field after a failure: the volume is the source row again, the expunged destination row stays reachable (R31)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    stack.simulator.injectFault({ command: 'MigrateCommand', fault: 'FAILED_ANSWER', details: 'libvirt: migration failed' });
    const job = await stack.migrate(p.request);
    expect(job.status).toBe('FAILED');

    const view = await readWholeJob(job.uuid);

    const requested = p.request.volumes.map((v) => v.volumeUuid);
    expect(view.plan.entries.map((e: any) => [e.volume.id, e.volume.pool.name])).toEqual([
      [requested[0], 'nfs-a1'],
      [requested[1], 'nfs-a1'],
    ]);
    expect(view.plan.entries.map((e: any) => e.sourceVolume.id)).toEqual(requested);
    for (const entry of view.plan.entries) {
      expect(entry.destinationVolume).toMatchObject({ id: entry.destinationVolumeId, state: 'EXPUNGED' });
      expect(entry.destinationVolume.removed).not.toBeNull();
    }
  });

  it('shows the direct-download volume that forced the full clone after it moved (forcedBy, R10a, R30)', async () => {
    const p = await prepare(stack, 'direct-download-forces-full-clone');
    const job = await stack.migrate(p.request);
    expect(job.status).toBe('SUCCEEDED');

    const view = await readWholeJob(job.uuid);

    const root = p.request.volumes[1].volumeUuid;
    expect(view.plan.forceFullClone).toBe(true);
    expect(view.plan.forcedBy.map((v: any) => v.id)).toEqual([root]);
  });

  it('answers every field of a job another gateway process took over and finished', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const reached = deferred();
    const hang: AgentDispatcher = {
      async send(host, command, context) {
        if (command.name !== 'MigrateCommand') return stack.agents.send(host, command, context);
        await stack.simulator.send(host, command, context);
        reached.resolve();
        return new Promise(() => {});
      },
    };
    const created = await stack.gateway({ owner: 'gw-dead', agents: hang }).migrate(p.request);
    await reached.promise;
    await stack.db.dataSource
      .getRepository(MigrationJobEntity)
      .update({ id: created.id }, { leaseOwner: 'dead', leaseExpiresAt: new Date(Date.now() - 60_000) });
    const replica = stack.gateway({ owner: 'replica-2' });
    expect(await replica.runner.reconcileOnce()).toBe(1);
    await replica.runner.settled();

    const view = await readWholeJob(created.uuid);

    expect(view.status).toBe('SUCCEEDED');
    expect(view.plan.entries.map((e: any) => e.volume.id)).toEqual(p.request.volumes.map((v) => v.volumeUuid));
    expect(view.commands.map((c: any) => c.seq)).toEqual(view.commands.map((_: unknown, i: number) => i + 1));
  });

  it('never lets a row without a uuid reach an id: removed volumes listed with includeRemoved and node lookups skip it', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    await stack.migrate(p.request);
    const [{ n }] = await stack.sql<{ n: number }>('SELECT COUNT(*) AS n FROM volumes WHERE uuid IS NULL');
    expect(Number(n)).toBeGreaterThan(0);

    const listed = await api.execute<any>(
      '{ volumes(first: 100, filter: { includeRemoved: true }) { totalCount edges { node { id vm { id } pool { id } template { id } } } } }',
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data.volumes.edges.every((e: any) => typeof e.node.id === 'string')).toBe(true);
  });
});
