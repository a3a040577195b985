import { AgentCommandName, type AgentAnswer } from '../../domain/agent/agent-command';

/** Answer class the KVM agent replies with per command (DeleteCommand gets a plain `Answer`). */
const ANSWER_NAME_BY_COMMAND: Readonly<Record<string, string>> = {
  [AgentCommandName.PrepareForMigration]: 'PrepareForMigrationAnswer',
  [AgentCommandName.Copy]: 'CopyCmdAnswer',
  [AgentCommandName.DirectDownload]: 'DirectDownloadAnswer',
  [AgentCommandName.CreateObject]: 'CreateObjectAnswer',
  [AgentCommandName.ModifyTargets]: 'ModifyTargetsAnswer',
  [AgentCommandName.Migrate]: 'MigrateAnswer',
  [AgentCommandName.CheckVirtualMachine]: 'CheckVirtualMachineAnswer',
  [AgentCommandName.Delete]: 'Answer',
};

/** The specific answer class of a command, or `Answer` for one the agent does not know. */
export function answerNameFor(command: string): string {
  return ANSWER_NAME_BY_COMMAND[command] ?? 'Answer';
}

export function okAnswer(name: string, body: Record<string, unknown> = {}): AgentAnswer {
  return { name, result: true, details: null, body };
}

function failedAnswer(name: string, details: string): AgentAnswer {
  return { name, result: false, details, body: {} };
}

/** What the agent sends when a command handler throws: the generic class, whatever was expected. */
export function genericFailure(details: string): AgentAnswer {
  return failedAnswer('Answer', details);
}

/**
 * A failure raised inside a handler that the real agent reports in the command's own answer class
 * (e.g. `CreateObjectAnswer(e.toString())`); anything else a handler throws becomes a generic `Answer`.
 */
export class AgentCommandFailure extends Error {
  constructor(
    readonly answerName: string,
    details: string,
  ) {
    super(details);
    this.name = 'AgentCommandFailure';
  }
}
