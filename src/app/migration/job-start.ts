import { type MigrationPlan, type MigrationSnapshot, planMigration, samePairs, templatePairsOf, type TemplatePairUse } from '../../domain/migration';
import { MigrationFailure } from '../../domain/migration';
import type { MigrationBookkeeping } from '../ports/migration-bookkeeping';
import type { AgentSession } from './agent-session';
import { delay } from './delay';
import { loadMigrationSnapshot, type SnapshotReaders } from './load-migration-snapshot';
import type { MigrationJob } from './migration-job';

/** Backoff while another job holds a (pool, template) pair. */
const PAIR_RETRY_FIRST_MS = 50;
const PAIR_RETRY_MAX_MS = 1000;

/** The decision a job carries out, made when it starts, and the (pool, template) pairs it holds for it. */
export interface JobDecision {
  snapshot: MigrationSnapshot;
  plan: MigrationPlan;
  pairs: TemplatePairUse[];
}

/** The (pool, template) pairs a decision stages or writes R21 for (none for a blocked plan). */
export function pairsNeeded({ snapshot, plan }: Omit<JobDecision, 'pairs'>): TemplatePairUse[] {
  if (plan.blockers.length) return [];
  const volumes = new Map(snapshot.entries.map((e) => [e.volume.id, e.volume]));
  return templatePairsOf(plan, (id) => volumes.get(id)?.templateId ?? null);
}

/**
 * Decides the migration while holding the (pool, template) pairs it stages or writes R21 for
 * (reference §12 "Concurrency"): plan, take the pairs the plan touches (all or none), plan again
 * under them (the references may have changed meanwhile), until the pairs held are the pairs the
 * plan touches. Another job holding one means waiting for it, at most the staging wait. A plan
 * that touches no pair (the common case) costs nothing more. The job's uuids (R16) are kept.
 */
export async function decideHoldingTemplatePairs(
  deps: { readers: SnapshotReaders; bookkeeping: MigrationBookkeeping },
  job: MigrationJob,
  session: AgentSession,
): Promise<JobDecision> {
  const uuids = job.plan?.entries.map((e) => e.destinationVolumeUuid ?? '') ?? [];
  let held: TemplatePairUse[] = [];
  let deadline: number | null = null;
  for (let delayMs = PAIR_RETRY_FIRST_MS; ;) {
    const snapshot = await loadMigrationSnapshot(deps.readers, job.request, uuids);
    const plan = planMigration(snapshot);
    const needed = pairsNeeded({ snapshot, plan });
    if (samePairs(needed, held)) return { snapshot, plan, pairs: held };
    if (held.length) await deps.bookkeeping.unlockTemplatePairs(job.id, held);
    held = [];
    if ((await deps.bookkeeping.lockTemplatePairs(job.id, needed)) === 'HELD') {
      held = needed;
      continue;
    }
    const waitSeconds = snapshot.settings.primaryStorageDownloadWaitSeconds;
    deadline ??= Date.now() + waitSeconds * 1000;
    if (Date.now() > deadline) {
      throw new MigrationFailure(
        'TEMPLATE_STAGING_BUSY',
        `Gave up after ${waitSeconds} s waiting for other migrations staging the same template on the same destination pool.`,
      );
    }
    await session.ensureLease();
    await delay(delayMs);
    delayMs = Math.min(delayMs * 2, PAIR_RETRY_MAX_MS);
  }
}
