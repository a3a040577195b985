import { BadUserInputError, NotFoundError } from '../../domain/errors';
import {
  findMigrationTargets,
  findStoragePoolsForMigration,
  type MigrationTargetsAnswer,
  type PoolPlanDecision,
  PoolPlanner,
  type PoolTarget,
  type TargetPolicy,
} from '../../domain/targets';
import type { MigrationTargetsReader } from '../ports/migration-targets-reader';

/** An answer of `migrationTargets`, and what `migrationPlan` would decide per host, volume and pool (on demand). */
export interface MigrationTargetsResult {
  answer: MigrationTargetsAnswer;
  planFor: (hostId: number, volumeId: number, poolId: number) => PoolPlanDecision;
}

/**
 * `migrationTargets` and `storagePoolsForMigration`: load one snapshot (a fixed number of
 * statements) and apply the rules. NOT_FOUND for an unknown VM or volume; T1-T4 refusals are
 * BAD_USER_INPUT with CloudStack's message and the reason code in `details.reason`.
 */
export class MigrationTargetsUseCase {
  constructor(
    private readonly reader: MigrationTargetsReader,
    private readonly policy: TargetPolicy,
  ) {}

  /** `hostUuids` limits the answer to those candidate hosts (the others are not read). */
  async forVm(vmUuid: string, hostUuids?: readonly string[]): Promise<MigrationTargetsResult> {
    const snapshot = await this.reader.forVm({ uuid: vmUuid }, hostUuids === undefined ? {} : { uuids: hostUuids });
    if (snapshot === null) throw new NotFoundError(`Virtual machine ${vmUuid} was not found.`);
    const outcome = findMigrationTargets(snapshot, this.policy);
    if (outcome.kind === 'REFUSED') {
      throw new BadUserInputError(outcome.reason.message, { argument: 'vmId', reason: outcome.reason.code });
    }
    const planner = new PoolPlanner(snapshot, outcome.answer);
    return { answer: outcome.answer, planFor: (hostId, volumeId, poolId) => planner.decide(hostId, volumeId, poolId) };
  }

  async forVolume(volumeUuid: string): Promise<PoolTarget[]> {
    const snapshot = await this.reader.forVolume(volumeUuid);
    if (snapshot === null) throw new NotFoundError(`Volume ${volumeUuid} was not found.`);
    return findStoragePoolsForMigration(snapshot);
  }
}
