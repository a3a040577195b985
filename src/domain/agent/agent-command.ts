/**
 * CloudStack agent commands and answers as plain data (shared/contracts/agent-protocol.md).
 * `name` is the CloudStack class's simple name; `body` holds the command's fields in camelCase.
 */

export const AgentCommandName = {
  PrepareForMigration: 'PrepareForMigrationCommand',
  Copy: 'CopyCommand',
  DirectDownload: 'DirectDownloadCommand',
  CreateObject: 'CreateObjectCommand',
  ModifyTargets: 'ModifyTargetsCommand',
  Migrate: 'MigrateCommand',
  CheckVirtualMachine: 'CheckVirtualMachineCommand',
  Delete: 'DeleteCommand',
} as const;
export type AgentCommandName = (typeof AgentCommandName)[keyof typeof AgentCommandName];

export interface AgentCommand {
  name: AgentCommandName;
  /** Seconds the gateway waits for the answer. */
  wait: number;
  executeInSequence: boolean;
  body: Record<string, unknown>;
}

export interface AgentAnswer {
  /** e.g. `MigrateAnswer`, or the generic `Answer` when the agent's handler failed. */
  name: string;
  result: boolean;
  details: string | null;
  body: Record<string, unknown>;
}

/** The host an agent command goes to, as the transport needs it. */
export interface AgentHost {
  id: number;
  uuid: string | null;
  name: string;
  privateIpAddress: string;
}

/**
 * What the gateway saw for one command (contract: "Failure classes seen by the gateway").
 * ANSWERED covers both result=true and result=false answers.
 */
export type AgentOutcome =
  { kind: 'ANSWERED'; answer: AgentAnswer } | { kind: 'NO_ANSWER' } | { kind: 'TIMEOUT'; message: string } | { kind: 'UNREACHABLE'; message: string };
