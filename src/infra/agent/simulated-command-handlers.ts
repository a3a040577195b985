import { AgentCommandName } from '../../domain/agent/agent-command';
import type { CommandHandler } from './command-handler';
import { handleMigrate } from './handlers/migrate-command';
import { handleModifyTargets } from './handlers/target-commands';
import { handleCopy, handleDirectDownload } from './handlers/template-commands';
import { handleCheckVirtualMachine, handlePrepareForMigration } from './handlers/vm-commands';
import { handleCreateObject, handleDelete } from './handlers/volume-commands';

/** The commands a simulated KVM agent understands, by command class name. */
export const SIMULATED_COMMAND_HANDLERS: Readonly<Record<string, CommandHandler>> = {
  [AgentCommandName.Copy]: handleCopy,
  [AgentCommandName.DirectDownload]: handleDirectDownload,
  [AgentCommandName.CreateObject]: handleCreateObject,
  [AgentCommandName.ModifyTargets]: handleModifyTargets,
  [AgentCommandName.PrepareForMigration]: handlePrepareForMigration,
  [AgentCommandName.Migrate]: handleMigrate,
  [AgentCommandName.CheckVirtualMachine]: handleCheckVirtualMachine,
  [AgentCommandName.Delete]: handleDelete,
};
