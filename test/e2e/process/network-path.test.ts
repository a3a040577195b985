import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../support/test-database';
import { DATABASE_KINDS } from '../../support/test-database';
import { type AgentServerProcess, type GatewayProcess, startAgentServerProcess, startGatewayProcess } from './support/gateway-stack';
import {
  HANDLES,
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
  migrateAnswerLostButApplied,
  ok,
  simTrace,
  startMigration,
  vmRow,
  waitForJob,
  waitUntilRunningOn,
} from './support/migration-scenarios';
import { stopAll } from './support/processes';

/**
 * The network path end to end: the gateway (`src/composition/main.ts`) and the agent server
 * (`src/composition/cli/agent-server.ts`) as two processes talking the agent protocol over HTTP on loopback,
 * both reading one database (a MariaDB schema, or one SQLite file shared by the processes).
 * The scenarios run in order on one fleet; each uses its own VM.
 */
describe.each(DATABASE_KINDS)('network path on %s: gateway and agent server processes over HTTP', (kind) => {
  let db: TestDatabase;
  let agents: AgentServerProcess;
  let gateway: GatewayProcess;
  let hostNames: Map<number, string>;
  const hostId = (name: string) => hostIdByName(hostNames, name);
  const simLog = async () => simTrace((await agents.control<{ entries: SimLogEntry[] }>('GET', 'log')).entries, hostNames);

  beforeAll(async () => {
    // A 2 s MigrateCommand wait makes the Migrate timeout over the real socket quick.
    db = await createScenarioDatabase(kind, { migrateWaitSeconds: 2 });
    hostNames = await hostNamesById(db);
    agents = await startAgentServerProcess(db.url);
    gateway = await startGatewayProcess({ databaseUrl: db.url, agents, instanceId: `e2e-net-${kind}` });
  });

  afterAll(async () => {
    await stopAll([gateway?.process, agents?.process]);
    await db?.dispose();
  });

  beforeEach(async () => {
    if (!agents.process.isRunning()) return;
    await agents.control('DELETE', 'log');
    await agents.control('DELETE', 'faults');
  });

  it('runs a linked-clone migration (nfs-to-nfs-shortcut) to SUCCEEDED, the agent server receiving the exact command order', async () => {
    const request = await demoCaseRequest(gateway, 'nfs-to-nfs-shortcut');
    const jobId = await startMigration(gateway, request.input);
    const job = await waitForJob(gateway, jobId, finished);

    expect(job.status, JSON.stringify(job.error)).toBe('SUCCEEDED');
    expect(job.error).toBeNull();
    expect(job.progress).toEqual({ step: 'DONE', percent: 100 });
    const expected = [
      'kvm-a2:CreateObjectCommand:SUCCEEDED', // ROOT: linked clone on nfs-a2's template copy
      'kvm-a2:ModifyTargetsCommand:SUCCEEDED',
      'kvm-a2:CreateObjectCommand:SUCCEEDED', // DATA-1: blank disk, full clone
      'kvm-a2:ModifyTargetsCommand:SUCCEEDED',
      'kvm-a2:PrepareForMigrationCommand:SUCCEEDED',
      'kvm-a1:MigrateCommand:SUCCEEDED',
      'kvm-a1:DeleteCommand:SUCCEEDED', // R30: the source disks are expunged
      'kvm-a1:DeleteCommand:SUCCEEDED',
    ];
    const { entries } = await agents.control<{ entries: SimLogEntry[] }>('GET', 'log');
    expect(simTrace(entries, hostNames)).toEqual(expected);
    expect(commandTrace(job)).toEqual(expected);
    // What the gateway recorded is what crossed the wire.
    expect(job.commands.map((c) => c.request.body)).toEqual(entries.map((e) => e.body));
    expect(job.commands.map((c) => c.seq)).toEqual(expected.map((_, i) => i + 1));

    const migrate = entries.find((e) => e.name === 'MigrateCommand')!;
    expect(migrate.body).toMatchObject({ vmName: request.instanceName, migrateNonSharedInc: true, migrateStorageManaged: false });
    const rootCreate = entries[0].body as { data: { migrationOptions?: { type?: string } } };
    expect(JSON.stringify(rootCreate)).toMatch(/LinkedClone/i);

    // Rows and fleet: on the destination, volumes Ready on nfs-a2, slot free.
    expect(await vmRow(db, request.input.vmId)).toMatchObject({ state: 'Running', hostName: 'kvm-a2', lastHostName: 'kvm-a1' });
    expect(await attachedVolumes(db, (await vmRow(db, request.input.vmId)).id)).toEqual(['ROOT@nfs-a2:Ready', 'DATADISK@nfs-a2:Ready']);
    expect(await jobRow(db, jobId)).toMatchObject({ status: 'SUCCEEDED', activeVmId: null, errorCode: null });
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect(hostsRunning(await agents.control('GET', 'state'), request.instanceName)).toEqual(['kvm-a2']);
    expect(job.vm).toMatchObject({ state: 'RUNNING', host: { name: 'kvm-a2' } });
  });

  it('fails on a generic failed Answer to PrepareForMigrationCommand, keeps the details, and puts the rows back', async () => {
    const request = await demoCaseRequest(gateway, 'local-storage-all-file-pools');
    const details = `libvirt: internal error: process exited while connecting to monitor (${kind})`;
    await agents.control('POST', 'faults', { hostId: hostId('kvm-a2'), command: 'PrepareForMigrationCommand', fault: 'FAILED_ANSWER', details });
    const jobId = await startMigration(gateway, request.input);
    const job = await waitForJob(gateway, jobId, finished);

    expect(job.status).toBe('FAILED');
    expect(job.error?.code).toBe('AGENT_COMMAND_FAILED');
    expect(job.error?.message).toContain(`Unable to prepare for migration due to the following: ${details}`);
    const prepare = job.commands.find((c) => c.name === 'PrepareForMigrationCommand')!;
    expect(prepare.answer).toMatchObject({ name: 'Answer', result: false, details });
    expect(await simLog()).toEqual([
      'kvm-a2:CopyCommand:SUCCEEDED', // R15: local-kvm-a2 lacks the template, copied from the image store first
      'kvm-a2:CreateObjectCommand:SUCCEEDED',
      'kvm-a2:CreateObjectCommand:SUCCEEDED',
      'kvm-a2:PrepareForMigrationCommand:FAILED',
      'kvm-a2:DeleteCommand:SUCCEEDED', // R32: the destination disks created so far go
      'kvm-a2:DeleteCommand:SUCCEEDED',
    ]);
    expect(commandTrace(job)).toEqual(await simLog());

    const vm = await vmRow(db, request.input.vmId);
    expect(vm).toMatchObject({ state: 'Running', hostName: 'kvm-a1' });
    expect(await attachedVolumes(db, vm.id)).toEqual(['ROOT@local-kvm-a1:Ready', 'DATADISK@local-kvm-a1:Ready']);
    expect(await jobRow(db, jobId)).toMatchObject({ status: 'FAILED', activeVmId: null, errorCode: 'AGENT_COMMAND_FAILED' });
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect((await agents.control<{ pending: unknown[] }>('GET', 'faults')).pending).toEqual([]);
    expect(hostsRunning(await agents.control('GET', 'state'), request.instanceName)).toEqual(['kvm-a1']);
  });

  it('treats a MigrateCommand timeout over the socket as success when CheckVirtualMachine finds the VM on the destination', async () => {
    const request = await demoCaseRequest(gateway, 'shared-mount-point-source');
    // The agent server holds the response until the gateway gives up (wait 2 s), then migrates anyway.
    await migrateAnswerLostButApplied(agents, hostNames, { sourceHost: 'kvm-a2', destinationHost: 'kvm-a3', instanceName: request.instanceName });
    const started = Date.now();
    const jobId = await startMigration(gateway, request.input);
    const job = await waitForJob(gateway, jobId, finished);

    expect(job.status, JSON.stringify(job.error)).toBe('SUCCEEDED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    const trace = commandTrace(job);
    const migrateAt = trace.indexOf('kvm-a2:MigrateCommand:TIMEOUT');
    expect(migrateAt, trace.join('\n')).toBeGreaterThan(0);
    expect(trace[migrateAt + 1]).toBe('kvm-a3:CheckVirtualMachineCommand:SUCCEEDED');
    expect(trace.slice(migrateAt + 2).every((t) => t === 'kvm-a2:DeleteCommand:SUCCEEDED')).toBe(true);
    expect(trace.filter((t) => t.includes(':MigrateCommand:'))).toHaveLength(1);
    const migrate = job.commands[migrateAt];
    expect(migrate.request.wait).toBe(2);
    expect(migrate.answer.error).toMatch(/within 2 s/);
    expect(job.commands[migrateAt + 1].answer).toMatchObject({ result: true, body: { state: 'PowerOn' } });
    // The agent server saw the same sequence, the Migrate command exactly once.
    expect(await simLog()).toEqual(trace);

    expect(await vmRow(db, request.input.vmId)).toMatchObject({ state: 'Running', hostName: 'kvm-a3', lastHostName: 'kvm-a2' });
    expect(await jobRow(db, jobId)).toMatchObject({ status: 'SUCCEEDED', activeVmId: null });
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect(await waitUntilRunningOn(agents, request.instanceName, 'kvm-a3')).toEqual(['kvm-a3']);
  });

  it('fails with AGENT_UNREACHABLE when the agent drops the MigrateCommand connection, never re-sending it, and rolls back', async () => {
    const request = await demoCaseRequest(gateway, 'path-differs-from-uuid');
    await agents.control('POST', 'faults', { hostId: hostId('kvm-a2'), command: 'MigrateCommand', fault: 'UNREACHABLE' });
    const jobId = await startMigration(gateway, request.input);
    const job = await waitForJob(gateway, jobId, finished);

    expect(job.status).toBe('FAILED');
    expect(job.error?.code).toBe('AGENT_UNREACHABLE');
    const trace = commandTrace(job);
    expect(trace).toEqual([
      'kvm-a3:CreateObjectCommand:SUCCEEDED',
      'kvm-a3:ModifyTargetsCommand:SUCCEEDED',
      'kvm-a3:PrepareForMigrationCommand:SUCCEEDED',
      'kvm-a2:MigrateCommand:UNREACHABLE', // sent once: a dropped connection may have reached the agent
      // R29 for a lost answer: the VM did not reach the destination, so the rollback is safe.
      'kvm-a3:CheckVirtualMachineCommand:SUCCEEDED',
      // R31: PrepareForMigration rollback, disconnect, expunge, all on the destination.
      'kvm-a3:PrepareForMigrationCommand:SUCCEEDED',
      'kvm-a3:ModifyTargetsCommand:SUCCEEDED',
      'kvm-a3:DeleteCommand:SUCCEEDED',
    ]);
    expect(job.commands.map((c) => c.request.body.rollback ?? c.request.body.add ?? null)).toEqual([null, true, false, null, null, true, false, null]);
    expect(await simLog()).toEqual(trace);

    const vm = await vmRow(db, request.input.vmId);
    expect(vm).toMatchObject({ state: 'Running', hostName: 'kvm-a2' });
    expect(await attachedVolumes(db, vm.id)).toEqual(['ROOT@nfs-a2:Ready', 'DATADISK@nfs-a2:Ready']);
    expect(await jobRow(db, jobId)).toMatchObject({ status: 'FAILED', activeVmId: null, errorCode: 'AGENT_UNREACHABLE' });
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect(hostsRunning(await agents.control('GET', 'state'), request.instanceName)).toEqual(['kvm-a2']);
  });

  it('fails with AGENT_UNREACHABLE when the agent server process is gone (connection refused)', async () => {
    const request = await demoCaseRequest(gateway, 'non-file-source-skipped');
    await agents.process.stop();
    const jobId = await startMigration(gateway, request.input);
    const job = await waitForJob(gateway, jobId, finished);

    expect(job.status).toBe('FAILED');
    expect(job.error?.code).toBe('AGENT_UNREACHABLE');
    expect(job.error?.message).toMatch(/ECONNREFUSED|refused/i);
    expect(job.commands[0]).toMatchObject({ seq: 1, outcome: 'UNREACHABLE', host: { name: 'kvm-b1' } });
    expect(job.commands.every((c) => c.outcome === 'UNREACHABLE')).toBe(true);

    const vm = await vmRow(db, request.input.vmId);
    expect(vm).toMatchObject({ state: 'Running', hostName: 'kvm-b2' });
    expect(await jobRow(db, jobId)).toMatchObject({ status: 'FAILED', activeVmId: null, errorCode: 'AGENT_UNREACHABLE' });
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    // The gateway itself stays up and answers.
    expect(ok(await gateway.graphql('{ virtualMachine(id: "' + HANDLES.vms['web-01'] + '") { state } }'), 'read').virtualMachine.state).toBe('RUNNING');
  });
});
