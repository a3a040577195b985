import { AgentCommandName } from '../../agent/agent-command';
import type { VirtualMachineTO } from '../../agent/command-bodies';
import type { PrepareForMigrationAgentCommand } from './typed-agent-command';

export interface PrepareForMigrationCommandParams {
  /** VM transfer object with the R24 secret-consumer details on the moving disks. */
  vm: VirtualMachineTO;
  /** false before the migration (R26); true to undo it on the destination after a failure (R31). */
  rollback: boolean;
  /** CloudStack's global agent `wait` (configuration `wait`; reference §8 "Waits"). */
  waitSeconds: number;
}

/** R26/R31 PrepareForMigrationCommand (to the destination host), executed in sequence. */
export function buildPrepareForMigrationCommand(params: PrepareForMigrationCommandParams): PrepareForMigrationAgentCommand {
  return {
    name: AgentCommandName.PrepareForMigration,
    wait: params.waitSeconds,
    executeInSequence: true,
    body: { vm: params.vm, rollback: params.rollback },
  };
}
