import type { CheckVirtualMachineAnswerBody } from '../../domain/agent/command-bodies';
import type { AgentOutcome } from '../../domain/agent/agent-command';
import { delay } from './delay';

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
 * (CheckVirtualMachine is idempotent) until a host answers definitively or `deadline` passes: a
 * rollback deletes the destination disks, which must never be the disks the VM now runs on.
 * A successful PowerOn on the destination is a migration that happened, PowerOff one that did not;
 * without a definitive answer from it, a VM the source still runs did not move either.
 */
export async function locateMigratedVm(check: (where: 'DESTINATION' | 'SOURCE') => Promise<AgentOutcome>, deadline: number): Promise<VmWhereabouts> {
  for (let round = 1, waitMs = FIRST_RETRY_MS; ; round += 1, waitMs = Math.min(waitMs * 2, MAX_RETRY_MS)) {
    const destination = powerState(await check('DESTINATION'));
    if (destination === 'PowerOn') return 'DESTINATION';
    if (destination === 'PowerOff') return 'NOT_DESTINATION';
    if (powerState(await check('SOURCE')) === 'PowerOn') return 'NOT_DESTINATION';
    if (round >= MIN_ROUNDS && Date.now() >= deadline) return 'UNKNOWN';
    await delay(waitMs);
  }
}

/** The power state a definitive answer gives; null for a failed or lost answer, or "Unknown". */
function powerState(outcome: AgentOutcome): string | null {
  if (outcome.kind !== 'ANSWERED' || !outcome.answer.result) return null;
  const state = (outcome.answer.body as Partial<CheckVirtualMachineAnswerBody>).state;
  return state === 'PowerOn' || state === 'PowerOff' ? state : null;
}
