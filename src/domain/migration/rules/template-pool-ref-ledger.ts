import type { TemplatePoolRefRecord } from '../../inventory/records';

/** What a `template_spool_ref` lookup returns during planning. */
export interface PoolRefView {
  /** Row id; null for a row this plan inserts (its id exists only after execution). */
  refId: number | null;
  /** Entry whose staging or R21 action inserts the row; null for pre-existing rows. */
  createdByEntryIndex: number | null;
  installPath: string | null;
}

/**
 * The template references as the per-volume loop sees them: it starts from the database rows and
 * replays the inserts/updates earlier entries make (R15 copy, R14 download, R21), because a later
 * entry with the same template and destination pool reads the changed state.
 */
export class TemplatePoolRefLedger {
  private readonly rows = new Map<string, PoolRefView>();

  constructor(refs: readonly TemplatePoolRefRecord[]) {
    // CloudStack's findByPoolTemplate (no deployment option) takes the first row: lowest id wins.
    const byId = [...refs].sort((a, b) => a.id - b.id);
    for (const ref of byId) {
      const key = TemplatePoolRefLedger.key(ref.poolId, ref.templateId);
      if (!this.rows.has(key)) {
        this.rows.set(key, { refId: ref.id, createdByEntryIndex: null, installPath: ref.installPath });
      }
    }
  }

  find(poolId: number, templateId: number): PoolRefView | null {
    return this.rows.get(TemplatePoolRefLedger.key(poolId, templateId)) ?? null;
  }

  insert(poolId: number, templateId: number, installPath: string | null, entryIndex: number): void {
    this.rows.set(TemplatePoolRefLedger.key(poolId, templateId), {
      refId: null,
      createdByEntryIndex: entryIndex,
      installPath,
    });
  }

  /** R21 [PR]: update the found row in place (keeps its identity). */
  updateInstallPath(poolId: number, templateId: number, installPath: string | null): void {
    const existing = this.find(poolId, templateId);
    if (existing === null) throw new Error(`no template reference (pool ${poolId}, template ${templateId}) to update`);
    this.rows.set(TemplatePoolRefLedger.key(poolId, templateId), { ...existing, installPath });
  }

  private static key(poolId: number, templateId: number): string {
    return `${poolId}:${templateId}`;
  }
}
