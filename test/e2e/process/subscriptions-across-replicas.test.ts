import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../support/test-database';
import { connectSubscriptions, type SubscriptionClient } from '../../support/subscription-client';
import { type AgentServerProcess, type GatewayProcess, startAgentServerProcess, startGatewayProcess } from './support/gateway-stack';
import {
  createScenarioDatabase,
  demoCaseRequest,
  hostNamesById,
  jobRow,
  migrateAnswerLostButApplied,
  readJob,
  startMigration,
} from './support/migration-scenarios';
import { stopAll } from './support/processes';

const JOB_FIELDS = 'id status progress { step } commands { seq name outcome }';

interface JobEvent {
  id: string;
  status: string;
  progress: { step: string };
  commands: { seq: number; name: string; outcome: string }[];
}

/**
 * Two gateway processes on one MariaDB database: the job runs on A, the subscribers are on B,
 * which learns of A's writes only through its poller's fingerprint statement.
 */
describe('job subscriptions across two gateway processes on one MariaDB database', () => {
  let db: TestDatabase;
  let agents: AgentServerProcess;
  let a: GatewayProcess;
  let b: GatewayProcess;
  let client: SubscriptionClient;

  beforeAll(async () => {
    db = await createScenarioDatabase('mysql', { migrateWaitSeconds: 2 });
    agents = await startAgentServerProcess(db.url);
    [a, b] = await Promise.all([
      startGatewayProcess({ databaseUrl: db.url, agents, instanceId: 'e2e-subs-a' }),
      startGatewayProcess({ databaseUrl: db.url, agents, instanceId: 'e2e-subs-b' }),
    ]);
    // Authentication is off for these processes: any connectionParams are the root admin.
    client = connectSubscriptions(b.url, 'unused');
  });

  afterAll(async () => {
    await client?.dispose();
    await stopAll([a?.process, b?.process, agents?.process]);
    await db?.dispose();
  });

  it("delivers the job A runs to B's subscribers, mid-run states included, and completes with its end", async () => {
    const request = await demoCaseRequest(a, 'nfs-to-nfs-shortcut');
    // The Migrate answer is held for the 2 s wait: the job sits in MIGRATING with the command SENT,
    // a state B's poller must see before the end.
    await migrateAnswerLostButApplied(agents, await hostNamesById(db), { sourceHost: 'kvm-a1', destinationHost: 'kvm-a2', instanceName: request.instanceName });
    const all = client.subscribe<{ migrationJobsUpdated: JobEvent }>(
      `subscription($vm: ID!) { migrationJobsUpdated(filter: { vmId: $vm }) { ${JOB_FIELDS} } }`,
      {
        vm: request.input.vmId,
      },
    );
    const jobId = await startMigration(a, request.input);
    const one = client.subscribe<{ migrationJobUpdated: JobEvent }>(`subscription($id: ID!) { migrationJobUpdated(id: $id) { ${JOB_FIELDS} } }`, { id: jobId });
    await one.ended;

    const final = await readJob(a, jobId);
    expect(final.status).toBe('SUCCEEDED');
    expect((await jobRow(db, jobId)).leaseOwner).toBe('e2e-subs-a');
    const states = one.events.map((e) => e.migrationJobUpdated);
    expect(states.at(-1)?.status).toBe('SUCCEEDED');
    expect(states.at(-1)?.commands.map((c) => `${c.seq}:${c.name}:${c.outcome}`)).toEqual(final.commands.map((c: any) => `${c.seq}:${c.name}:${c.outcome}`));
    const midRun = states.filter((s) => s.commands.some((c) => c.name === 'MigrateCommand' && c.outcome === 'SENT'));
    expect(midRun.length, JSON.stringify(states.map((s) => s.progress.step))).toBeGreaterThanOrEqual(1);

    await all.waitFor(1);
    for (let i = 0; i < 50 && all.events.at(-1)?.migrationJobsUpdated.status !== 'SUCCEEDED'; i += 1) await new Promise((r) => setTimeout(r, 100));
    const stream = all.events.map((e) => e.migrationJobsUpdated);
    expect(new Set(stream.map((s) => s.id))).toEqual(new Set([jobId]));
    expect(stream.at(-1)).toEqual(states.at(-1));
  });
});
