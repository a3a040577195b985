import { demoHandles } from '../../../src/infra/db/seed/demo-inventory';
import { type ChaosGateway, type ChaosStack, setWaits } from '../support/chaos-stack';
import type { MigrationInput } from '../support/fleet-view';
import { type AgentLogEntry, type Baseline, checkInvariants } from '../support/invariants';

type Recovery = 'RESTART' | 'REPLICA';
type Effect = 'APPLIED' | 'NOT_APPLIED';

/** One SIGKILL: which command of the job was in flight, how the job was recovered, how it ended. */
export interface CrashRun {
  path: 'SUCCESS' | 'ROLLBACK';
  seq: number;
  command: string;
  recovery: Recovery;
  effect: Effect;
  status: string;
  errorCode: string | null;
  violations: string[];
}

export interface CrashOptions {
  /** Every boundary with both recoveries and both effects (full), or each boundary once, alternating (short). */
  exhaustive: boolean;
  log: (line: string) => void;
}

const MIGRATE = `mutation Migrate($input: MigrateVmWithStorageInput!) { migrateVmWithStorage(input: $input) { job { id } } }`;
const JOB = `query Job($id: ID!) { migrationJob(id: $id) { id status error { code } commands { seq name } } }`;

/**
 * A SIGKILL at every command boundary of a migration: web-01 goes back and forth between kvm-a1 and
 * kvm-a2 with both of its volumes moving between nfs-a1 and nfs-a2 (8 commands on the success
 * path), and once with its MigrateCommand failing (then the 5 commands of the R31 cleanup). The
 * agent server holds the answer of command `seq` (a TIMEOUT with a long wait) while the gateway that
 * sent it is killed; the answer's effect happens when the dead process's socket closes (APPLIED) or
 * never (NOT_APPLIED). The job is then recovered by the same gateway restarted, or by the other
 * replica, and the whole database, the fleet and the agent's log must hold the invariants.
 */
export async function runCrashBoundaries(stack: ChaosStack, baseline: Baseline, options: CrashOptions): Promise<CrashRun[]> {
  // Long waits: the held answer must outlive the process waiting for it.
  await setWaits(stack.db, { agentWaitSeconds: 120, migrateWaitSeconds: 120, downloadWaitSeconds: 120 });
  const runs: CrashRun[] = [];
  for (const path of ['SUCCESS', 'ROLLBACK'] as const) {
    const first = path === 'SUCCESS' ? 1 : 7;
    for (let seq = first; ; seq += 1) {
      const variants: [Recovery, Effect][] = options.exhaustive
        ? [
            ['RESTART', 'APPLIED'],
            ['RESTART', 'NOT_APPLIED'],
            ['REPLICA', 'APPLIED'],
            ['REPLICA', 'NOT_APPLIED'],
          ]
        : [seq % 2 ? ['RESTART', 'APPLIED'] : ['REPLICA', 'NOT_APPLIED']];
      let reached = false;
      for (const [recovery, effect] of variants) {
        const run = await crashAt(stack, baseline, { path, seq, recovery, effect });
        if (!run) break;
        reached = true;
        runs.push(run);
        options.log(
          `  ${path} seq ${seq} ${run.command} killed, ${recovery} ${effect}: ${run.status}${run.errorCode ? ` ${run.errorCode}` : ''}${run.violations.length ? ` - ${run.violations.length} violations` : ''}`,
        );
      }
      if (!reached) break;
    }
  }
  return runs;
}

async function crashAt(
  stack: ChaosStack,
  baseline: Baseline,
  at: { path: CrashRun['path']; seq: number; recovery: Recovery; effect: Effect },
): Promise<CrashRun | null> {
  const [victim, other] = stack.gateways;
  await stack.agents.control('DELETE', 'faults');
  if (at.path === 'ROLLBACK')
    await stack.agents.control('POST', 'faults', { command: 'MigrateCommand', fault: 'FAILED_ANSWER', details: 'chaos: libvirt migration failed' });
  await stack.agents.control('POST', 'faults', { command: '*', seq: at.seq, fault: 'TIMEOUT', effect: at.effect });
  // Recovery by a restart: the other replica must not take the job over first.
  if (at.recovery === 'RESTART') await other.process.stop();
  const created = await victim.graphql(MIGRATE, { input: await pingPongRequest(stack) });
  const jobId: string | undefined = created.data?.migrateVmWithStorage?.job?.id;
  if (!jobId) throw new Error(`crash run ${at.path}/${at.seq}: the migration was refused: ${JSON.stringify(created.errors)}`);

  const held = await heldCommand(stack, victim, jobId, at.seq);
  if (!held) {
    // The job ended before sending command `seq`: every boundary of this path is done.
    if (at.recovery === 'RESTART') await stack.restart(other);
    await stack.agents.control('DELETE', 'faults');
    return null;
  }
  await victim.process.kill();
  const survivor = at.recovery === 'RESTART' ? await stack.restart(victim) : other;
  const ended = await jobEnd(survivor, jobId);
  if (at.recovery === 'RESTART') await stack.restart(other);
  else await stack.restart(victim);
  await stack.agents.control('DELETE', 'faults');
  return {
    ...at,
    command: held.name,
    status: ended.status,
    errorCode: ended.error?.code ?? null,
    violations: await checkInvariants(stack.db, stack.agents, baseline),
  };
}

/** web-01 to whichever of kvm-a1/kvm-a2 it is not on, each volume to whichever of nfs-a1/nfs-a2 it is not on. */
async function pingPongRequest(stack: ChaosStack): Promise<MigrationInput> {
  const handles = demoHandles();
  const q = (sql: string, params: unknown[]) => stack.db.dataSource.query<any[]>(sql, params);
  const [vm] = await q('SELECT v.id, h.uuid AS host FROM vm_instance v JOIN host h ON h.id = v.host_id WHERE v.uuid = ?', [handles.vms['web-01']]);
  const volumes = await q(
    'SELECT v.uuid, p.uuid AS pool FROM volumes v JOIN storage_pool p ON p.id = v.pool_id WHERE v.instance_id = ? AND v.removed IS NULL ORDER BY v.device_id',
    [vm.id],
  );
  const [a1, a2, n1, n2] = [handles.hosts['kvm-a1'], handles.hosts['kvm-a2'], handles.pools['nfs-a1'], handles.pools['nfs-a2']];
  return {
    vmId: handles.vms['web-01'],
    destinationHostId: vm.host === a1 ? a2 : a1,
    volumes: volumes.map((v) => ({ volumeId: v.uuid, destinationPoolId: v.pool === n1 ? n2 : n1 })),
  };
}

/** Waits until the agent server holds the job's command `seq`; null when the job ended first. */
async function heldCommand(stack: ChaosStack, gateway: ChaosGateway, jobId: string, seq: number): Promise<AgentLogEntry | null> {
  for (;;) {
    const log = (await stack.agents.control<{ entries: AgentLogEntry[] }>('GET', 'log')).entries;
    const held = log.find((e) => e.origin?.jobId === jobId && e.origin.seq === seq);
    if (held) return held;
    const job = (await gateway.graphql(JOB, { id: jobId })).data?.migrationJob;
    if (job && (job.status === 'SUCCEEDED' || job.status === 'FAILED')) return null;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function jobEnd(gateway: ChaosGateway, jobId: string, timeoutMs = 60_000): Promise<{ status: string; error: { code: string } | null }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const job = (await gateway.graphql(JOB, { id: jobId })).data?.migrationJob;
    if (job && (job.status === 'SUCCEEDED' || job.status === 'FAILED')) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { status: 'NOT_ENDED', error: null };
}
