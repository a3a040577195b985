import type {
  CheckVirtualMachineAnswerBody,
  CheckVirtualMachineCommandBody,
  PrepareForMigrationAnswerBody,
  PrepareForMigrationCommandBody,
} from '../../../domain/agent/command-bodies';
import type { CommandHandler } from '../command-handler';
import { okAnswer } from '../simulated-answers';

/**
 * R26 PrepareForMigrationCommand on the destination: rollback=false readies the host for the domain
 * (MigrateCommand refuses a destination that was not prepared), rollback=true (R31) undoes that.
 */
export const handlePrepareForMigration: CommandHandler = (ctx, raw) => {
  const { vm, rollback } = raw as unknown as PrepareForMigrationCommandBody;
  if (rollback) ctx.host.prepared.delete(vm.name);
  else ctx.host.prepared.add(vm.name);
  const answer: PrepareForMigrationAnswerBody = { newVmCpuShares: ctx.host.prepareCpuShares };
  return okAnswer('PrepareForMigrationAnswer', { ...answer });
};

/** R29 CheckVirtualMachineCommand: PowerOn iff the domain runs on this host, unless a test overrode it. */
export const handleCheckVirtualMachine: CommandHandler = (ctx, raw) => {
  const { vmName } = raw as unknown as CheckVirtualMachineCommandBody;
  const state = ctx.host.powerOverrides.get(vmName) ?? (ctx.host.running.has(vmName) ? 'PowerOn' : 'PowerOff');
  const answer: CheckVirtualMachineAnswerBody = { state };
  return okAnswer('CheckVirtualMachineAnswer', { ...answer });
};
