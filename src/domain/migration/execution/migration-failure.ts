import type { AgentAnswer, AgentOutcome } from '../../agent/agent-command';

/** Stable codes of a failed job's error. */
export type MigrationErrorCode =
  /** An agent answered result=false (its details are in the message). */
  | 'AGENT_COMMAND_FAILED'
  /** An agent returned no answer. */
  | 'AGENT_NO_ANSWER'
  | 'AGENT_TIMEOUT'
  | 'AGENT_UNREACHABLE'
  /** R25 [PR]: ModifyTargets answered without a connected path. */
  | 'NO_CONNECTED_PATH'
  /** R21 [PR]: the source template reference of a linked clone is missing. */
  | 'SOURCE_TEMPLATE_REFERENCE_MISSING'
  /** A conditional state transition lost a race (CloudStack: "state has changed"). */
  | 'STATE_CHANGED'
  /** The gateway process running the job died; another process finished it. */
  | 'GATEWAY_INTERRUPTED'
  /** The MigrateCommand's answer was lost and no host says where the VM runs: the agents were left as they are. */
  | 'MIGRATION_OUTCOME_UNKNOWN'
  /** Another job held the (destination pool, template) pair for longer than the staging wait. */
  | 'TEMPLATE_STAGING_BUSY'
  | 'INTERNAL_ERROR';

/** A failed step of a migration: a stable code and CloudStack's message for it (before R33 wrapping). */
export class MigrationFailure extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MigrationFailure';
  }
}

/** The code a non-successful agent outcome maps to. */
export function failureCodeOf(outcome: AgentOutcome): MigrationErrorCode {
  switch (outcome.kind) {
    case 'ANSWERED':
      return 'AGENT_COMMAND_FAILED';
    case 'NO_ANSWER':
      return 'AGENT_NO_ANSWER';
    case 'TIMEOUT':
      return 'AGENT_TIMEOUT';
    case 'UNREACHABLE':
      return 'AGENT_UNREACHABLE';
  }
}

/** What an outcome says, for messages: the agent's details when it answered, else the transport's reason. */
export function outcomeDetails(outcome: AgentOutcome): string {
  switch (outcome.kind) {
    case 'ANSWERED':
      return outcome.answer.details ?? `${outcome.answer.name} returned result=false without details`;
    case 'NO_ANSWER':
      return 'null answer returned';
    case 'TIMEOUT':
      return 'Operation timed out';
    case 'UNREACHABLE':
      return outcome.message;
  }
}

/** An answer with result=true (narrowing to it keeps result=false answers in the other branch). */
export function isSuccess(outcome: AgentOutcome): outcome is { kind: 'ANSWERED'; answer: AgentAnswer & { result: true } } {
  return outcome.kind === 'ANSWERED' && outcome.answer.result;
}

export interface FailureContext {
  vmUuid: string;
  vmInstanceName: string;
  sourceHostUuid: string;
  destinationHostUuid: string;
  /** Every request entry, skipped ones included (R33). */
  entries: { volumeUuid: string; sourcePoolUuid: string; destinationPoolUuid: string }[];
}

/**
 * R33: the strategy's wrapping (listing every request entry, skipped ones too) and the
 * orchestrator's. Uuids stand where CloudStack prints ids: numeric ids never leave the gateway.
 */
export function wrapFailureMessage(context: FailureContext, cause: string): string {
  const volumes = context.entries.map((e) => `{volume: "${e.volumeUuid}", from: "${e.sourcePoolUuid}", to:"${e.destinationPoolUuid}"}`).join(',');
  const vm = `{vm: "${context.vmUuid}", from: "${context.sourceHostUuid}", to:"${context.destinationHostUuid}"}`;
  const strategy =
    `Copy volume(s) to storage(s) [${volumes}] and VM to host [${vm}] failed in ` + `StorageSystemDataMotionStrategy.copyAsync. Error message: [${cause}].`;
  return `Failed to migrate VM [${context.vmInstanceName}] along with its volumes due to [${strategy}].`;
}
