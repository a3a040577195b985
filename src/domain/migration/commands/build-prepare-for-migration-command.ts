import { AgentCommandName } from '../../agent/agent-command';
import type { VirtualMachineTO } from '../../agent/command-bodies';
import { DEFAULT_COMMAND_WAIT_SECONDS, type PrepareForMigrationAgentCommand } from './typed-agent-command';

export interface PrepareForMigrationCommandParams {
  /** VM transfer object with the R24 secret-consumer details on the moving disks. */
  vm: VirtualMachineTO;
  /** false before the migration (R26); true to undo it on the destination after a failure (R31). */
  rollback: boolean;
  waitSeconds?: number;
}

/** R26/R31 PrepareForMigrationCommand (to the destination host), executed in sequence. */
export function buildPrepareForMigrationCommand(
  params: PrepareForMigrationCommandParams,
): PrepareForMigrationAgentCommand {
  return {
    name: AgentCommandName.PrepareForMigration,
    wait: params.waitSeconds ?? DEFAULT_COMMAND_WAIT_SECONDS,
    executeInSequence: true,
    body: { vm: params.vm, rollback: params.rollback },
  };
}
