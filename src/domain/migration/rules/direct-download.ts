import type { VolumeRecord } from '../../inventory/records';
import type { MigratedEntry } from '../resolved-entry';
import { findTemplateIncludingRemoved, type TemplateRows } from './template-lookup';

/**
 * R35 [PR]: a volume is direct-download backed when its template row, removed or not, has
 * `direct_download = 1`. No template id: no lookup, false. Row gone even including removed: false.
 */
function isDirectDownloadVolume(volume: Pick<VolumeRecord, 'templateId'>, templates: TemplateRows): boolean {
  return findTemplateIncludingRemoved(templates, volume.templateId)?.directDownload === true;
}

export interface FullCloneDecision {
  forceFullClone: boolean;
  /** Migrated direct-download volumes, in input order. */
  forcedByVolumeIds: number[];
  /** R35 flag per entry index, for the migrated entries only. */
  directDownloadByIndex: ReadonlyMap<number, boolean>;
}

/**
 * R10a [PR]: computed once, before the per-volume loop, over the entries R7/R8 do not skip. The
 * parameter type admits migrated entries only, so a skipped entry's flag cannot be read here; the
 * result is an OR, hence independent of entry order.
 */
export function decideForceFullClone(migrated: readonly MigratedEntry[], templates: TemplateRows): FullCloneDecision {
  const directDownloadByIndex = new Map<number, boolean>();
  const forcedByVolumeIds: number[] = [];
  for (const entry of migrated) {
    const directDownload = isDirectDownloadVolume(entry.volume, templates);
    directDownloadByIndex.set(entry.index, directDownload);
    if (directDownload && !forcedByVolumeIds.includes(entry.volume.id)) forcedByVolumeIds.push(entry.volume.id);
  }
  return { forceFullClone: forcedByVolumeIds.length > 0, forcedByVolumeIds, directDownloadByIndex };
}
