import { AgentCommandName } from '../../agent/agent-command';
import { type CheckVirtualMachineAgentCommand, DEFAULT_COMMAND_WAIT_SECONDS } from './typed-agent-command';

export interface CheckVirtualMachineCommandParams {
  /** `vm_instance.instance_name`. */
  vmName: string;
  waitSeconds?: number;
}

/** R29 CheckVirtualMachineCommand (to the destination host) after a MigrateCommand timeout. */
export function buildCheckVirtualMachineCommand(
  params: CheckVirtualMachineCommandParams,
): CheckVirtualMachineAgentCommand {
  return {
    name: AgentCommandName.CheckVirtualMachine,
    wait: params.waitSeconds ?? DEFAULT_COMMAND_WAIT_SECONDS,
    executeInSequence: false,
    body: { vmName: params.vmName },
  };
}
