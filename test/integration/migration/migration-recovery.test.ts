import { describe, expect, it } from 'vitest';
import type { AgentDispatcher } from '../../../src/app/ports/agent-dispatcher';
import type { AgentOutcome } from '../../../src/domain/agent/agent-command';
import { MigrationJobEntity } from '../../../src/infra/db/entities';
import { DATABASE_KINDS } from '../../support/test-database';
import { type CommandSummary, labelsForJob, summarizeRecorded, summarizeSimulatorLog } from './support/command-summary';
import { type Deferred, deferred } from './support/deferred';
import { expectMigrated, expectRolledBack } from './support/expectations';
import { countRows, jobRow, spoolRefs } from './support/rows';
import { cmd, type Prepared, prepare, r33Message, nfsShortcutCommands, nfsShortcutUpToPrepare } from './support/scenario';
import { type TestGatewayProcess, useScenarioStack } from './support/scenario-stack';

/**
 * A gateway process dies mid-job: its dispatcher never returns the answer of one command (the
 * process "hangs" there), its lease is made to look expired and owned by 'dead', and a second
 * runner (another replica over the same database and fleet) reconciles: it claims the job and
 * finishes it (R29 through CheckVirtualMachine) or rolls it back (R31/R32). Then the dead process
 * "wakes up" with an answer: it must change nothing any more (its lease is gone).
 */
describe.each(DATABASE_KINDS)('recovery of abandoned migration jobs on %s', (kind) => {
  const stack = useScenarioStack(kind);

  interface DeadGateway {
    gateway: TestGatewayProcess;
    /** Resolves when the hanging command was sent. */
    reached: Deferred;
    /** What the dead process finally "hears" for the hanging command when it wakes up. */
    wake: Deferred<AgentOutcome>;
  }

  /** A gateway whose process hangs on the first `command`; `deliver` decides whether the host got it. */
  function deadGateway(command: string, deliver: boolean): DeadGateway {
    const reached = deferred();
    const wake = deferred<AgentOutcome>();
    let hung = false;
    const agents: AgentDispatcher = {
      async send(host, sent, context) {
        if (sent.name !== command || hung) return stack.agents.send(host, sent, context);
        hung = true;
        if (deliver) await stack.simulator.send(host, sent, context);
        reached.resolve();
        return wake.promise;
      },
    };
    return { gateway: stack.gateway({ owner: 'gw-dead', agents }), reached, wake };
  }

  async function expireLease(jobId: number) {
    await stack.db.dataSource.getRepository(MigrationJobEntity).update({ id: jobId }, { leaseOwner: 'dead', leaseExpiresAt: new Date(Date.now() - 60_000) });
  }

  async function recoverWithReplica(): Promise<TestGatewayProcess> {
    const replica = stack.gateway({ owner: 'replica-2' });
    expect(await replica.runner.reconcileOnce()).toBe(1);
    await replica.runner.settled();
    expect(await replica.runner.reconcileOnce()).toBe(0);
    return replica;
  }

  /**
   * Wakes the dead process and waits for it; afterwards nothing it does may show in rows or on the
   * fleet, except (`templateRefs`) the reference of a template copy its agent really made.
   */
  async function wakeDeadProcess(dead: DeadGateway, jobId: number, outcome: AgentOutcome, templateRefs = 0) {
    const rowsBefore = await countRows(stack);
    rowsBefore.template_spool_ref += templateRefs;
    const logBefore = stack.simulator.commandLog().length;
    const stateBefore = stack.simulator.state();
    const jobBefore = await stack.sql('SELECT * FROM gateway_migration_job WHERE id = ?', [jobId]);
    const volumesBefore = await stack.sql('SELECT * FROM volumes ORDER BY id');
    dead.wake.resolve(outcome);
    await dead.gateway.runner.settled(jobId);
    expect(stack.simulator.commandLog().length, 'no command from a process that lost its lease').toBe(logBefore);
    expect(stack.simulator.state()).toEqual(stateBefore);
    expect(await countRows(stack)).toEqual(rowsBefore);
    expect(await stack.sql('SELECT * FROM volumes ORDER BY id')).toEqual(volumesBefore);
    expect(await stack.sql('SELECT * FROM gateway_migration_job WHERE id = ?', [jobId])).toEqual(jobBefore);
  }

  const ok = (name: string, body: Record<string, unknown> = {}): AgentOutcome => ({ kind: 'ANSWERED', answer: { name, result: true, details: null, body } });

  async function recorded(jobId: number, p: Prepared) {
    const job = (await stack.jobs.byIds([jobId]))[0];
    const labels = await labelsForJob(job, stack.sql);
    const records = await stack.jobs.commandsByJobIds([jobId]);
    return { job, labels, records, summaries: summarizeRecorded(records, stack.names, labels), p };
  }

  async function nfsPath() {
    const backing = (await spoolRefs(stack, stack.names.poolId('nfs-a1'), stack.names.templateId('ubuntu-22.04')))[0].installPath;
    return nfsShortcutUpToPrepare(nfsShortcutCommands(backing));
  }
  const nfsMigrate = nfsShortcutCommands(null).migrate;
  const both = [
    { index: 0, pool: 'nfs-a2' },
    { index: 1, pool: 'nfs-a2' },
  ];

  it('finishes a job whose process died with the MigrateCommand in flight after the VM moved: the replica asks CheckVirtualMachine (PowerOn) and does the R30 bookkeeping (R29, R30)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const dead = deadGateway('MigrateCommand', true);
    const created = await dead.gateway.migrate(p.request);
    await dead.reached.promise;
    expect((await jobRow(stack, created.uuid)).status).toBe('RUNNING');
    await expireLease(created.id);

    await recoverWithReplica();

    const { job, records, summaries, labels } = await recorded(created.id, p);
    const expected: CommandSummary[] = [
      ...(await nfsPath()),
      nfsMigrate,
      cmd.check('kvm-a2', p.instanceName),
      cmd.deleteSource('kvm-a1', 'ROOT-1', 'nfs-a1'),
      cmd.deleteSource('kvm-a1', 'web-01-DATA-1', 'nfs-a1'),
    ];
    expect(summaries).toEqual(expected);
    expect(summarizeSimulatorLog(stack.simulator.commandLog(), stack.names, labels)).toEqual(expected);
    expect(records.map((r) => r.outcome)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
      'SENT',
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
    ]);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: both });
    expect((await jobRow(stack, created.uuid)).leaseOwner).toBe('replica-2');

    await wakeDeadProcess(dead, created.id, ok('MigrateAnswer', { vncPort: 5900 }));
  });

  it('rolls back a job whose process died with the MigrateCommand in flight that never reached the host: CheckVirtualMachine says PowerOff, so GATEWAY_INTERRUPTED and the R31 cleanup', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const dead = deadGateway('MigrateCommand', false);
    const created = await dead.gateway.migrate(p.request);
    await dead.reached.promise;
    await expireLease(created.id);

    await recoverWithReplica();

    const { job, records, summaries, labels } = await recorded(created.id, p);
    const cleanup = [cmd.check('kvm-a2', p.instanceName), ...nfsShortcutCommands(null).r31Cleanup];
    expect(summaries).toEqual([...(await nfsPath()), nfsMigrate, ...cleanup]);
    // The Migrate never reached an agent: only the job's record shows it (outcome SENT).
    expect(summarizeSimulatorLog(stack.simulator.commandLog(), stack.names, labels)).toEqual([...(await nfsPath()), ...cleanup]);
    expect(records[5].outcome).toBe('SENT');
    const message = await expectRolledBack(stack, p, job, { code: 'GATEWAY_INTERRUPTED', createdDestinations: both });
    const hostUuid = async (name: string) => (await stack.sql<any>('SELECT uuid FROM host WHERE name = ?', [name]))[0].uuid;
    expect(message).toBe(
      await r33Message(
        stack,
        p,
        `The gateway process running this migration stopped after the MigrateCommand was sent, and ${p.instanceName} is not running on the destination host ${await hostUuid('kvm-a2')}.`,
      ),
    );

    await wakeDeadProcess(dead, created.id, { kind: 'TIMEOUT', message: 'gateway process was frozen' });
  });

  it('rolls back a job whose process died before the MigrateCommand (PrepareForMigration in flight) without asking the destination: the Prepare that may have reached the host is undone, the created disks are deleted (R31 step 1, R32)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const dead = deadGateway('PrepareForMigrationCommand', true);
    const created = await dead.gateway.migrate(p.request);
    await dead.reached.promise;
    await expireLease(created.id);

    await recoverWithReplica();

    const { job, records, summaries, labels } = await recorded(created.id, p);
    // The PrepareForMigration was delivered (its answer lost with the process): the destination is
    // prepared, so the replica undoes it and disconnects before deleting, as after a failed Migrate.
    const expected = [
      ...(await nfsPath()),
      cmd.rollbackPrepare('kvm-a2'),
      cmd.disconnect('kvm-a2', 'nfs-a2'),
      cmd.deleteDestination('kvm-a2', 'ROOT-1', 'nfs-a2'),
      cmd.disconnect('kvm-a2', 'nfs-a2'),
      cmd.deleteDestination('kvm-a2', 'web-01-DATA-1', 'nfs-a2'),
    ];
    expect(summaries).toEqual(expected);
    expect(summarizeSimulatorLog(stack.simulator.commandLog(), stack.names, labels)).toEqual(expected);
    expect(records[4].outcome).toBe('SENT');
    expect(stack.simulator.state().hosts.find((h) => h.name === 'kvm-a2')!.preparedVms).not.toContain(p.instanceName);
    const message = await expectRolledBack(stack, p, job, { code: 'GATEWAY_INTERRUPTED', createdDestinations: both });
    expect(message).toContain('stopped before the MigrateCommand was sent');

    await wakeDeadProcess(dead, created.id, ok('PrepareForMigrationAnswer', { newVmCpuShares: null }));
  });

  it('deletes the disk of a CreateObject whose answer died with its process: the agent made it, nobody recorded it (R19, R32; no orphan on the pool)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const dead = deadGateway('CreateObjectCommand', true);
    const created = await dead.gateway.migrate(p.request);
    await dead.reached.promise;
    await expireLease(created.id);

    await recoverWithReplica();

    const { job, records, summaries } = await recorded(created.id, p);
    expect(records.map((r) => [r.name, r.outcome])).toEqual([
      ['CreateObjectCommand', 'SENT'],
      ['DeleteCommand', 'SUCCEEDED'],
    ]);
    expect(summaries.at(-1)).toEqual(cmd.deleteDestination('kvm-a2', 'ROOT-1', 'nfs-a2'));
    await expectRolledBack(stack, p, job, { code: 'GATEWAY_INTERRUPTED', createdDestinations: [{ index: 0, pool: 'nfs-a2' }] });

    await wakeDeadProcess(dead, created.id, ok('CreateObjectAnswer', { data: { path: job.plan!.entries[0].destinationVolumeUuid } }));
  });

  it('never sends a source DeleteCommand twice: the process died while deleting the first source disk, the replica deletes only the other one (R30, agent-protocol "never re-sent")', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const dead = deadGateway('DeleteCommand', true);
    const created = await dead.gateway.migrate(p.request);
    await dead.reached.promise;
    await expireLease(created.id);

    await recoverWithReplica();

    const { job, records, summaries } = await recorded(created.id, p);
    expect(summaries.slice(-3)).toEqual([
      cmd.deleteSource('kvm-a1', 'ROOT-1', 'nfs-a1'),
      cmd.check('kvm-a2', p.instanceName),
      cmd.deleteSource('kvm-a1', 'web-01-DATA-1', 'nfs-a1'),
    ]);
    expect(records.filter((r) => r.name === 'DeleteCommand').map((r) => r.outcome)).toEqual(['SENT', 'SUCCEEDED']);
    expect(stack.simulator.commandLog().filter((c) => c.name === 'DeleteCommand')).toHaveLength(2);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: both });

    await wakeDeadProcess(dead, created.id, ok('Answer'));
  });

  it('does not undo a migration the replica completed when the dead process wakes up with no answer to its MigrateCommand: no R31 rollback, no delete of the live disks, no expunge of the live rows (R30 stands)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const dead = deadGateway('MigrateCommand', true);
    const created = await dead.gateway.migrate(p.request);
    await dead.reached.promise;
    await expireLease(created.id);
    await recoverWithReplica();
    const job = (await stack.jobs.byUuid(created.uuid))!;
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: both });

    // Without fencing the dead process would run R31: Prepare rollback, disconnect and delete the
    // destination disks the VM now runs on, and expunge its live volume rows.
    await wakeDeadProcess(dead, created.id, { kind: 'NO_ANSWER' });
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: both });
  });

  it('runs a job whose process died before it moved any row (still PENDING, no R3 yet): the replica simply carries it out (R3-R30)', async () => {
    const p = await prepare(stack, 'blank-data-disk-full-clone');
    const dead = stack.gateway({ owner: 'gw-dead', deferStart: true });
    const created = await dead.migrate(p.request);
    expect((await jobRow(stack, created.uuid)).status).toBe('PENDING');
    await expireLease(created.id);

    await recoverWithReplica();

    const job = (await stack.jobs.byUuid(created.uuid))!;
    expect(stack.simulator.commandLog().map((c) => c.name)).toEqual([
      'CreateObjectCommand',
      'ModifyTargetsCommand',
      'PrepareForMigrationCommand',
      'MigrateCommand',
      'DeleteCommand',
    ]);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: [{ index: 0, pool: 'nfs-a2' }] });
  });

  it('lets a process whose queued job was taken over before it started do nothing (no STATE_CHANGED failure from the R3 it lost): the replica finishes the migration undisturbed (R30)', async () => {
    const p = await prepare(stack, 'blank-data-disk-full-clone');
    const slow = stack.gateway({ owner: 'gw-slow', deferStart: true });
    const created = await slow.migrate(p.request);
    await expireLease(created.id);
    const reached = deferred();
    const gate = deferred();
    stack.intercept = async (_host, command, next) => {
      if (command.name === 'PrepareForMigrationCommand') {
        reached.resolve();
        await gate.promise;
      }
      return next();
    };
    const replica = stack.gateway({ owner: 'replica-2' });
    expect(await replica.runner.reconcileOnce()).toBe(1);
    await reached.promise;

    // The original process finally gets to run the job it created (its copy still names it the owner).
    slow.runner.start(slow.started[0]);
    await slow.runner.settled(created.id);
    expect((await jobRow(stack, created.uuid)).status).toBe('RUNNING');

    gate.resolve();
    await replica.runner.settled();
    const job = (await stack.jobs.byUuid(created.uuid))!;
    expect(stack.simulator.commandLog().map((c) => c.name)).toEqual([
      'CreateObjectCommand',
      'ModifyTargetsCommand',
      'PrepareForMigrationCommand',
      'MigrateCommand',
      'DeleteCommand',
    ]);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: [{ index: 0, pool: 'nfs-a2' }] });
    expect((await jobRow(stack, created.uuid)).leaseOwner).toBe('replica-2');
  });

  it('keeps a rolled-back job rolled back when its dead process wakes up after the takeover with the answer to its template copy: only the R15 reference of the real copy, no destination row (R16), no disk (R19), no migration (R28) from a lost lease', async () => {
    const p = await prepare(stack, 'template-copy-to-destination');
    const dead = deadGateway('CopyCommand', true);
    const created = await dead.gateway.migrate(p.request);
    await dead.reached.promise;
    await expireLease(created.id);

    await recoverWithReplica();

    const job = (await stack.jobs.byUuid(created.uuid))!;
    // Nothing was created yet, so the takeover had nothing to send: it put the rows back.
    expect(stack.simulator.commandLog().map((c) => c.name)).toEqual(['CopyCommand']);
    await expectRolledBack(stack, p, job, { code: 'GATEWAY_INTERRUPTED', createdDestinations: [] });

    const templateUuid = (await stack.sql<any>('SELECT uuid FROM vm_template WHERE id = ?', [stack.names.templateId('ubuntu-22.04')]))[0].uuid;
    const pool = (await stack.sql<any>("SELECT uuid FROM storage_pool WHERE name = 'local-kvm-a2'"))[0].uuid;
    const size = 10 * 1024 ** 3;
    await wakeDeadProcess(
      dead,
      created.id,
      ok('CopyCmdAnswer', { newData: { templateUuid, path: templateUuid, size, store: { role: 'Primary', uuid: pool } } }),
      1,
    );
    await expectRolledBack(stack, p, job, { code: 'GATEWAY_INTERRUPTED', createdDestinations: [] });
    // The copy its agent did make is recorded (R15: the file is on the pool), once; nothing else happened.
    expect(await spoolRefs(stack, stack.names.poolId('local-kvm-a2'), stack.names.templateId('ubuntu-22.04'))).toEqual([
      {
        id: expect.any(Number),
        installPath: templateUuid,
        localPath: templateUuid,
        downloadPct: 100,
        downloadState: 'DOWNLOADED',
        state: 'Ready',
        templateSize: size,
      },
    ]);
    expect(Object.keys(stack.simulator.state().pools[pool].files)).toContain(templateUuid);
  });
});
