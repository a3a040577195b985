import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../support/test-database';
import { DATABASE_KINDS } from '../../support/test-database';
import { type AgentServerProcess, type GatewayProcess, restartGatewayProcess, startAgentServerProcess, startGatewayProcess } from './support/gateway-stack';
import {
  type DemoCaseRequest,
  type JobView,
  NO_LEFTOVERS,
  type SimLogEntry,
  attachedVolumes,
  commandTrace,
  createScenarioDatabase,
  demoCaseRequest,
  finished,
  hostIdByName,
  hostNamesById,
  hostsRunning,
  jobRow,
  leftovers,
  simTrace,
  sleep,
  startMigration,
  vmRow,
  waitForJob,
  wireSeqsOf,
} from './support/migration-scenarios';
import { stopAll } from './support/processes';

/** Lease of every gateway process here: short, so a dead process's job is taken over quickly. */
const LEASE_SECONDS = 2;

/**
 * A gateway process dies (SIGKILL) while its job waits for the MigrateCommand answer: the agent
 * server holds that answer (TIMEOUT fault, long wait) and, once the dead process's socket closes,
 * carries the migration out (APPLIED) or not (NOT_APPLIED). Another gateway process, or the same
 * one restarted, takes the job over after the lease expires, asks CheckVirtualMachine on the
 * destination and finishes or rolls back. Nothing may stay Migrating and the VM's slot is freed.
 */
describe.each(DATABASE_KINDS)('a gateway process killed during a migration on %s', (kind) => {
  let db: TestDatabase;
  let agents: AgentServerProcess;
  let hostNames: Map<number, string>;
  const started: GatewayProcess[] = [];

  const gateway = async (instanceId: string) => {
    const g = await startGatewayProcess({ databaseUrl: db.url, agents, instanceId: `${instanceId}-${kind}`, leaseSeconds: LEASE_SECONDS });
    started.push(g);
    return g;
  };
  /** A running gateway that is not about to be killed (the restarted one from the first test), or a new one. */
  const survivorGateway = async () =>
    started.find((g) => g.process.isRunning() && !g.options.instanceId.startsWith('e2e-crash-victim')) ?? gateway('e2e-crash-survivor');
  const simLog = async () => simTrace((await agents.control<{ entries: SimLogEntry[] }>('GET', 'log')).entries, hostNames);

  /** Starts the case's migration on `runner` with the Migrate answer held, and returns once the agent server has the command. */
  async function migrationHeldInMigrate(runner: GatewayProcess, observer: GatewayProcess, caseId: string, effect: 'APPLIED' | 'NOT_APPLIED') {
    const request = await demoCaseRequest(observer, caseId);
    const sourceHost = (await vmRow(db, request.input.vmId)).hostName!;
    await agents.control('POST', 'faults', { hostId: hostIdByName(hostNames, sourceHost), command: 'MigrateCommand', fault: 'TIMEOUT', effect });
    const jobId = await startMigration(runner, request.input);
    const job = await waitForJob(observer, jobId, (j) => j.status === 'RUNNING' && j.commands.some((c) => c.name === 'MigrateCommand'));
    expect(job.commands.at(-1)).toMatchObject({ name: 'MigrateCommand', outcome: 'SENT', host: { name: sourceHost } });
    // The command crossed the socket: the agent server logged it (and holds the answer).
    for (let i = 0; i < 50 && !(await simLog()).some((t) => t.includes(':MigrateCommand:')); i += 1) await sleep(100);
    expect(await simLog()).toContain(`${sourceHost}:MigrateCommand:TIMEOUT`);
    expect(await jobRow(db, jobId)).toMatchObject({ status: 'RUNNING', leaseOwner: runner.options.instanceId });
    return { request, jobId, sourceHost };
  }

  /** The recovered job's commands from the MigrateCommand on: still SENT (no answer ever came), then what the new owner sent. */
  const fromMigrate = (job: JobView) => commandTrace(job).slice(job.commands.findIndex((c) => c.name === 'MigrateCommand'));

  async function expectConsistent(request: DemoCaseRequest, jobId: string, expected: { status: string; owner: string; host: string; volumes: string[] }) {
    expect(await jobRow(db, jobId)).toMatchObject({ status: expected.status, activeVmId: null, leaseOwner: expected.owner });
    const vm = await vmRow(db, request.input.vmId);
    expect(vm).toMatchObject({ state: 'Running', hostName: expected.host });
    expect(await attachedVolumes(db, vm.id)).toEqual(expected.volumes);
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect(hostsRunning(await agents.control('GET', 'state'), request.instanceName)).toEqual([expected.host]);
    // The MigrateCommand was never sent again.
    expect((await simLog()).filter((t) => t.includes(':MigrateCommand:'))).toHaveLength(1);
    // The process that finished the job went on after the highest seq recorded: on the wire each
    // (jobId, seq) names one command, the one the job recorded under it.
    const job = await waitForJob(await survivorGateway(), jobId, finished);
    const wire = wireSeqsOf((await agents.control<{ entries: SimLogEntry[] }>('GET', 'log')).entries, jobId);
    expect(wire.repeated).toEqual([]);
    expect(wire.received).toEqual(job.commands.map((c) => [c.seq, c.name]));
  }

  beforeAll(async () => {
    // A long MigrateCommand wait: the held answer outlives the process that waits for it.
    db = await createScenarioDatabase(kind, { migrateWaitSeconds: 120 });
    hostNames = await hostNamesById(db);
    agents = await startAgentServerProcess(db.url);
  });

  afterAll(async () => {
    await stopAll([...started.map((g) => g.process), agents?.process], 1_000);
    await db?.dispose();
  });

  beforeEach(async () => {
    await agents.control('DELETE', 'log');
    await agents.control('DELETE', 'faults');
  });

  it('the same process, restarted, recovers its job: CheckVirtualMachine finds the VM on the destination, SUCCEEDED', async () => {
    const first = await gateway('e2e-crash-a');
    const { request, jobId } = await migrationHeldInMigrate(first, first, 'shared-mount-point-source', 'APPLIED');

    await first.process.kill();
    const restarted = await restartGatewayProcess(first);
    started.push(restarted);
    const job = await waitForJob(restarted, jobId, finished, 20_000);

    expect(job.status, JSON.stringify(job.error)).toBe('SUCCEEDED');
    expect(fromMigrate(job)).toEqual(['kvm-a2:MigrateCommand:SENT', 'kvm-a3:CheckVirtualMachineCommand:SUCCEEDED', 'kvm-a2:DeleteCommand:SUCCEEDED']);
    expect(job.commands.find((c) => c.name === 'CheckVirtualMachineCommand')!.answer).toMatchObject({ result: true, body: { state: 'PowerOn' } });
    expect(job.commands.map((c) => c.seq)).toEqual(job.commands.map((_, i) => i + 1));
    await expectConsistent(request, jobId, {
      status: 'SUCCEEDED',
      owner: first.options.instanceId,
      host: 'kvm-a3',
      volumes: ['ROOT@nfs-a1:Ready', 'DATADISK@gfs2-a:Ready'],
    });
    // The restarted process stays up: it is the survivor of the next tests.
  }, 60_000);

  it('another process takes the job over once the lease expires (APPLIED): SUCCEEDED on the destination', async () => {
    const [survivor, victim] = await Promise.all([survivorGateway(), gateway('e2e-crash-victim')]);
    const { request, jobId } = await migrationHeldInMigrate(victim, survivor, 'nfs-to-nfs-shortcut', 'APPLIED');

    // While the victim lives it renews its lease: the survivor leaves the job alone.
    await sleep(LEASE_SECONDS * 1000 + 500);
    expect(await jobRow(db, jobId)).toMatchObject({ status: 'RUNNING', leaseOwner: victim.options.instanceId });

    await victim.process.kill();
    const job = await waitForJob(survivor, jobId, finished, 20_000);

    expect(job.status, JSON.stringify(job.error)).toBe('SUCCEEDED');
    expect(fromMigrate(job)).toEqual([
      'kvm-a1:MigrateCommand:SENT',
      'kvm-a2:CheckVirtualMachineCommand:SUCCEEDED',
      'kvm-a1:DeleteCommand:SUCCEEDED',
      'kvm-a1:DeleteCommand:SUCCEEDED',
    ]);
    await expectConsistent(request, jobId, {
      status: 'SUCCEEDED',
      owner: survivor.options.instanceId,
      host: 'kvm-a2',
      volumes: ['ROOT@nfs-a2:Ready', 'DATADISK@nfs-a2:Ready'],
    });
  }, 60_000);

  it('another process takes the job over (NOT_APPLIED): the VM is not on the destination, FAILED and rolled back', async () => {
    const [survivor, victim] = await Promise.all([survivorGateway(), gateway('e2e-crash-victim-2')]);
    const { request, jobId } = await migrationHeldInMigrate(victim, survivor, 'local-storage-all-file-pools', 'NOT_APPLIED');

    await victim.process.kill();
    const job = await waitForJob(survivor, jobId, finished, 20_000);

    expect(job.status).toBe('FAILED');
    expect(job.error?.code).toBe('GATEWAY_INTERRUPTED');
    expect(job.error?.message).toContain(`${request.instanceName} is not running on the destination host`);
    expect(fromMigrate(job)).toEqual([
      'kvm-a1:MigrateCommand:SENT',
      'kvm-a2:CheckVirtualMachineCommand:SUCCEEDED',
      // R31: PrepareForMigration rollback, then per destination volume: disconnect, expunge.
      'kvm-a2:PrepareForMigrationCommand:SUCCEEDED',
      'kvm-a2:ModifyTargetsCommand:SUCCEEDED',
      'kvm-a2:DeleteCommand:SUCCEEDED',
      'kvm-a2:ModifyTargetsCommand:SUCCEEDED',
      'kvm-a2:DeleteCommand:SUCCEEDED',
    ]);
    expect(job.commands.find((c) => c.name === 'CheckVirtualMachineCommand')!.answer.body.state).not.toBe('PowerOn');
    expect(job.commands.filter((c) => c.name === 'PrepareForMigrationCommand').map((c) => c.request.body.rollback)).toEqual([false, true]);
    await expectConsistent(request, jobId, {
      status: 'FAILED',
      owner: survivor.options.instanceId,
      host: 'kvm-a1',
      volumes: ['ROOT@local-kvm-a1:Ready', 'DATADISK@local-kvm-a1:Ready'],
    });
  }, 60_000);
});
