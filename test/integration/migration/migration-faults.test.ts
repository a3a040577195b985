import { describe, expect, it } from 'vitest';
import type { MigrationErrorCode } from '../../../src/domain/migration';
import type { FaultKind } from '../../../src/infra/agent/fault-script';
import { DATABASE_KINDS } from '../../support/test-database';
import { expectMigrated, expectRolledBack } from './support/expectations';
import { spoolRefs } from './support/rows';
import { cmd, disk, expectCommandLog, type Prepared, prepare, r33Message, nfsShortcutCommands } from './support/scenario';
import { useScenarioStack } from './support/scenario-stack';

const AGENT_FAULTS = ['FAILED_ANSWER', 'FAILED_SPECIFIC', 'NO_ANSWER', 'TIMEOUT', 'UNREACHABLE'] as const;
type AgentFault = (typeof AGENT_FAULTS)[number];

const CODE: Record<AgentFault | 'EMPTY_CONNECTED_PATHS', MigrationErrorCode> = {
  FAILED_ANSWER: 'AGENT_COMMAND_FAILED',
  FAILED_SPECIFIC: 'AGENT_COMMAND_FAILED',
  NO_ANSWER: 'AGENT_NO_ANSWER',
  TIMEOUT: 'AGENT_TIMEOUT',
  UNREACHABLE: 'AGENT_UNREACHABLE',
  EMPTY_CONNECTED_PATHS: 'NO_CONNECTED_PATH',
};

/** Agent `details` of a scripted failed answer (R25/R26/R33: the job's message must carry them). */
const details = (command: string) => `simulated agent failure of ${command}: disk quota exceeded`;

/** What the simulator says for a lost answer, as the transport reports it. */
const unreachable = (hostId: number, host: string) => `Host ${hostId} (${host}) became unreachable`;

/**
 * Every fault class of the agent protocol at every step of §8, on the NFS -> NFS case of web-01
 * (ROOT linked clone + blank data disk, both connected through ModifyTargets) and, for the
 * template copy, on the ROOT -> local pool case. The first command of the step fails; each
 * scenario asserts the whole command log including the cleanup (R31/R32), the job's error code
 * and its R33 message, and the rows put back.
 */
describe.each(DATABASE_KINDS)('migrateVmWithStorage agent faults on %s', (kind) => {
  const stack = useScenarioStack(kind);

  const poolUuid = async (name: string) => (await stack.sql<any>('SELECT uuid FROM storage_pool WHERE name = ?', [name]))[0].uuid as string;
  const hostUuid = async (name: string) => (await stack.sql<any>('SELECT uuid FROM host WHERE name = ?', [name]))[0].uuid as string;
  const ubuntu = () => stack.names.templateId('ubuntu-22.04');

  /** The NFS -> NFS success path of web-01, in order, for prefixes. */
  async function nfsSuccessPath() {
    return nfsShortcutCommands((await spoolRefs(stack, stack.names.poolId('nfs-a1'), ubuntu()))[0].installPath);
  }

  /** R31: what follows a failed (or unconfirmed) MigrateCommand. */
  const r31Cleanup = () => nfsShortcutCommands(null).r31Cleanup;
  const bothDestinations = [
    { index: 0, pool: 'nfs-a2' },
    { index: 1, pool: 'nfs-a2' },
  ];

  async function runWithFault(caseId: string, command: string, fault: FaultKind, effect?: 'APPLIED' | 'NOT_APPLIED') {
    const p = await prepare(stack, caseId);
    stack.simulator.injectFault({ command, fault, ...(fault.startsWith('FAILED') && { details: details(command) }), ...(effect && { effect }) });
    const job = await stack.migrate(p.request);
    expect(stack.simulator.pendingFaults(), 'the scripted fault was used').toEqual([]);
    return { p, job };
  }

  async function expectFailure(
    p: Prepared,
    job: Awaited<ReturnType<typeof runWithFault>>['job'],
    code: MigrationErrorCode,
    cause: string,
    created: { index: number; pool: string }[],
  ) {
    const message = await expectRolledBack(stack, p, job, { code, createdDestinations: created });
    expect(message).toBe(await r33Message(stack, p, cause));
  }

  describe('CopyCommand (R15)', () => {
    it.each(['FAILED_ANSWER', 'FAILED_SPECIFIC', 'NO_ANSWER'] as const)(
      'only logs a %s to CopyCommand: the migration goes on, the agent copies the source backing file and R21 inserts the reference once (R15, R18, R21 [PR])',
      async (fault) => {
        const { p, job } = await runWithFault('template-copy-to-destination', 'CopyCommand', fault);
        const backing = (await spoolRefs(stack, stack.names.poolId('nfs-a1'), ubuntu()))[0].installPath;
        const templateUuid = (await stack.sql<any>('SELECT uuid FROM vm_template WHERE id = ?', [ubuntu()]))[0].uuid;
        await expectCommandLog(
          stack,
          job,
          [
            cmd.copy('kvm-a2', ubuntu(), 'local-kvm-a2', templateUuid),
            cmd.linkedClone('kvm-a2', 'ROOT-1', 'local-kvm-a2', true, backing),
            cmd.prepare('kvm-a2'),
            cmd.migrate('kvm-a1', {
              destIp: '10.1.1.12',
              migrateNonSharedInc: true,
              migrateStorageManaged: false,
              migrateStorage: { 'src:ROOT-1': disk('/var/lib/libvirt/images/dest:ROOT-1', `/var/lib/libvirt/images/${backing}`, 'file') },
              migrateDiskInfoList: ['src:ROOT-1'],
            }),
            cmd.deleteSource('kvm-a1', 'ROOT-1', 'nfs-a1'),
          ],
          [fault === 'NO_ANSWER' ? 'NO_ANSWER' : 'FAILED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED'],
        );
        await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: [{ index: 0, pool: 'local-kvm-a2' }] });
        const refs = await spoolRefs(stack, stack.names.poolId('local-kvm-a2'), ubuntu());
        expect(refs.map((r) => r.installPath)).toEqual([backing]);
      },
    );

    it.each(['TIMEOUT', 'UNREACHABLE'] as const)(
      'fails hard on a %s to CopyCommand: "Failed to copy template", nothing created, no reference, rows back (R15, R32, R33)',
      async (fault) => {
        const { p, job } = await runWithFault('template-copy-to-destination', 'CopyCommand', fault);
        const templateUuid = (await stack.sql<any>('SELECT uuid FROM vm_template WHERE id = ?', [ubuntu()]))[0].uuid;
        await expectCommandLog(stack, job, [cmd.copy('kvm-a2', ubuntu(), 'local-kvm-a2', templateUuid)], [fault]);
        const reason = fault === 'TIMEOUT' ? 'Operation timed out' : unreachable(stack.names.hostId('kvm-a2'), 'kvm-a2');
        await expectFailure(
          p,
          job,
          CODE[fault],
          `Failed to copy template [${templateUuid}] to the primary storage pool [${await poolUuid('local-kvm-a2')}]. ${reason}`,
          [],
        );
        expect(await spoolRefs(stack, stack.names.poolId('local-kvm-a2'), ubuntu())).toEqual([]);
      },
    );
  });

  it.each(AGENT_FAULTS)(
    'fails on a %s to the first CreateObjectCommand: the destination row goes Creating -> Allocated -> Expunged, nothing else is sent but the delete of a disk whose create went unanswered (R19, R32, R33)',
    async (fault) => {
      const { p, job } = await runWithFault('nfs-to-nfs-shortcut', 'CreateObjectCommand', fault);
      const path = await nfsSuccessPath();
      const lost = fault === 'NO_ANSWER' || fault === 'TIMEOUT' || fault === 'UNREACHABLE';
      // R32: a disk whose creation went unanswered may exist: it is expunged like any created one.
      await expectCommandLog(stack, job, [path.createRoot, ...(lost ? [cmd.deleteDestination('kvm-a2', 'ROOT-1', 'nfs-a2')] : [])]);
      const reason = {
        FAILED_ANSWER: details('CreateObjectCommand'),
        FAILED_SPECIFIC: details('CreateObjectCommand'),
        NO_ANSWER: 'null answer returned',
        TIMEOUT: 'Operation timed out',
        UNREACHABLE: unreachable(stack.names.hostId('kvm-a2'), 'kvm-a2'),
      }[fault];
      const cause = `Failed to create the destination volume [${job.plan!.entries[0].destinationVolumeUuid}] on the primary storage pool [${await poolUuid('nfs-a2')}]: ${reason}`;
      await expectFailure(p, job, CODE[fault], cause, [{ index: 0, pool: 'nfs-a2' }]);
      const [destination] = await stack.sql<any>('SELECT path FROM volumes WHERE last_id = ?', [p.sources[0].id]);
      expect(destination.path).toBeNull(); // R20: the path is set only once the disk exists
    },
  );

  it('does not leave an orphan disk when a CreateObjectCommand timed out after the agent created it (R32: every destination created so far is expunged)', async () => {
    const { p, job } = await runWithFault('nfs-to-nfs-shortcut', 'CreateObjectCommand', 'TIMEOUT', 'APPLIED');
    const path = await nfsSuccessPath();
    await expectCommandLog(stack, job, [path.createRoot, cmd.deleteDestination('kvm-a2', 'ROOT-1', 'nfs-a2')], ['TIMEOUT', 'SUCCEEDED']);
    await expectRolledBack(stack, p, job, { code: 'AGENT_TIMEOUT', createdDestinations: [{ index: 0, pool: 'nfs-a2' }] });
  });

  it.each([...AGENT_FAULTS, 'EMPTY_CONNECTED_PATHS'] as const)(
    'fails on a %s to the first ModifyTargetsCommand with the agent details (or "no connected path was returned" and the identifier): the created disk is deleted, no disconnect (R25 [PR], R32, R33)',
    async (fault) => {
      const { p, job } = await runWithFault('nfs-to-nfs-shortcut', 'ModifyTargetsCommand', fault);
      const path = await nfsSuccessPath();
      await expectCommandLog(stack, job, [path.createRoot, path.connectRoot, cmd.deleteDestination('kvm-a2', 'ROOT-1', 'nfs-a2')]);
      const host = await hostUuid('kvm-a2');
      const identifier = job.plan!.entries[0].destinationVolumeUuid!;
      const cause = {
        FAILED_ANSWER: `Unable to modify targets on the following host: ${host}. Details: ${details('ModifyTargetsCommand')}`,
        FAILED_SPECIFIC: `Unable to modify targets on the following host: ${host}. Details: ${details('ModifyTargetsCommand')}`,
        NO_ANSWER: 'Unable to get an answer to the modify targets command',
        TIMEOUT: 'Unable to get an answer to the modify targets command (Operation timed out)',
        UNREACHABLE: `Unable to get an answer to the modify targets command (${unreachable(stack.names.hostId('kvm-a2'), 'kvm-a2')})`,
        EMPTY_CONNECTED_PATHS: `ModifyTargetsCommand on host ${host}: no connected path was returned for ${identifier}`,
      }[fault];
      await expectFailure(p, job, CODE[fault], cause, [{ index: 0, pool: 'nfs-a2' }]);
      const records = await stack.jobs.commandsByJobIds([job.id]);
      if (fault === 'FAILED_ANSWER') {
        // The agent's generic Answer (not a ModifyTargetsAnswer) is kept as received, details included.
        expect(records[1].answer).toEqual({ name: 'Answer', result: false, details: details('ModifyTargetsCommand'), body: {} });
      }
    },
  );

  it.each(AGENT_FAULTS)(
    'fails on a %s to PrepareForMigrationCommand with the R26 message; nothing reaches the source host, both destination disks are deleted (R26, R32, R33)',
    async (fault) => {
      const { p, job } = await runWithFault('nfs-to-nfs-shortcut', 'PrepareForMigrationCommand', fault);
      const path = await nfsSuccessPath();
      await expectCommandLog(stack, job, [
        path.createRoot,
        path.connectRoot,
        path.createData,
        path.connectData,
        path.prepare,
        cmd.deleteDestination('kvm-a2', 'ROOT-1', 'nfs-a2'),
        cmd.deleteDestination('kvm-a2', 'web-01-DATA-1', 'nfs-a2'),
      ]);
      const cause = {
        FAILED_ANSWER: `Unable to prepare for migration due to the following: ${details('PrepareForMigrationCommand')}`,
        FAILED_SPECIFIC: `Unable to prepare for migration due to the following: ${details('PrepareForMigrationCommand')}`,
        NO_ANSWER: 'Unable to prepare for migration due to the following: null answer returned',
        TIMEOUT: 'Operation timed out',
        UNREACHABLE: `Unable to prepare for migration due to the following: ${unreachable(stack.names.hostId('kvm-a2'), 'kvm-a2')}`,
      }[fault];
      await expectFailure(p, job, CODE[fault], cause, bothDestinations);
    },
  );

  it.each(AGENT_FAULTS)(
    'rolls back after a %s to MigrateCommand: (a lost answer first asks CheckVirtualMachine) Prepare rollback, ModifyTargets add=false, destination deletes; VM Running on its source host and pod, sources Ready, destinations Expunged (R28, R29, R31, R33)',
    async (fault) => {
      const { p, job } = await runWithFault('nfs-to-nfs-shortcut', 'MigrateCommand', fault);
      const path = await nfsSuccessPath();
      await expectCommandLog(stack, job, [
        path.createRoot,
        path.connectRoot,
        path.createData,
        path.connectData,
        path.prepare,
        path.migrate,
        // R29, for every lost answer (not only a timeout): the migration may have happened all the same.
        ...(fault === 'TIMEOUT' || fault === 'NO_ANSWER' || fault === 'UNREACHABLE' ? [cmd.check('kvm-a2', p.instanceName)] : []),
        ...r31Cleanup(),
      ]);
      const cause = {
        FAILED_ANSWER: details('MigrateCommand'),
        FAILED_SPECIFIC: details('MigrateCommand'),
        NO_ANSWER: 'Unable to get an answer to the migrate command',
        TIMEOUT: `Operation timed out: no answer to the MigrateCommand from host ${await hostUuid('kvm-a1')} within ${job.plan!.migrateWaitSeconds} s, and ${p.instanceName} is not running on the destination host ${await hostUuid('kvm-a2')}`,
        UNREACHABLE: unreachable(stack.names.hostId('kvm-a1'), 'kvm-a1'),
      }[fault];
      await expectFailure(p, job, CODE[fault], cause, bothDestinations);
      // The simulated hosts agree: the destination was un-prepared and the domain never moved.
      const destination = stack.simulator.state().hosts.find((h) => h.name === 'kvm-a2')!;
      expect(destination.preparedVms).not.toContain(p.instanceName);
    },
  );

  it('still rolls the rows back when the destination agent is down for good: every cleanup command fails too and is only logged (R31 step 1-2 "errors logged", R32)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const path = await nfsSuccessPath();
    stack.intercept = async (_host, command, next) => {
      // kvm-a2 goes down right after PrepareForMigration answered.
      if (command.name === 'MigrateCommand') stack.simulator.setHostReachable(stack.names.hostId('kvm-a2'), false);
      return next();
    };

    const job = await stack.migrate(p.request);

    // libvirt on the source cannot reach the destination either.
    await expectCommandLog(
      stack,
      job,
      [path.createRoot, path.connectRoot, path.createData, path.connectData, path.prepare, path.migrate, ...r31Cleanup()],
      ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'UNREACHABLE', 'UNREACHABLE', 'UNREACHABLE', 'UNREACHABLE', 'UNREACHABLE'],
    );
    // The rows are CloudStack's again although the destination disks could not be deleted.
    const message = await expectRolledBack(stack, p, job, {
      code: 'AGENT_COMMAND_FAILED',
      createdDestinations: bothDestinations,
      destinationDisksRemain: true,
    });
    expect(message).toBe(await r33Message(stack, p, "unable to connect to server at '10.1.1.12:16509': Connection refused"));
  });

  it('treats a Migrate timeout as success when CheckVirtualMachine finds the VM running on the destination (effect APPLIED -> PowerOn), with the full success bookkeeping (R29, R30)', async () => {
    const { p, job } = await runWithFault('nfs-to-nfs-shortcut', 'MigrateCommand', 'TIMEOUT', 'APPLIED');
    const path = await nfsSuccessPath();
    await expectCommandLog(
      stack,
      job,
      [
        path.createRoot,
        path.connectRoot,
        path.createData,
        path.connectData,
        path.prepare,
        path.migrate,
        cmd.check('kvm-a2', p.instanceName),
        cmd.deleteSource('kvm-a1', 'ROOT-1', 'nfs-a1'),
        cmd.deleteSource('kvm-a1', 'web-01-DATA-1', 'nfs-a1'),
      ],
      ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'TIMEOUT', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED'],
    );
    const records = await stack.jobs.commandsByJobIds([job.id]);
    expect((records[6].answer as { body: unknown }).body).toEqual({ state: 'PowerOn' });
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: bothDestinations });
  });

  it.each(['NO_ANSWER', 'UNREACHABLE'] as const)(
    'completes a migration whose MigrateCommand got %s although libvirt moved the VM: CheckVirtualMachine finds it on the destination, so its disks are never deleted (R29 for every lost answer, R30)',
    async (fault) => {
      const { p, job } = await runWithFault('nfs-to-nfs-shortcut', 'MigrateCommand', fault, 'APPLIED');
      const path = await nfsSuccessPath();
      await expectCommandLog(stack, job, [
        path.createRoot,
        path.connectRoot,
        path.createData,
        path.connectData,
        path.prepare,
        path.migrate,
        cmd.check('kvm-a2', p.instanceName),
        cmd.deleteSource('kvm-a1', 'ROOT-1', 'nfs-a1'),
        cmd.deleteSource('kvm-a1', 'web-01-DATA-1', 'nfs-a1'),
      ]);
      await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: bothDestinations });
    },
  );

  it('asks CheckVirtualMachine again (destination, then source) while no host answers definitively, then settles it (R29)', async () => {
    stack.simulator.injectFault({ command: 'CheckVirtualMachineCommand', fault: 'FAILED_ANSWER', times: 3 });
    const { p, job } = await runWithFault('nfs-to-nfs-shortcut', 'MigrateCommand', 'TIMEOUT', 'APPLIED');
    const checks = (await stack.jobs.commandsByJobIds([job.id])).filter((c) => c.name === 'CheckVirtualMachineCommand');
    expect(checks.map((c) => [stack.names.hostName(c.hostId), c.outcome])).toEqual([
      ['kvm-a2', 'FAILED'],
      ['kvm-a1', 'FAILED'],
      ['kvm-a2', 'FAILED'],
      ['kvm-a1', 'SUCCEEDED'],
      ['kvm-a2', 'SUCCEEDED'],
    ]);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: bothDestinations });
  });

  it('leaves the agents alone when no host says where the VM runs within the agent wait after a lost MigrateCommand answer: MIGRATION_OUTCOME_UNKNOWN, no rollback command, rows back (nothing deleted under a VM that may run there)', async () => {
    // Rounds (destination, then source) for a 1 s `wait`, none answered.
    await stack.sql("INSERT INTO configuration (category, instance, component, name, value) VALUES ('Advanced', 'DEFAULT', 'AgentManager', 'wait', '1')");
    stack.intercept = async (host, command, next) =>
      command.name === 'CheckVirtualMachineCommand' ? { kind: 'UNREACHABLE', message: `host ${host.name} is down` } : next();
    const { p, job } = await runWithFault('nfs-to-nfs-shortcut', 'MigrateCommand', 'NO_ANSWER', 'APPLIED');
    const records = (await stack.jobs.commandsByJobIds([job.id])).slice(5);
    // Nothing but CheckVirtualMachine after the MigrateCommand, asked of both hosts for at least three rounds.
    expect(records[0].name).toBe('MigrateCommand');
    expect(records.slice(1).every((c) => c.name === 'CheckVirtualMachineCommand' && c.outcome === 'UNREACHABLE')).toBe(true);
    expect(records.length - 1).toBeGreaterThanOrEqual(6);
    expect(job.error?.code).toBe('MIGRATION_OUTCOME_UNKNOWN');
    expect(job.error?.message).toContain(`says where ${p.instanceName} runs`);
    // The destination disks the VM runs on are still there.
    const state = stack.simulator.state();
    for (const entry of job.plan!.entries) expect(Object.keys(state.pools[await poolUuid('nfs-a2')].files)).toContain(entry.destinationVolumeUuid);
  });

  it('fails a Migrate timeout when CheckVirtualMachine does not find the VM on the destination (effect NOT_APPLIED -> PowerOff), and rolls back (R29, R31)', async () => {
    const { p, job } = await runWithFault('nfs-to-nfs-shortcut', 'MigrateCommand', 'TIMEOUT', 'NOT_APPLIED');
    const path = await nfsSuccessPath();
    await expectCommandLog(stack, job, [
      path.createRoot,
      path.connectRoot,
      path.createData,
      path.connectData,
      path.prepare,
      path.migrate,
      cmd.check('kvm-a2', p.instanceName),
      ...r31Cleanup(),
    ]);
    const records = await stack.jobs.commandsByJobIds([job.id]);
    expect((records[6].answer as { body: unknown }).body).toEqual({ state: 'PowerOff' });
    await expectRolledBack(stack, p, job, { code: 'AGENT_TIMEOUT', createdDestinations: bothDestinations });
  });

  it('wraps the failure as CloudStack does: every request entry, the skipped RBD one included, the VM and both hosts, and the agent details verbatim (R33)', async () => {
    const { p, job } = await runWithFault('non-file-source-skipped', 'MigrateCommand', 'FAILED_ANSWER');
    const message = await expectRolledBack(stack, p, job, { code: 'AGENT_COMMAND_FAILED', createdDestinations: [{ index: 0, pool: 'nfs-b2' }] });
    expect(message).toBe(await r33Message(stack, p, details('MigrateCommand')));
    for (const v of p.request.volumes) expect(message).toContain(`{volume: "${v.volumeUuid}"`);
    expect(message).toContain(`from: "${await poolUuid('ceph-rbd-z1')}"`);
    expect(message.startsWith(`Failed to migrate VM [${p.instanceName}] along with its volumes due to [Copy volume(s) to storage(s) [`)).toBe(true);
    // The skipped data disk went Migrating -> Ready like the migrated ROOT.
    const names = job.plan!.entries.map((e) => e.skipped);
    expect(names).toEqual([false, true]);
  });

  it('fails with SOURCE_TEMPLATE_REFERENCE_MISSING naming the pool and template when the source reference vanished before R21, leaving the destination reference untouched (R21 [PR], R32, R33)', async () => {
    const p = await prepare(stack, 'destination-backing-differs');
    const sourcePool = stack.names.poolId('local-kvm-a1');
    const backing = (await spoolRefs(stack, sourcePool, ubuntu()))[0].installPath;
    const destinationRefs = await spoolRefs(stack, stack.names.poolId('local-kvm-b1'), ubuntu());
    // The row disappears after the plan was made (it needed it: R11) and before R21 reads it.
    stack.intercept = async (_host, command, next) => {
      if (command.name === 'CreateObjectCommand')
        await stack.sql('DELETE FROM template_spool_ref WHERE pool_id = ? AND template_id = ?', [sourcePool, ubuntu()]);
      return next();
    };

    const job = await stack.migrate(p.request);

    await expectCommandLog(stack, job, [
      cmd.linkedClone('kvm-b1', 'ROOT-3', 'local-kvm-b1', true, backing),
      cmd.deleteDestination('kvm-b1', 'ROOT-3', 'local-kvm-b1'),
    ]);
    const message = await expectRolledBack(stack, p, job, {
      code: 'SOURCE_TEMPLATE_REFERENCE_MISSING',
      createdDestinations: [{ index: 0, pool: 'local-kvm-b1' }],
    });
    const templateUuid = (await stack.sql<any>('SELECT uuid FROM vm_template WHERE id = ?', [ubuntu()]))[0].uuid;
    expect(message).toContain('source template reference was not found');
    expect(message).toContain(`pool [${await poolUuid('local-kvm-a1')}]`);
    expect(message).toContain(`template [${templateUuid}]`);
    expect(message).toBe(
      await r33Message(
        stack,
        p,
        `Unable to register the copied template: source template reference was not found for pool [${await poolUuid('local-kvm-a1')}] and template [${templateUuid}].`,
      ),
    );
    expect(await spoolRefs(stack, stack.names.poolId('local-kvm-b1'), ubuntu())).toEqual(destinationRefs);
  });

  it('plans a full clone instead when the source reference is already missing at request time: without it the volume has no backing file (R11, R10 step 3), so R21 never runs', async () => {
    const p = await prepare(stack, 'destination-backing-differs');
    const destinationRefs = await spoolRefs(stack, stack.names.poolId('local-kvm-b1'), ubuntu());
    await stack.sql('DELETE FROM template_spool_ref WHERE pool_id = ? AND template_id = ?', [stack.names.poolId('local-kvm-a1'), ubuntu()]);

    const job = await stack.migrate(p.request);

    expect(job.plan!.entries[0]).toMatchObject({ cloneMode: 'FULL_CLONE', cloneModeReason: 'NO_BACKING_FILE', templateRefAction: { kind: 'NONE' } });
    await expectCommandLog(stack, job, [
      cmd.fullClone('kvm-b1', 'ROOT-3', 'local-kvm-b1'),
      cmd.prepare('kvm-b1'),
      cmd.migrate('kvm-a1', {
        destIp: '10.1.1.21',
        migrateNonSharedInc: false,
        migrateStorageManaged: false,
        // R24 (NM): the backing text comes from R11 on the destination volume, i.e. the destination's own reference.
        migrateStorage: {
          'src:ROOT-3': disk('/var/lib/libvirt/images/dest:ROOT-3', `/var/lib/libvirt/images/${destinationRefs[0].installPath}`, 'file', true),
        },
        migrateDiskInfoList: ['src:ROOT-3'],
      }),
      cmd.deleteSource('kvm-a1', 'ROOT-3', 'local-kvm-a1'),
    ]);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-b1', migrated: [{ index: 0, pool: 'local-kvm-b1' }] });
    expect(await spoolRefs(stack, stack.names.poolId('local-kvm-b1'), ubuntu())).toEqual(destinationRefs);
  });
});
