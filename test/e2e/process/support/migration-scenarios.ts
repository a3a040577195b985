import type { DatabaseKind } from '../../../../src/config/gateway-config';
import { demoHandles } from '../../../../src/infra/db/seed/demo-inventory';
import { DEMO_MIGRATION_CASES } from '../../../../src/infra/db/seed/demo-migration-cases';
import { seedDemoInventory } from '../../../../src/infra/db/seed/demo-inventory';
import { createTestDatabase, type TestDatabase } from '../../../support/test-database';
import type { GatewayProcess, GraphQLResponse } from './gateway-stack';

export const HANDLES = demoHandles();

/**
 * A throwaway database (MariaDB schema or SQLite file) migrated and holding the demo inventory,
 * with `kvm.storage.online.migration.wait` set before any process starts.
 */
export async function createScenarioDatabase(kind: DatabaseKind, options: { migrateWaitSeconds: number }): Promise<TestDatabase> {
  const db = await createTestDatabase(kind);
  try {
    await seedDemoInventory(db.dataSource);
    await db.dataSource.query('UPDATE configuration SET value = ? WHERE name = ?', [String(options.migrateWaitSeconds), 'kvm.storage.online.migration.wait']);
    const [row] = await db.dataSource.query('SELECT value FROM configuration WHERE name = ?', ['kvm.storage.online.migration.wait']);
    if (String(row?.value) !== String(options.migrateWaitSeconds)) throw new Error('kvm.storage.online.migration.wait is not in the configuration table');
  } catch (error) {
    await db.dispose();
    throw error;
  }
  return db;
}

// ---------------------------------------------------------------------------------------------
// Requests

export interface MigrationInput {
  vmId: string;
  destinationHostId: string;
  volumes: Array<{ volumeId: string; destinationPoolId: string }>;
  idempotencyKey?: string;
}

export interface DemoCaseRequest {
  caseId: string;
  vmName: string;
  sourceHostId: string;
  destinationHostName: string;
  instanceName: string;
  input: MigrationInput;
}

const VM_VOLUMES = /* GraphQL */ `
  query VmVolumes($id: ID!) {
    virtualMachine(id: $id) {
      id
      instanceName
      state
      host {
        id
        name
      }
      volumes {
        id
        type
      }
    }
  }
`;

/** A demo case's request with real uuids; the VM's volume uuids come from the gateway's read API. */
export async function demoCaseRequest(gateway: GatewayProcess, caseId: string): Promise<DemoCaseRequest> {
  const demoCase = DEMO_MIGRATION_CASES.find((c) => c.id === caseId);
  if (!demoCase) throw new Error(`unknown demo case ${caseId}`);
  const vmId = HANDLES.vms[demoCase.vm];
  const response = await gateway.graphql(VM_VOLUMES, { id: vmId });
  const vm = ok(response, `virtualMachine(${demoCase.vm})`).virtualMachine;
  if (!vm) throw new Error(`the gateway does not know VM ${demoCase.vm}`);
  const volumes = vm.volumes as Array<{ id: string; type: string }>;
  const volumeFor = (disk: 'ROOT' | 'DATA-1') => {
    const found = disk === 'ROOT' ? volumes.find((v) => v.type === 'ROOT') : volumes.filter((v) => v.type === 'DATADISK')[0];
    if (!found) throw new Error(`${demoCase.vm} has no ${disk}`);
    return found.id;
  };
  return {
    caseId,
    vmName: demoCase.vm,
    sourceHostId: vm.host.id,
    destinationHostName: demoCase.request.host,
    instanceName: vm.instanceName,
    input: {
      vmId,
      destinationHostId: HANDLES.hosts[demoCase.request.host],
      volumes: demoCase.request.volumes.map(([disk, pool]) => ({ volumeId: volumeFor(disk), destinationPoolId: HANDLES.pools[pool] })),
    },
  };
}

const MIGRATE = /* GraphQL */ `
  mutation Migrate($input: MigrateVmWithStorageInput!) {
    migrateVmWithStorage(input: $input) {
      job {
        id
        status
      }
    }
  }
`;

/** Sends the mutation; returns the raw response (a test may expect an error). */
export function requestMigration(
  gateway: GatewayProcess,
  input: MigrationInput,
): Promise<GraphQLResponse<{ migrateVmWithStorage: { job: { id: string; status: string } } }>> {
  return gateway.graphql(MIGRATE, { input });
}

/** Sends the mutation and returns the job id; throws on any error. */
export async function startMigration(gateway: GatewayProcess, input: MigrationInput): Promise<string> {
  return ok(await requestMigration(gateway, input), 'migrateVmWithStorage').migrateVmWithStorage.job.id;
}

// ---------------------------------------------------------------------------------------------
// Jobs

export interface JobView {
  id: string;
  status: 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  progress: { step: string | null; percent: number };
  error: { code: string; message: string } | null;
  commands: Array<{ seq: number; name: string; outcome: string; host: { id: string; name: string } | null; answer: any; request: any }>;
  vm: {
    id: string;
    state: string;
    host: { id: string; name: string } | null;
    volumes: Array<{ id: string; type: string; state: string | null; pool: { id: string; name: string } | null }>;
  };
}

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
      commands {
        seq
        name
        outcome
        host {
          id
          name
        }
        request
        answer
      }
      vm {
        id
        state
        host {
          id
          name
        }
        volumes {
          id
          type
          state
          pool {
            id
            name
          }
        }
      }
    }
  }
`;

export async function readJob(gateway: GatewayProcess, jobId: string): Promise<JobView> {
  const job = ok(await gateway.graphql(JOB, { id: jobId }), `migrationJob(${jobId})`).migrationJob as JobView | null;
  if (!job) throw new Error(`migrationJob(${jobId}) is null`);
  return job;
}

/** Polls migrationJob every 100 ms until `until` holds; fails with the last view after `timeoutMs`. */
export async function waitForJob(gateway: GatewayProcess, jobId: string, until: (job: JobView) => boolean, timeoutMs = 15_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await readJob(gateway, jobId);
    if (until(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`job ${jobId} did not reach the expected state within ${timeoutMs} ms; last seen:\n${JSON.stringify(summary(last), null, 1)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const finished = (job: JobView) => job.status === 'SUCCEEDED' || job.status === 'FAILED';

/** `host:Name` per command, for exact order assertions. */
export function commandTrace(job: JobView): string[] {
  return job.commands.map((c) => `${c.host?.name}:${c.name}:${c.outcome}`);
}

function summary(job: JobView) {
  return { status: job.status, progress: job.progress, error: job.error, commands: commandTrace(job) };
}

// ---------------------------------------------------------------------------------------------
// Agent server log

export interface SimLogEntry {
  seq: number;
  hostId: number;
  name: string;
  body: Record<string, any>;
  outcome: { kind: string; answer?: { name: string; result: boolean; details: string | null } };
  /** `(jobId, seq)` the command arrived with. */
  origin: { jobId: string; seq: number } | null;
  /** The agent server answered it from memory: a `(jobId, seq)` it had answered before. */
  repeated: boolean;
}

/**
 * Agent protocol: `(jobId, seq)` names one command. What the agent received for a job is exactly the
 * job's recorded command log (same seq, same command, in order), no `(jobId, seq)` twice and none
 * answered from memory (an agent that deduplicates would otherwise skip a command).
 */
export function wireSeqsOf(entries: SimLogEntry[], jobId: string): { repeated: SimLogEntry[]; received: [number, string][] } {
  const ofJob = entries.filter((e) => e.origin?.jobId === jobId);
  return { repeated: ofJob.filter((e) => e.repeated), received: ofJob.map((e) => [e.origin!.seq, e.name]) };
}

/** `host:Name:outcome` per command the agent server received, in its order (ANSWERED → SUCCEEDED/FAILED as the gateway records it). */
export function simTrace(entries: SimLogEntry[], hostNames: Map<number, string>): string[] {
  return entries.map((e) => {
    const outcome = e.outcome.kind === 'ANSWERED' ? (e.outcome.answer!.result ? 'SUCCEEDED' : 'FAILED') : e.outcome.kind;
    return `${hostNames.get(e.hostId) ?? e.hostId}:${e.name}:${outcome}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Rows

export interface VmRowView {
  id: number;
  state: string;
  hostName: string | null;
  lastHostName: string | null;
}

export async function hostNamesById(db: TestDatabase): Promise<Map<number, string>> {
  const rows: Array<{ id: number; name: string }> = await db.dataSource.query('SELECT id, name FROM host');
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

export async function vmRow(db: TestDatabase, vmUuid: string): Promise<VmRowView> {
  const [row] = await db.dataSource.query(
    `SELECT v.id, v.state, h.name AS host_name, lh.name AS last_host_name
       FROM vm_instance v LEFT JOIN host h ON h.id = v.host_id LEFT JOIN host lh ON lh.id = v.last_host_id
      WHERE v.uuid = ?`,
    [vmUuid],
  );
  return { id: Number(row.id), state: row.state, hostName: row.host_name ?? null, lastHostName: row.last_host_name ?? null };
}

/** The VM's attached, not removed volumes: `type@pool:state`, ordered by type then id. */
export async function attachedVolumes(db: TestDatabase, vmId: number): Promise<string[]> {
  const rows: Array<{ volume_type: string; pool: string | null; state: string }> = await db.dataSource.query(
    `SELECT vol.volume_type, p.name AS pool, vol.state
       FROM volumes vol LEFT JOIN storage_pool p ON p.id = vol.pool_id
      WHERE vol.instance_id = ? AND vol.removed IS NULL
      ORDER BY vol.volume_type DESC, vol.id`,
    [vmId],
  );
  return rows.map((r) => `${r.volume_type}@${r.pool}:${r.state}`);
}

/** Rows anywhere in the database a crash or a bad rollback could leave behind. */
export async function leftovers(db: TestDatabase): Promise<{ migratingVms: number; migratingVolumes: number; unfinishedVolumes: number; activeJobs: number }> {
  const count = async (sql: string) => Number((await db.dataSource.query(sql))[0].n);
  return {
    migratingVms: await count(`SELECT COUNT(*) AS n FROM vm_instance WHERE state = 'Migrating'`),
    migratingVolumes: await count(`SELECT COUNT(*) AS n FROM volumes WHERE state = 'Migrating'`),
    // Destination rows of a failed job must be expunged, not left Allocated/Creating.
    unfinishedVolumes: await count(
      `SELECT COUNT(*) AS n FROM volumes WHERE state IN ('Allocated', 'Creating') AND removed IS NULL AND instance_id IS NOT NULL`,
    ),
    activeJobs: await count(`SELECT COUNT(*) AS n FROM gateway_migration_job WHERE active_vm_id IS NOT NULL OR status IN ('PENDING', 'RUNNING')`),
  };
}

export const NO_LEFTOVERS = { migratingVms: 0, migratingVolumes: 0, unfinishedVolumes: 0, activeJobs: 0 };

export interface JobRowView {
  status: string;
  activeVmId: number | null;
  leaseOwner: string | null;
  errorCode: string | null;
}

export async function jobRow(db: TestDatabase, jobUuid: string): Promise<JobRowView> {
  const [row] = await db.dataSource.query('SELECT status, active_vm_id, lease_owner, error_code FROM gateway_migration_job WHERE uuid = ?', [jobUuid]);
  if (!row) throw new Error(`no gateway_migration_job row ${jobUuid}`);
  return {
    status: row.status,
    activeVmId: row.active_vm_id === null ? null : Number(row.active_vm_id),
    leaseOwner: row.lease_owner,
    errorCode: row.error_code,
  };
}

export async function jobsOfVm(db: TestDatabase, vmUuid: string): Promise<Array<{ uuid: string; status: string }>> {
  return db.dataSource.query('SELECT j.uuid, j.status FROM gateway_migration_job j JOIN vm_instance v ON v.id = j.vm_id WHERE v.uuid = ? ORDER BY j.id', [
    vmUuid,
  ]);
}

// ---------------------------------------------------------------------------------------------

export function ok<T>(response: GraphQLResponse<T>, what: string): T {
  if (response.errors?.length || !response.data) throw new Error(`${what} failed: ${JSON.stringify(response.errors ?? response)}`);
  return response.data;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Names of the simulated hosts whose libvirt runs the domain (from `GET /_sim/state`). */
export function hostsRunning(state: { hosts: Array<{ name: string; runningVms: Record<string, string[]> }> }, instanceName: string): string[] {
  return state.hosts.filter((h) => instanceName in h.runningVms).map((h) => h.name);
}

/** Numeric host id by demo host name (fault specs and power-state overrides address hosts by id). */
export function hostIdByName(hostNames: Map<number, string>, name: string): number {
  for (const [id, n] of hostNames) if (n === name) return id;
  throw new Error(`no host named ${name}`);
}

/**
 * Script "the MigrateCommand answer is lost (TIMEOUT, the agent server holds it until the gateway
 * gives up) but the migration happens (APPLIED)". The agent server carries the effect out when it
 * notices the gateway's socket close, which can come after the gateway's next request (the
 * CheckVirtualMachineCommand, possibly on a reused keep-alive connection) when the machine is
 * loaded. The destination's power state is therefore pinned to PowerOn for the instance, as a VM
 * that did arrive reports it; the fleet's own state catches up when the close is noticed.
 */
export async function migrateAnswerLostButApplied(
  agents: { control(method: 'POST', route: string, body: unknown): Promise<unknown> },
  hostNames: Map<number, string>,
  args: { sourceHost: string; destinationHost: string; instanceName: string },
): Promise<void> {
  await agents.control('POST', 'faults', { hostId: hostIdByName(hostNames, args.sourceHost), command: 'MigrateCommand', fault: 'TIMEOUT', effect: 'APPLIED' });
  await agents.control('POST', 'power-state', { hostId: hostIdByName(hostNames, args.destinationHost), instanceName: args.instanceName, state: 'PowerOn' });
}

/** Polls `GET /_sim/state` until the domain runs on exactly `hostName` (bounded); returns where it runs. */
export async function waitUntilRunningOn(
  agents: { control<T = any>(method: 'GET', route: string): Promise<T> },
  instanceName: string,
  hostName: string,
  timeoutMs = 5_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const where = hostsRunning(await agents.control('GET', 'state'), instanceName);
    if ((where.length === 1 && where[0] === hostName) || Date.now() > deadline) return where;
    await sleep(100);
  }
}
