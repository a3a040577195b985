import type { ChaosStack } from '../support/chaos-stack';
import { type MigrationInput, type Random, randomRequest } from '../support/fleet-view';

/** The fault kinds of the agent server (src/infra/agent/fault-script.ts) the run injects. */
const CHAOS_FAULTS = ['FAILED_ANSWER', 'FAILED_SPECIFIC', 'NO_ANSWER', 'TIMEOUT', 'LATE_ANSWER', 'HTTP_503', 'UNREACHABLE', 'EMPTY_CONNECTED_PATHS'] as const;
type ChaosFault = (typeof CHAOS_FAULTS)[number];

/** Commands a migration sends, with the host that receives each (§8). */
const COMMANDS_ON = {
  destination: ['CopyCommand', 'CreateObjectCommand', 'ModifyTargetsCommand', 'PrepareForMigrationCommand', 'CheckVirtualMachineCommand'],
  source: ['MigrateCommand', 'DeleteCommand'],
} as const;

export interface RandomMigrationsOptions {
  migrations: number;
  concurrency: number;
  /** Probability that a migration's request comes with one scripted fault on its hosts. */
  faultRate: number;
  random: Random;
  log: (line: string) => void;
}

export interface MigrationOutcome {
  jobId: string | null;
  /** Refused before a job existed (CONFLICT, MIGRATION_BLOCKED, ...): its code. */
  refusedWith: string | null;
  status: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  gateway: string;
}

const MIGRATE = `mutation Migrate($input: MigrateVmWithStorageInput!) { migrateVmWithStorage(input: $input) { job { id status } } }`;
const JOB = `query Job($id: ID!) { migrationJob(id: $id) { id status error { code message } } }`;

/**
 * Many migrations at once over two gateway replicas (alternating), each request built from the
 * database as it is then, some with a fault scripted on one of their hosts; as each job ends the
 * next starts, so `concurrency` migrations are always in flight.
 */
export async function runRandomMigrations(stack: ChaosStack, options: RandomMigrationsOptions): Promise<MigrationOutcome[]> {
  const hostIds = new Map<string, number>(
    (await stack.db.dataSource.query<{ id: number; uuid: string }[]>('SELECT id, uuid FROM host')).map((h) => [h.uuid, Number(h.id)]),
  );
  const vmHost = async (vmUuid: string) => Number((await stack.db.dataSource.query('SELECT host_id FROM vm_instance WHERE uuid = ?', [vmUuid]))[0].host_id);
  const busy = new Set<string>();
  const outcomes: MigrationOutcome[] = [];
  let started = 0;

  const one = async (input: MigrationInput, index: number) => {
    const gateway = stack.gateways[index % stack.gateways.length];
    if (options.random.chance(options.faultRate)) await injectFault(stack, options.random, hostIds.get(input.destinationHostId)!, await vmHost(input.vmId));
    const created = await gateway.graphql(MIGRATE, { input });
    const job = created.data?.migrateVmWithStorage?.job;
    if (!job) {
      const error = created.errors?.[0]?.extensions;
      const blockers = (error?.blockers as { code: string }[] | undefined)?.map((b) => b.code).join('+');
      outcomes.push({
        jobId: null,
        refusedWith: `${error?.code ?? 'UNKNOWN'}${blockers ? ` ${blockers}` : ''}`,
        status: null,
        errorCode: null,
        errorMessage: null,
        gateway: gateway.instanceId,
      });
      return;
    }
    for (;;) {
      const seen = await stack.gateways[(index + 1) % stack.gateways.length].graphql(JOB, { id: job.id });
      const status = seen.data?.migrationJob?.status;
      if (status === 'SUCCEEDED' || status === 'FAILED') {
        outcomes.push({
          jobId: job.id,
          refusedWith: null,
          status,
          errorCode: seen.data.migrationJob.error?.code ?? null,
          errorMessage: seen.data.migrationJob.error?.message ?? null,
          gateway: gateway.instanceId,
        });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const worker = async () => {
    while (started < options.migrations) {
      const input = await randomRequest(stack.db, options.random, busy);
      if (!input) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      const index = started++;
      busy.add(input.vmId);
      try {
        await one(input, index);
      } finally {
        busy.delete(input.vmId);
      }
      if (outcomes.length % 50 === 0) options.log(`  ${outcomes.length}/${options.migrations} migrations ended`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  await stack.agents.control('DELETE', 'faults');
  return outcomes;
}

async function injectFault(stack: ChaosStack, random: Random, destinationHostId: number, sourceHostId: number) {
  const fault: ChaosFault = random.pick(CHAOS_FAULTS);
  const onSource = fault !== 'EMPTY_CONNECTED_PATHS' && random.chance(0.35);
  const command = fault === 'EMPTY_CONNECTED_PATHS' ? 'ModifyTargetsCommand' : random.pick(onSource ? COMMANDS_ON.source : COMMANDS_ON.destination);
  const effect = fault === 'NO_ANSWER' || fault === 'TIMEOUT' || fault === 'UNREACHABLE' ? (random.chance(0.5) ? 'APPLIED' : 'NOT_APPLIED') : undefined;
  await stack.agents.control('POST', 'faults', {
    hostId: onSource ? sourceHostId : destinationHostId,
    command,
    fault,
    details: `chaos: ${fault} on ${command}`,
    ...(effect && { effect }),
  });
}
