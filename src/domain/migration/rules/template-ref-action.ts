import type { MigrationOptionsTO } from '../../agent/command-bodies';
import type { TemplateRefAction } from '../migration-plan';
import type { MigratedEntry } from '../resolved-entry';
import type { TemplatePoolRefLedger } from './template-pool-ref-ledger';

/**
 * R21 [PR] `postVolumeCreationActions`: only for LinkedClone options with `copySrcTemplate`, the
 * agent copied the source backing file into the destination pool, so the destination reference
 * must name it: update the existing row in place (never a duplicate), else insert; a missing source
 * reference is a clear failure (pre-PR: NullPointerException). The change is recorded in `refs`
 * because R24 and later entries read the reference afterwards.
 */
export function planTemplateRefAction(entry: MigratedEntry, options: MigrationOptionsTO | null, refs: TemplatePoolRefLedger): TemplateRefAction {
  const templateId = entry.volume.templateId;
  if (options?.type !== 'LinkedClone' || options.copySrcTemplate !== true || templateId === null) {
    return { kind: 'NONE' };
  }
  const sourceRef = refs.find(entry.sourcePool.id, templateId);
  if (sourceRef === null) {
    return { kind: 'FAIL_SOURCE_REFERENCE_MISSING', sourcePoolId: entry.sourcePool.id, templateId };
  }
  const destinationRef = refs.find(entry.destinationPool.id, templateId);
  if (destinationRef !== null) {
    refs.updateInstallPath(entry.destinationPool.id, templateId, sourceRef.installPath);
    return {
      kind: 'UPDATE',
      templatePoolRefId: destinationRef.refId,
      createdByEntryIndex: destinationRef.createdByEntryIndex,
    };
  }
  refs.insert(entry.destinationPool.id, templateId, sourceRef.installPath, entry.index);
  return { kind: 'INSERT' };
}

/** R21 [PR] failure text: names the problem and both ids, as the PR's tests expect. */
export function sourceReferenceMissingMessage(sourcePoolId: number, templateId: number): string {
  return `Unable to register the copied template: source template reference was not found for pool [${sourcePoolId}] and template [${templateId}].`;
}
