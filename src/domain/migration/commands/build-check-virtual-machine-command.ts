import { AgentCommandName } from '../../agent/agent-command';
import type { CheckVirtualMachineAgentCommand } from './typed-agent-command';

export interface CheckVirtualMachineCommandParams {
  /** `vm_instance.instance_name`. */
  vmName: string;
  /** CloudStack's global agent `wait` (configuration `wait`; reference §8 "Waits"). */
  waitSeconds: number;
}

/** R29 CheckVirtualMachineCommand (to the destination host) after a MigrateCommand timeout. */
export function buildCheckVirtualMachineCommand(params: CheckVirtualMachineCommandParams): CheckVirtualMachineAgentCommand {
  return {
    name: AgentCommandName.CheckVirtualMachine,
    wait: params.waitSeconds,
    executeInSequence: false,
    body: { vmName: params.vmName },
  };
}
