import type { AgentServerProcess } from '../../e2e/process/support/gateway-stack';
import type { TestDatabase } from '../../support/test-database';

/** One entry of the agent server's command log (`GET /_sim/log`). */
export interface AgentLogEntry {
  seq: number;
  hostId: number;
  name: string;
  body: Record<string, any>;
  outcome: { kind: string; answer?: { name: string; result: boolean; details: string | null; body?: Record<string, any> } };
  origin: { jobId: string; seq: number } | null;
  repeated: boolean;
  fault: string | null;
}

/** What the database looked like before the run, so the checks judge only what the run did. */
export interface Baseline {
  maxVolumeId: number;
  duplicatedRefPairs: Set<string>;
}

export async function takeBaseline(db: TestDatabase): Promise<Baseline> {
  const [row] = await db.dataSource.query('SELECT COALESCE(MAX(id), 0) AS id FROM volumes');
  return { maxVolumeId: Number(row.id), duplicatedRefPairs: new Set((await duplicatedRefPairs(db)).map((r) => r.pair)) };
}

async function duplicatedRefPairs(db: TestDatabase): Promise<{ pair: string; rows: number }[]> {
  const rows: { pool_id: number; template_id: number; n: number }[] = await db.dataSource.query(
    'SELECT pool_id, template_id, COUNT(*) AS n FROM template_spool_ref GROUP BY pool_id, template_id HAVING COUNT(*) > 1',
  );
  return rows.map((r) => ({ pair: `${r.pool_id}:${r.template_id}`, rows: Number(r.n) }));
}

const NON_IDEMPOTENT = ['MigrateCommand', 'CopyCommand', 'CreateObjectCommand', 'DeleteCommand'];

/**
 * The invariants of issue 10 over the whole database, the agent server's command log and its fleet:
 * every job ended; no VM or volume Migrating; one template_spool_ref per (pool, template); no
 * orphaned volume rows; VM and volumes where each VM's last job says; disks where the rows say;
 * `(jobId, seq)` unique on the wire and equal to each job's recorded log; no non-idempotent command
 * sent twice. Returns the violations, each a sentence naming the rows (empty: all hold).
 */
export async function checkInvariants(db: TestDatabase, agents: AgentServerProcess, baseline: Baseline): Promise<string[]> {
  const violations: string[] = [];
  const q = (sql: string, params: unknown[] = []) => db.dataSource.query<any[]>(sql, params);

  const unfinished = await q("SELECT uuid, status FROM gateway_migration_job WHERE status IN ('PENDING', 'RUNNING')");
  for (const j of unfinished) violations.push(`job ${j.uuid} has not ended (${j.status})`);
  for (const vm of await q("SELECT uuid, instance_name FROM vm_instance WHERE state = 'Migrating'"))
    violations.push(`VM ${vm.instance_name} is left Migrating`);
  for (const v of await q("SELECT id, uuid FROM volumes WHERE state = 'Migrating'")) violations.push(`volume ${v.id} (${v.uuid}) is left Migrating`);
  for (const d of await duplicatedRefPairs(db)) {
    if (!baseline.duplicatedRefPairs.has(d.pair)) violations.push(`template_spool_ref (pool:template ${d.pair}) has ${d.rows} rows`);
  }
  const created = await q(
    "SELECT id, uuid, state, instance_id, removed FROM volumes WHERE id > ? AND NOT ((instance_id IS NOT NULL AND removed IS NULL AND state = 'Ready') OR (state = 'Expunged' AND removed IS NOT NULL))",
    [baseline.maxVolumeId],
  );
  for (const v of created)
    violations.push(`volume row ${v.id} created by the run is orphaned (state ${v.state}, instance ${v.instance_id}, removed ${v.removed})`);
  for (const v of await q("SELECT id, state FROM volumes WHERE uuid IS NULL AND NOT (state = 'Expunged' AND removed IS NOT NULL)")) {
    violations.push(`volume row ${v.id} has no uuid but is ${v.state} and not removed`);
  }
  await checkPlacement(q, violations);
  const state = await agents.control<{ hosts: any[]; pools: Record<string, { files: Record<string, unknown> }> }>('GET', 'state');
  await checkFleet(q, state, violations);
  const log = (await agents.control<{ entries: AgentLogEntry[] }>('GET', 'log')).entries;
  await checkWire(q, log, violations);
  return violations;
}

/** Each VM that a job of the run moved is where its last job says, with each requested volume on the pool that job says. */
async function checkPlacement(q: (sql: string, params?: unknown[]) => Promise<any[]>, violations: string[]) {
  const jobs = await q('SELECT j.* FROM gateway_migration_job j WHERE j.id = (SELECT MAX(k.id) FROM gateway_migration_job k WHERE k.vm_id = j.vm_id)');
  for (const job of jobs) {
    const [vm] = await q('SELECT state, host_id, instance_name FROM vm_instance WHERE id = ?', [job.vm_id]);
    const plan = job.plan_json ? JSON.parse(job.plan_json) : null;
    const request = JSON.parse(job.request_json);
    const succeeded = job.status === 'SUCCEEDED';
    // MIGRATION_OUTCOME_UNKNOWN says the gateway could not learn where the VM runs: nothing to compare.
    if (job.error_code === 'MIGRATION_OUTCOME_UNKNOWN') continue;
    if (vm.state !== 'Running') violations.push(`VM ${vm.instance_name} is ${vm.state} after job ${job.uuid}`);
    const expectedHost = succeeded ? job.destination_host_id : job.source_host_id;
    if (Number(vm.host_id) !== Number(expectedHost))
      violations.push(`VM ${vm.instance_name} is on host ${vm.host_id}, job ${job.uuid} ${job.status} says ${expectedHost}`);
    if (!plan) continue;
    for (const [index, entry] of (plan.entries as any[]).entries()) {
      const [row] = await q('SELECT pool_id FROM volumes WHERE uuid = ?', [request.volumes[index].volumeUuid]);
      const expectedPool = succeeded && !entry.skipped ? entry.destinationPoolId : entry.sourcePoolId;
      if (!row) violations.push(`volume ${request.volumes[index].volumeUuid} of job ${job.uuid} has no row`);
      else if (Number(row.pool_id) !== Number(expectedPool))
        violations.push(`volume ${request.volumes[index].volumeUuid} is on pool ${row.pool_id}, job ${job.uuid} ${job.status} says ${expectedPool}`);
    }
  }
}

/** Every running VM runs on its host in the fleet; every live attached volume's disk is on its pool; no disk of a failed job's destination is left. */
async function checkFleet(
  q: (sql: string, params?: unknown[]) => Promise<any[]>,
  state: { hosts: any[]; pools: Record<string, { files: Record<string, unknown> }> },
  violations: string[],
) {
  const unknown = "SELECT vm_id FROM gateway_migration_job WHERE error_code = 'MIGRATION_OUTCOME_UNKNOWN'";
  for (const vm of await q(
    `SELECT v.instance_name, h.name AS host FROM vm_instance v JOIN host h ON h.id = v.host_id WHERE v.state = 'Running' AND v.removed IS NULL AND h.hypervisor_type = 'KVM' AND v.id NOT IN (${unknown})`,
  )) {
    const running = state.hosts.filter((h) => vm.instance_name in h.runningVms).map((h) => h.name);
    if (running.length !== 1 || running[0] !== vm.host)
      violations.push(`VM ${vm.instance_name} runs on [${running.join(', ')}] in the fleet, the database says ${vm.host}`);
  }
  const disks = await q(
    `SELECT v.id, v.path, p.uuid AS pool FROM volumes v JOIN storage_pool p ON p.id = v.pool_id JOIN vm_instance i ON i.id = v.instance_id WHERE v.removed IS NULL AND i.state = 'Running' AND p.pool_type IN ('NetworkFilesystem', 'SharedMountPoint', 'Filesystem') AND i.id NOT IN (${unknown})`,
  );
  for (const d of disks) {
    if (d.path && !(d.path in (state.pools[d.pool]?.files ?? {}))) violations.push(`volume ${d.id}: its disk ${d.path} is not on pool ${d.pool}`);
  }
  // Every template reference on a file pool names a file that is there (a linked clone is backed by it).
  const refs = await q(
    "SELECT r.id, r.install_path, p.uuid AS pool, p.name FROM template_spool_ref r JOIN storage_pool p ON p.id = r.pool_id WHERE p.pool_type IN ('NetworkFilesystem', 'SharedMountPoint', 'Filesystem') AND p.removed IS NULL",
  );
  for (const r of refs) {
    if (r.install_path && !(r.install_path in (state.pools[r.pool]?.files ?? {})))
      violations.push(`template_spool_ref ${r.id} on ${r.name} names ${r.install_path}, which is not on the pool`);
  }
  // A failed job's destination disk goes (R31/R32) unless the agent failed that DeleteCommand or its
  // answer was lost: a Delete is never sent twice (agent protocol), CloudStack leaves such a disk too.
  const failed = await q(
    "SELECT id, uuid, plan_json, checkpoint_json FROM gateway_migration_job WHERE status = 'FAILED' AND plan_json IS NOT NULL AND error_code <> 'MIGRATION_OUTCOME_UNKNOWN'",
  );
  for (const job of failed) {
    const deletes = (await q("SELECT request_json, outcome FROM gateway_migration_command WHERE job_id = ? AND name = 'DeleteCommand'", [job.id])).map((c) => ({
      volumeId: JSON.parse(c.request_json).body?.data?.volumeId,
      succeeded: c.outcome === 'SUCCEEDED',
    }));
    for (const destination of (JSON.parse(job.checkpoint_json ?? '{}').destinations ?? []) as { volumeId: number; uuid: string }[]) {
      const [row] = await q('SELECT p.uuid AS pool FROM volumes v JOIN storage_pool p ON p.id = v.pool_id WHERE v.id = ?', [destination.volumeId]);
      if (!row || !(destination.uuid in (state.pools[row.pool]?.files ?? {}))) continue;
      const attempted = deletes.filter((d) => Number(d.volumeId) === Number(destination.volumeId));
      if (attempted.length === 0 || attempted.some((d) => d.succeeded)) {
        violations.push(
          `failed job ${job.uuid} left the destination disk ${destination.uuid} on pool ${row.pool} (${attempted.length ? 'its Delete succeeded' : 'no Delete sent'})`,
        );
      }
    }
  }
}

/** `(jobId, seq)` names one command: unique on the wire, never answered from memory, equal to the job's recorded log; non-idempotent commands once. */
async function checkWire(q: (sql: string, params?: unknown[]) => Promise<any[]>, log: AgentLogEntry[], violations: string[]) {
  const byJob = new Map<string, AgentLogEntry[]>();
  for (const entry of log) {
    if (!entry.origin) continue;
    if (entry.repeated)
      violations.push(`the agent answered ${entry.name} (job ${entry.origin.jobId}, seq ${entry.origin.seq}) from memory: a (jobId, seq) was reused`);
    byJob.set(entry.origin.jobId, [...(byJob.get(entry.origin.jobId) ?? []), entry]);
  }
  for (const [jobId, entries] of byJob) {
    const seqs = entries.map((e) => e.origin!.seq);
    if (new Set(seqs).size !== seqs.length) violations.push(`job ${jobId}: the same seq reached the agent twice (${seqs.join(',')})`);
    const recorded = await q(
      'SELECT c.seq, c.name FROM gateway_migration_command c JOIN gateway_migration_job j ON j.id = c.job_id WHERE j.uuid = ? ORDER BY c.seq',
      [jobId],
    );
    const wire = entries
      .filter((e) => !e.repeated)
      .map((e) => `${e.origin!.seq}:${e.name}`)
      .sort();
    const log = recorded.map((r) => `${r.seq}:${r.name}`).sort();
    // A command recorded but never received is one whose connection was refused or that a dead process never sent.
    const unknown = wire.filter((w) => !log.includes(w));
    if (unknown.length) violations.push(`job ${jobId}: the agent received commands the job did not record under that seq: ${unknown.join(' ')}`);
    const sent = new Map<string, number>();
    for (const e of entries) {
      if (!NON_IDEMPOTENT.includes(e.name) || e.repeated) continue;
      const key = `${e.name}:${identityOf(e)}`;
      sent.set(key, (sent.get(key) ?? 0) + 1);
    }
    for (const [key, times] of sent) if (times > 1) violations.push(`job ${jobId}: ${key} was sent ${times} times (not idempotent)`);
  }
}

/** What a non-idempotent command acts on: the volume row, the template on a pool, the VM. */
function identityOf(entry: AgentLogEntry): string {
  const b = entry.body;
  if (entry.name === 'MigrateCommand') return b.vmName;
  if (entry.name === 'CopyCommand') return `${b.destTO?.store?.uuid}/${b.destTO?.templateId}`;
  return String(b.data?.volumeId ?? b.data?.uuid);
}
