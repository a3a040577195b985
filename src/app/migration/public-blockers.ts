import { MigrationBlockerCode, type MigrationPlan } from '../../domain/migration';
import type { MigrationRequest } from './migration-request';

/**
 * R5 names a missing destination pool by the id it was asked for. The planner only knows the
 * stand-in id the snapshot gave a pool row that does not exist (see loadMigrationSnapshot), so the
 * message is rewritten with the uuid from the request: numeric ids never reach the API.
 */
export function withRequestedPoolIds(plan: MigrationPlan, request: MigrationRequest): MigrationPlan {
  if (!plan.blockers.some((b) => b.code === MigrationBlockerCode.DestinationPoolMissing)) return plan;
  const blockers = plan.blockers.map((blocker) => {
    if (blocker.code !== MigrationBlockerCode.DestinationPoolMissing || blocker.poolId === undefined) return blocker;
    const entry = plan.entries.find((e) => e.destinationPoolId === blocker.poolId);
    const uuid = entry && request.volumes[entry.index]?.destinationPoolUuid;
    return uuid ? { ...blocker, message: blocker.message.replace(`ID ${blocker.poolId}`, `ID ${uuid}`) } : blocker;
  });
  return { ...plan, blockers };
}
