import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../support/test-database';
import { DATABASE_KINDS } from '../../support/test-database';
import { type AgentServerProcess, type GatewayProcess, startAgentServerProcess, startGatewayProcess } from './support/gateway-stack';
import {
  NO_LEFTOVERS,
  type SimLogEntry,
  attachedVolumes,
  createScenarioDatabase,
  demoCaseRequest,
  finished,
  hostNamesById,
  jobRow,
  jobsOfVm,
  leftovers,
  migrateAnswerLostButApplied,
  requestMigration,
  simTrace,
  startMigration,
  vmRow,
  waitForJob,
} from './support/migration-scenarios';
import { stopAll } from './support/processes';

/**
 * Two gateway processes on one database (one MariaDB schema, or one SQLite file) racing to migrate
 * the same VM: the database decides, so exactly one job exists and the loser learns why.
 */
describe.each(DATABASE_KINDS)('two gateway processes on one %s database', (kind) => {
  let db: TestDatabase;
  let agents: AgentServerProcess;
  let gateways: [GatewayProcess, GatewayProcess];
  let hostNames: Map<number, string>;

  beforeAll(async () => {
    db = await createScenarioDatabase(kind, { migrateWaitSeconds: 2 });
    hostNames = await hostNamesById(db);
    agents = await startAgentServerProcess(db.url);
    gateways = await Promise.all([
      startGatewayProcess({ databaseUrl: db.url, agents, instanceId: `e2e-race-1-${kind}` }),
      startGatewayProcess({ databaseUrl: db.url, agents, instanceId: `e2e-race-2-${kind}` }),
    ]);
  });

  afterAll(async () => {
    await stopAll([...(gateways ?? []).map((g) => g?.process), agents?.process]);
    await db?.dispose();
  });

  beforeEach(async () => {
    await agents.control('DELETE', 'log');
    await agents.control('DELETE', 'faults');
  });

  const migrateCount = async () =>
    simTrace((await agents.control<{ entries: SimLogEntry[] }>('GET', 'log')).entries, hostNames).filter((t) => t.includes(':MigrateCommand:')).length;

  it('lets exactly one of two simultaneous requests start a job; the other gets CONFLICT', async () => {
    const request = await demoCaseRequest(gateways[0], 'nfs-to-nfs-shortcut');
    // The Migrate answer is held for the 2 s wait (then the VM is found on the destination), so the
    // winner's job certainly holds the VM while both requests are answered.
    await migrateAnswerLostButApplied(agents, hostNames, { sourceHost: 'kvm-a1', destinationHost: 'kvm-a2', instanceName: request.instanceName });

    const responses = await Promise.all(gateways.map((g) => requestMigration(g, request.input)));

    const winners = responses.filter((r) => r.data?.migrateVmWithStorage);
    const losers = responses.filter((r) => r.errors?.length);
    expect(winners, JSON.stringify(responses)).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].errors![0].extensions?.code, JSON.stringify(losers[0].errors)).toBe('CONFLICT');
    const jobId = winners[0].data!.migrateVmWithStorage.job.id;
    expect(losers[0].errors![0].message).toContain(request.input.vmId);

    // The loser's process sees the winner's job (one database) and follows it to the end.
    const loser = gateways[responses.indexOf(losers[0])];
    const job = await waitForJob(loser, jobId, finished);
    expect(job.status, JSON.stringify(job.error)).toBe('SUCCEEDED');

    expect(await jobsOfVm(db, request.input.vmId)).toEqual([{ uuid: jobId, status: 'SUCCEEDED' }]);
    expect(await jobRow(db, jobId)).toMatchObject({ activeVmId: null });
    const vm = await vmRow(db, request.input.vmId);
    expect(vm).toMatchObject({ state: 'Running', hostName: 'kvm-a2', lastHostName: 'kvm-a1' });
    expect(await attachedVolumes(db, vm.id)).toEqual(['ROOT@nfs-a2:Ready', 'DATADISK@nfs-a2:Ready']);
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect(await migrateCount()).toBe(1);
  });

  it("answers CONFLICT, not a blocker, to a request through the other process while the VM's migration runs", async () => {
    const request = await demoCaseRequest(gateways[0], 'shared-mount-point-source');
    await migrateAnswerLostButApplied(agents, hostNames, { sourceHost: 'kvm-a2', destinationHost: 'kvm-a3', instanceName: request.instanceName });
    const jobId = await startMigration(gateways[0], request.input);
    await waitForJob(gateways[1], jobId, (j) => j.status === 'RUNNING' && j.commands.some((c) => c.name === 'MigrateCommand'));

    // The VM is Migrating now, which the planner alone would report as VM_NOT_RUNNING: the running
    // job, not a blocker, is why this request cannot run.
    const second = await requestMigration(gateways[1], request.input);
    // Let the job end before asserting, so the next test starts from a quiet fleet either way.
    const job = await waitForJob(gateways[0], jobId, finished);

    expect(second.data?.migrateVmWithStorage ?? null).toBeNull();
    expect(second.errors?.[0]?.extensions?.code, JSON.stringify(second.errors)).toBe('CONFLICT');
    expect(second.errors?.[0]?.message).toContain(jobId);
    expect(job.status).toBe('SUCCEEDED');
    expect(await jobsOfVm(db, request.input.vmId)).toEqual([{ uuid: jobId, status: 'SUCCEEDED' }]);
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect(await migrateCount()).toBe(1);
  });

  it('returns the same job to both processes when they get the same idempotencyKey at once', async () => {
    const request = await demoCaseRequest(gateways[1], 'local-storage-all-file-pools');
    const input = { ...request.input, idempotencyKey: `e2e-race-${kind}-${randomUUID()}` };
    await migrateAnswerLostButApplied(agents, hostNames, { sourceHost: 'kvm-a1', destinationHost: 'kvm-a2', instanceName: request.instanceName });

    const responses = await Promise.all(gateways.map((g) => requestMigration(g, input)));

    expect(
      responses.map((r) => r.errors ?? null),
      JSON.stringify(responses),
    ).toEqual([null, null]);
    const [a, b] = responses.map((r) => r.data!.migrateVmWithStorage.job.id);
    expect(a).toBe(b);
    const job = await waitForJob(gateways[0], a, finished);
    expect(job.status, JSON.stringify(job.error)).toBe('SUCCEEDED');

    // Once more, after the end: still the same job, nothing new runs.
    const again = await requestMigration(gateways[1], input);
    expect(again.data?.migrateVmWithStorage.job, JSON.stringify(again.errors)).toEqual({ id: a, status: 'SUCCEEDED' });

    expect(await jobsOfVm(db, input.vmId)).toEqual([{ uuid: a, status: 'SUCCEEDED' }]);
    const vm = await vmRow(db, input.vmId);
    expect(vm).toMatchObject({ state: 'Running', hostName: 'kvm-a2' });
    expect(await attachedVolumes(db, vm.id)).toEqual(['ROOT@local-kvm-a2:Ready', 'DATADISK@local-kvm-a2:Ready']);
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect(await migrateCount()).toBe(1);
  });
});
