import { type AgentCommand, AgentCommandName } from '../../agent/agent-command';
import type {
  CheckVirtualMachineCommandBody,
  CopyCommandBody,
  CreateObjectCommandBody,
  DeleteCommandBody,
  DirectDownloadCommandBody,
  MigrateCommandBody,
  ModifyTargetsCommandBody,
  PrepareForMigrationCommandBody,
} from '../../agent/command-bodies';

/** An agent command whose body keeps its wire type (AgentCommand's body is untyped). */
interface TypedAgentCommand<N extends AgentCommandName, B> {
  name: N;
  /** Seconds the gateway waits for the answer. */
  wait: number;
  executeInSequence: boolean;
  body: B;
}

export type CopyAgentCommand = TypedAgentCommand<typeof AgentCommandName.Copy, CopyCommandBody>;
export type DirectDownloadAgentCommand = TypedAgentCommand<typeof AgentCommandName.DirectDownload, DirectDownloadCommandBody>;
export type CreateObjectAgentCommand = TypedAgentCommand<typeof AgentCommandName.CreateObject, CreateObjectCommandBody>;
export type ModifyTargetsAgentCommand = TypedAgentCommand<typeof AgentCommandName.ModifyTargets, ModifyTargetsCommandBody>;
export type PrepareForMigrationAgentCommand = TypedAgentCommand<typeof AgentCommandName.PrepareForMigration, PrepareForMigrationCommandBody>;
export type MigrateAgentCommand = TypedAgentCommand<typeof AgentCommandName.Migrate, MigrateCommandBody>;
export type CheckVirtualMachineAgentCommand = TypedAgentCommand<typeof AgentCommandName.CheckVirtualMachine, CheckVirtualMachineCommandBody>;
export type DeleteVolumeAgentCommand = TypedAgentCommand<typeof AgentCommandName.Delete, DeleteCommandBody>;

export type MigrationAgentCommand =
  | CopyAgentCommand
  | DirectDownloadAgentCommand
  | CreateObjectAgentCommand
  | ModifyTargetsAgentCommand
  | PrepareForMigrationAgentCommand
  | MigrateAgentCommand
  | CheckVirtualMachineAgentCommand
  | DeleteVolumeAgentCommand;

/** The untyped shape the AgentDispatcher port sends. */
export function toAgentCommand(command: MigrationAgentCommand): AgentCommand {
  return {
    name: command.name,
    wait: command.wait,
    executeInSequence: command.executeInSequence,
    body: command.body as unknown as Record<string, unknown>,
  };
}
