import { describe, expect, it } from 'vitest';
import { MigrationExecutor } from '../../../src/app/migration/migration-executor';
import { planMigration } from '../../../src/domain/migration';
import { Ids, makeSnapshot } from '../../factories/migration-snapshot.factory';
import { FakeJobRecords, jobFor, readersOver, recordingBookkeeping, scriptedAgents, type Answering } from './support/fake-migration-ports';

const OWNER = 'gw-test';

/**
 * The executor over in-memory ports (no database): the exact command log, the exact row changes
 * the bookkeeping is asked for, in order, and what a lost lease stops. Default world: ROOT 1000 on
 * NFS pool 100 (host 1) to NFS pool 200 (host 2) of one cluster, template 500 on pool 100 only.
 */
function run(answer?: Answering, options: { loseLeaseAfter?: string } = {}) {
  const snapshot = makeSnapshot({ destinationVolumeUuids: ['new-uuid-0'] });
  const plan = planMigration(snapshot);
  const jobs = new FakeJobRecords(jobFor(snapshot, plan, OWNER));
  const bookkeeping = recordingBookkeeping(jobs);
  const agents = scriptedAgents((host, command) => {
    if (command.name === options.loseLeaseAfter) jobs.owner = 'gw-other';
    return answer?.(host, command);
  });
  const executor = new MigrationExecutor({
    leases: jobs.leases,
    journal: jobs.journal,
    bookkeeping: bookkeeping.port,
    readers: readersOver(snapshot),
    agents: agents.port,
  });
  const lease = { owner: OWNER, holds: async () => jobs.owner === OWNER };
  return { plan, jobs, bookkeeping, agents, done: executor.execute(jobs.job, lease) };
}

const calls = (b: ReturnType<typeof recordingBookkeeping>) => b.calls.map((c) => c.method);

describe(MigrationExecutor.name, () => {
  it('sends the plan’s commands to the planned hosts with the job’s seq on the wire, and ends SUCCEEDED with the R30 edits in one end call', async () => {
    const { plan, jobs, bookkeeping, agents, done } = run();
    await done;

    const sent = jobs.commands.map((c) => [c.seq, c.name, c.hostId]);
    expect(sent).toEqual([
      [1, 'CopyCommand', Ids.destinationHost], // R15: template 500 is not on pool 200
      [2, 'CreateObjectCommand', Ids.destinationHost],
      [3, 'ModifyTargetsCommand', Ids.destinationHost], // R24: to NFS the new disk is connected
      [4, 'PrepareForMigrationCommand', Ids.destinationHost],
      [5, 'MigrateCommand', Ids.sourceHost],
      [6, 'DeleteCommand', Ids.sourceHost], // R30 step 7
    ]);
    expect(agents.log.map((l) => [l.context.seq, l.name])).toEqual(sent.map(([seq, name]) => [seq, name]));
    expect(new Set(agents.log.map((l) => l.context.jobId))).toEqual(new Set(['job-1']));
    const migrate = jobs.commands[4].request as { body: { newVmCpuShares: number; migrateStorage: Record<string, { sourceText: string }> } };
    expect(migrate.body.newVmCpuShares).toBe(1500); // R26: from the PrepareForMigrationAnswer
    // R24 to NFS: the destination path is the ModifyTargetsAnswer's connected path.
    const connected = (jobs.commands[2].answer as { body: { connectedPaths: string[] } }).body.connectedPaths[0];
    expect(Object.values(migrate.body.migrateStorage).map((d) => d.sourceText)).toEqual([connected]);
    expect(jobs.commands.map((c) => c.name)).toEqual([...plan.commands, ...plan.end!.completion].map((c) => c.name));

    expect(bookkeeping.calls.map((c) => (c.method === 'saveProgress' ? `saveProgress ${(c.args as { step: string }).step}` : c.method))).toEqual([
      'lockTemplatePairs', // (pool 200, template 500): staged and R21-written by this job only
      'begin', // R3
      'recordTemplateOnPool', // R15
      'insertDestinationVolume', // R16
      'apply', // R17/R20 once the disk exists
      'copyTemplateReference', // R21 [PR]
      'unlockTemplatePairs', // past the last entry that uses the pair
      'saveProgress PREPARING_DESTINATION',
      'saveProgress MIGRATING', // before the MigrateCommand: a crash after it is recovered by R29
      'saveProgress FINALIZING',
      'end', // R30: rows, snapshots and the job's status in one transaction
    ]);
    const end = bookkeeping.calls.at(-1)!.args as { status: string; vm: object; volumes: object[]; snapshotMoves: object[] };
    expect(end.status).toBe('SUCCEEDED');
    expect(jobs.status).toBe('SUCCEEDED'); // the job ends inside the bookkeeping's end transaction, not separately
    expect(jobs.commands.map((c) => c.outcome)).toEqual(jobs.commands.map(() => 'SUCCEEDED')); // every answer written, the last with the end
    expect(end.vm).toMatchObject({ vmId: Ids.vm, from: 'Migrating', to: 'Running' });
    expect(end.volumes).toEqual([
      // R30 steps 4-7: the source gives its uuid up, becomes a detached DATADISK and is expunged ...
      expect.objectContaining({
        volumeId: Ids.volume,
        onlyFrom: 'Migrating',
        expunge: true,
        set: expect.objectContaining({ uuid: null, volumeType: 'DATADISK', instanceId: null }),
      }),
      // ... and the new row takes the source's uuid and VM, remembering its source (steps 2, 4, 5).
      expect.objectContaining({
        volumeId: 5000,
        onlyFrom: 'Migrating',
        set: { format: 'QCOW2', lastId: Ids.volume, uuid: `vol-${Ids.volume}-uuid`, instanceId: Ids.vm },
      }),
    ]);
    expect(end.snapshotMoves).toEqual([{ fromVolumeId: Ids.volume, toVolumeId: 5000 }]); // R30 step 8
  });

  it('after a failed MigrateCommand sends R31’s rollback and cleanup and ends FAILED with the R33 message, the source row given back', async () => {
    const { jobs, bookkeeping, done } = run((_h, c) =>
      c.name === 'MigrateCommand' ? { kind: 'ANSWERED', answer: { name: 'MigrateAnswer', result: false, details: 'migration aborted', body: {} } } : undefined,
    );
    await done;

    expect(jobs.commands.map((c) => [c.name, c.outcome])).toEqual([
      ['CopyCommand', 'SUCCEEDED'],
      ['CreateObjectCommand', 'SUCCEEDED'],
      ['ModifyTargetsCommand', 'SUCCEEDED'],
      ['PrepareForMigrationCommand', 'SUCCEEDED'],
      ['MigrateCommand', 'FAILED'],
      ['PrepareForMigrationCommand', 'SUCCEEDED'], // R31 step 1: rollback = true
      ['ModifyTargetsCommand', 'SUCCEEDED'], // R31 step 2: disconnect
      ['DeleteCommand', 'SUCCEEDED'], // R32: the destination disk
    ]);
    expect((jobs.commands[5].request as { body: { rollback: boolean } }).body.rollback).toBe(true);
    const end = bookkeeping.calls.at(-1)!;
    expect(end.method).toBe('end');
    const args = end.args as { status: string; error: { code: string; message: string } };
    expect(args.status).toBe('FAILED');
    expect(args.error.code).toBe('AGENT_COMMAND_FAILED');
    expect(args.error.message).toContain('migration aborted');
    // R31/R32: the new row is expunged, the source goes back to Ready (OperationFailed), no snapshot moves.
    expect(end.args).toMatchObject({
      vm: { vmId: Ids.vm, from: 'Migrating', to: 'Running' },
      volumes: [
        { volumeId: 5000, events: [], expunge: true },
        { volumeId: Ids.volume, events: ['OperationFailed'], onlyFrom: 'Migrating' },
      ],
      snapshotMoves: [],
    });
  });

  it('stops sending the moment another process owns the job, and neither ends it nor cleans up (lease/recovery fencing)', async () => {
    const { jobs, bookkeeping, agents, done } = run(undefined, { loseLeaseAfter: 'CreateObjectCommand' });
    await done;

    expect(agents.log.map((l) => l.name)).toEqual(['CopyCommand', 'CreateObjectCommand']);
    expect(calls(bookkeeping)).not.toContain('end');
    expect(jobs.status).toBe('RUNNING');
  });
});
