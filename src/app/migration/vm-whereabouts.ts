import { definitivePowerState, fillHoles, MigrationFailure } from '../../domain/migration';
import type { AgentSession } from './agent-session';
import { delay } from './delay';
import { type ExecutionFrame } from './execution-frame';

/** Where a VM runs after a MigrateCommand whose answer was lost. */
export type VmWhereabouts = 'DESTINATION' | 'NOT_DESTINATION' | 'UNKNOWN';

/** At least this many rounds of CheckVirtualMachine, whatever the deadline. */
const MIN_ROUNDS = 3;
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 30_000;

/**
 * R29 after a MigrateCommand whose answer never came: CloudStack asks the destination host once, and
 * only after a timeout. The gateway asks after every lost answer (no answer, timeout, connection lost
 * once the request may have left: the migration may have happened all the same), and keeps asking
 * (CheckVirtualMachine is idempotent) until a host answers definitively or CloudStack's agent `wait`
 * has passed: a rollback deletes the destination disks, which must never be the disks the VM now
 * runs on. A successful PowerOn on the destination is a migration that happened, PowerOff one that
 * did not; without a definitive answer from it, a VM the source still runs did not move either.
 */
export async function locateVm(frame: ExecutionFrame, session: AgentSession): Promise<VmWhereabouts> {
  const check = fillHoles(frame.plan.end!.check, frame.values);
  const deadline = Date.now() + check.wait * 1000;
  for (let round = 1, waitMs = FIRST_RETRY_MS; ; round += 1, waitMs = Math.min(waitMs * 2, MAX_RETRY_MS)) {
    const destination = definitivePowerState(await session.send(frame, frame.destinationHost, check));
    if (destination === 'PowerOn') return 'DESTINATION';
    if (destination === 'PowerOff') return 'NOT_DESTINATION';
    const source = frame.sourceHost ? definitivePowerState(await session.send(frame, frame.sourceHost, check)) : null;
    if (source === 'PowerOn') return 'NOT_DESTINATION';
    if (round >= MIN_ROUNDS && Date.now() >= deadline) return 'UNKNOWN';
    await delay(waitMs);
  }
}

/**
 * Neither host tells where the VM runs after its MigrateCommand: the job ends FAILED without touching
 * the agents (a rollback would delete disks the VM may run on); an operator must look.
 */
export function outcomeUnknown(frame: ExecutionFrame): MigrationFailure {
  return new MigrationFailure(
    'MIGRATION_OUTCOME_UNKNOWN',
    `The answer to the MigrateCommand was lost and neither the destination host ${frame.destinationHost.uuid} nor the source host ` +
      `${frame.sourceHost?.uuid ?? 'none'} says where ${frame.vm.instanceName} runs; its disks on both pools were left as they are: check the hosts before migrating it again.`,
  );
}
