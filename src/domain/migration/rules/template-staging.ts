import { FILE_POOL_TYPES, VolumeType } from '../../inventory/cloudstack-values';
import type { ImageStoreRecord, TemplateStoreRefRecord } from '../../inventory/records';
import { copiedTemplateInstallPath } from '../commands/build-copy-command';
import type { MigrationStrategy, TemplateStaging } from '../migration-plan';
import { Placeholder } from '../placeholders';
import type { MigratedEntry } from '../resolved-entry';
import type { TemplatePoolRefLedger } from './template-pool-ref-ledger';
import { findActiveTemplate, type TemplateRows } from './template-lookup';

const READY_STATE = 'Ready';
const DOWNLOADED = 'DOWNLOADED';

export interface TemplateStagingContext {
  hooks: MigrationStrategy;
  templates: TemplateRows;
  imageStores: readonly ImageStoreRecord[];
  templateStoreRefs: readonly TemplateStoreRefRecord[];
  /** Receives the reference a staging creates, so later entries see it. */
  refs: TemplatePoolRefLedger;
}

/** The image store a CopyCommand reads the template from, with the template's row there. */
interface ImageStoreChoice {
  imageStore: ImageStoreRecord;
  templateStoreRef: TemplateStoreRefRecord;
}

/**
 * R13-R15, run only for a LinkedClone decision (R10 step 2) of the non-managed strategy
 * (the base strategy's hook does nothing).
 */
export function stageTemplate(entry: MigratedEntry, context: TemplateStagingContext): TemplateStaging {
  const { volume, destinationPool } = entry;
  if (context.hooks !== 'NON_MANAGED') return { kind: 'NONE' };
  // R13: only ROOT volumes with a template.
  if (volume.volumeType !== VolumeType.Root || volume.templateId === null) return { kind: 'NONE' };
  const template = findActiveTemplate(context.templates, volume.templateId);
  if (template === null) return { kind: 'NONE' };
  const existing = context.refs.find(destinationPool.id, template.id);
  if (existing !== null) return { kind: 'EXISTING_REFERENCE' };
  if (template.directDownload) {
    // R14: downloaded straight to the destination pool under an agent-generated name. Unreachable
    // with PR #13084 (a migrated DD volume forces full clones, R10a); kept as the baseline hook.
    context.refs.insert(destinationPool.id, template.id, Placeholder.stagedTemplateInstallPath, entry.index);
    return { kind: 'DIRECT_DOWNLOAD' };
  }
  if (!FILE_POOL_TYPES.has(destinationPool.poolType)) return { kind: 'NONE' };
  if (context.imageStores.length === 0) return { kind: 'NO_IMAGE_STORE', reason: 'NO_IMAGE_STORE_IN_ZONE' };
  const choice = chooseImageStore(template.id, context.imageStores, context.templateStoreRefs);
  if (choice === null) return { kind: 'NO_IMAGE_STORE', reason: 'TEMPLATE_NOT_ON_ANY_IMAGE_STORE' };
  // R15: a successful copy inserts the reference (the plan is the success path).
  context.refs.insert(destinationPool.id, template.id, copiedTemplateInstallPath(template), entry.index);
  return { kind: 'COPY_FROM_IMAGE_STORE', imageStoreId: choice.imageStore.id, templateStoreRefId: choice.templateStoreRef.id };
}

/**
 * R15: CloudStack picks a random image store of the zone, whether or not it holds the template (a
 * store without it makes the copy fail, which is only logged). The gateway picks deterministically:
 * the lowest-id store holding a ready copy of the template (lowest ref id within it), so a plan is
 * reproducible and never sends a copy bound to fail. No such store: no copy, same outcome as the
 * failed copy (no reference; the agent copies the source backing file, R18/R21).
 */
function chooseImageStore(
  templateId: number,
  imageStores: readonly ImageStoreRecord[],
  templateStoreRefs: readonly TemplateStoreRefRecord[],
): ImageStoreChoice | null {
  const storesById = [...imageStores].sort((a, b) => a.id - b.id);
  for (const imageStore of storesById) {
    const ready = templateStoreRefs.filter((ref) => ref.storeId === imageStore.id && ref.templateId === templateId && isReady(ref)).sort((a, b) => a.id - b.id);
    const templateStoreRef = ready[0];
    if (templateStoreRef !== undefined) return { imageStore, templateStoreRef };
  }
  return null;
}

function isReady(ref: TemplateStoreRefRecord): boolean {
  return ref.state === READY_STATE && ref.downloadState === DOWNLOADED && !ref.destroyed;
}
