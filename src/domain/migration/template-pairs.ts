import type { MigrationPlan } from './migration-plan';

/** A (destination pool, template) pair a plan stages a template onto or writes an R21 reference for. */
export interface TemplatePairUse {
  poolId: number;
  templateId: number;
  /** The last entry (map order) that touches the pair: once it is done the pair is no longer needed. */
  lastEntryIndex: number;
}

/**
 * The pairs whose `template_spool_ref` row the plan reads and then writes: R14/R15 staging and
 * R21 inserts or updates. Concurrent migrations must decide and act on such a pair one at a time
 * (reference §12 "Concurrency"), so a job plans and acts on them while it holds them. In pair order
 * (pool, then template): every job takes them in the same order.
 */
export function templatePairsOf(plan: MigrationPlan, templateIdOfVolume: (volumeId: number) => number | null): TemplatePairUse[] {
  const pairs = new Map<string, TemplatePairUse>();
  for (const entry of plan.entries) {
    const staging = entry.templateStaging.kind === 'COPY_FROM_IMAGE_STORE' || entry.templateStaging.kind === 'DIRECT_DOWNLOAD';
    const writesRef = entry.templateRefAction.kind === 'INSERT' || entry.templateRefAction.kind === 'UPDATE';
    const templateId = templateIdOfVolume(entry.volumeId);
    if ((!staging && !writesRef) || templateId === null || entry.destinationPoolId === null) continue;
    pairs.set(`${entry.destinationPoolId}:${templateId}`, { poolId: entry.destinationPoolId, templateId, lastEntryIndex: entry.index });
  }
  return [...pairs.values()].sort((a, b) => a.poolId - b.poolId || a.templateId - b.templateId);
}

/** Whether two pair lists (as templatePairsOf orders them) name the same pairs. */
export function samePairs(a: readonly TemplatePairUse[], b: readonly TemplatePairUse[]): boolean {
  return a.length === b.length && a.every((pair, i) => pair.poolId === b[i].poolId && pair.templateId === b[i].templateId);
}
