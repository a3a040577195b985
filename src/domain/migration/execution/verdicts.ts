import type { AgentOutcome } from '../../agent/agent-command';
import { connectedPaths, copiedTemplate, createdVolumePath, downloadedTemplate, newVmCpuShares } from './agent-answers';
import { failureCodeOf, isSuccess, MigrationFailure, outcomeDetails } from './migration-failure';

/**
 * How CloudStack judges each command's outcome in the migration (R14-R29), as pure functions: the
 * value the run goes on with, or the failure with CloudStack's message. The executor sends, asks
 * the verdict, and records; it decides nothing itself.
 */

/** What a staging command left on the pool, for its template_spool_ref row; `ignored`: R15 logs a failed copy and goes on. */
export type StagingVerdict = { kind: 'STAGED'; installPath: string; templateSize: number } | { kind: 'IGNORED'; warning: string };

/** R15 CopyCommand: a failed answer is only logged; agent unavailable or timeout is a hard failure. */
export function copyVerdict(
  outcome: AgentOutcome,
  labels: { template: string; pool: string; plannedPath: string | null; plannedSize: number | null },
): StagingVerdict {
  const failed = `Failed to copy template [${labels.template}] to the primary storage pool [${labels.pool}].`;
  if (outcome.kind === 'TIMEOUT' || outcome.kind === 'UNREACHABLE') throw new MigrationFailure(failureCodeOf(outcome), `${failed} ${outcomeDetails(outcome)}`);
  if (!isSuccess(outcome)) return { kind: 'IGNORED', warning: `${failed} Details: ${outcomeDetails(outcome)}` };
  const copied = copiedTemplate(outcome.answer.body);
  const installPath = copied.path ?? labels.plannedPath ?? '';
  return { kind: 'STAGED', installPath, templateSize: copied.size ?? labels.plannedSize ?? 0 };
}

/** R14 DirectDownloadCommand: any failure fails the migration; the agent names the file. */
export function directDownloadVerdict(outcome: AgentOutcome, labels: { template: string; pool: string }): StagingVerdict {
  if (!isSuccess(outcome)) {
    throw new MigrationFailure(
      failureCodeOf(outcome),
      `Failed to download template [${labels.template}] to the primary storage pool [${labels.pool}]: ${outcomeDetails(outcome)}`,
    );
  }
  const downloaded = downloadedTemplate(outcome.answer.body);
  return { kind: 'STAGED', installPath: downloaded.installPath ?? '', templateSize: downloaded.templateSize ?? 0 };
}

/**
 * R19/R20 CreateObjectCommand: the R20 identifier (a managed pool's driver names the volume,
 * elsewhere the uuid). A failure fails the migration; `mayExist` says a lost answer may have made
 * the disk all the same (R32 then deletes it rather than leave an orphan on the pool).
 */
export function createDiskVerdict(outcome: AgentOutcome, labels: { uuid: string; pool: string; managed: boolean }): { identifier: string } {
  if (!isSuccess(outcome)) {
    throw new CreateDiskFailure(
      failureCodeOf(outcome),
      `Failed to create the destination volume [${labels.uuid}] on the primary storage pool [${labels.pool}]: ${outcomeDetails(outcome)}`,
      outcome.kind !== 'ANSWERED',
    );
  }
  return { identifier: labels.managed ? (createdVolumePath(outcome.answer.body) ?? labels.uuid) : labels.uuid };
}

/** A failed CreateObjectCommand, and whether its disk may exist anyway (its answer was lost). */
export class CreateDiskFailure extends MigrationFailure {
  constructor(
    code: MigrationFailure['code'],
    message: string,
    readonly mayExist: boolean,
  ) {
    super(code, message);
  }
}

/** R25 [PR] ModifyTargetsCommand add=true: any failure keeps the agent's details; no connected path fails clearly. */
export function connectVerdict(outcome: AgentOutcome, labels: { host: string; identifier: string }): { connectedPath: string } {
  if (outcome.kind !== 'ANSWERED') {
    // "Easy send": transport failures come back as a null answer; the reason is kept.
    const reason = outcome.kind === 'NO_ANSWER' ? '' : ` (${outcomeDetails(outcome)})`;
    throw new MigrationFailure(failureCodeOf(outcome), `Unable to get an answer to the modify targets command${reason}`);
  }
  if (!outcome.answer.result) {
    throw new MigrationFailure('AGENT_COMMAND_FAILED', `Unable to modify targets on the following host: ${labels.host}. Details: ${outcomeDetails(outcome)}`);
  }
  const [first] = connectedPaths(outcome.answer.body);
  if (first === undefined)
    throw new MigrationFailure('NO_CONNECTED_PATH', `ModifyTargetsCommand on host ${labels.host}: no connected path was returned for ${labels.identifier}`);
  return { connectedPath: first };
}

/** R26 PrepareForMigrationCommand: null, failed and timed-out answers fail with CloudStack's messages. */
export function prepareVerdict(outcome: AgentOutcome): { newVmCpuShares: number | null } {
  if (!isSuccess(outcome)) {
    const message = outcome.kind === 'TIMEOUT' ? 'Operation timed out' : `Unable to prepare for migration due to the following: ${outcomeDetails(outcome)}`;
    throw new MigrationFailure(failureCodeOf(outcome), message);
  }
  return { newVmCpuShares: newVmCpuShares(outcome.answer.body) };
}

/**
 * R28 MigrateCommand: MIGRATED on success; a result=false answer is a migration that did not
 * happen (R31, the agent's details); a lost answer (no answer, timeout, connection lost) is LOST:
 * the migration may have happened, so where the VM runs is asked first (R29).
 */
export function migrateVerdict(outcome: AgentOutcome): 'MIGRATED' | 'LOST' {
  if (outcome.kind === 'ANSWERED') {
    if (outcome.answer.result) return 'MIGRATED';
    throw new MigrationFailure('AGENT_COMMAND_FAILED', outcomeDetails(outcome));
  }
  return 'LOST';
}

/** R29 after a lost MigrateCommand answer when the VM is not on the destination: CloudStack's failure for that loss. */
export function lostMigrationFailure(
  outcome: AgentOutcome,
  labels: { sourceHost: string; destinationHost: string; vm: string; waitSeconds: number },
): MigrationFailure {
  if (outcome.kind === 'TIMEOUT') {
    return new MigrationFailure(
      'AGENT_TIMEOUT',
      `Operation timed out: no answer to the MigrateCommand from host ${labels.sourceHost} within ${labels.waitSeconds} s, and ${labels.vm} is not running on the destination host ${labels.destinationHost}`,
    );
  }
  if (outcome.kind === 'NO_ANSWER') return new MigrationFailure('AGENT_NO_ANSWER', 'Unable to get an answer to the migrate command');
  return new MigrationFailure(failureCodeOf(outcome), outcomeDetails(outcome));
}
