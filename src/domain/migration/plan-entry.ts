import type { VolumeRecord } from '../inventory/records';
import type { MigrationPlanEntry, MigrationStrategy } from './migration-plan';
import type { MigrationSnapshot } from './migration-snapshot';
import { Placeholder } from './placeholders';
import type { EntryDisposition, MigratedEntry, ResolvedEntry } from './resolved-entry';
import { type BackingFileContext, backingFileOf } from './rules/backing-file';
import { type CloneModeDecision, decideCloneMode, FORCED_FULL_CLONE } from './rules/clone-mode';
import { type DestinationDiskPlan, planDestinationDisk } from './rules/destination-disk';
import type { FullCloneDecision } from './rules/direct-download';
import { buildMigrationOptions } from './rules/migration-options';
import { planTemplateRefAction } from './rules/template-ref-action';
import { stageTemplate } from './rules/template-staging';
import type { TemplatePoolRefLedger } from './rules/template-pool-ref-ledger';

export interface EntryPlanContext {
  snapshot: MigrationSnapshot;
  hooks: MigrationStrategy;
  fullClone: FullCloneDecision;
  /** Shared across entries, mutated in map order (a later entry sees earlier copies, R15/R21). */
  refs: TemplatePoolRefLedger;
}

/** A migrated entry with what the command planning needs besides its trace. */
export interface MigratedEntryPlan {
  entry: MigratedEntry;
  trace: MigrationPlanEntry;
  destinationVolumeUuid: string;
  disk: DestinationDiskPlan;
}

const NOT_MIGRATED = {
  directDownload: null,
  cloneMode: null,
  cloneModeReason: null,
  sourceBackingFile: null,
  templateStaging: { kind: 'NONE' },
  migrationOptions: null,
  copySrcTemplate: null,
  backingFile: null,
  templateRefAction: { kind: 'NONE' },
  destinationVolumeUuid: null,
  destinationPath: null,
  needsModifyTargets: false,
  migrateDiskInfo: null,
} as const satisfies Partial<MigrationPlanEntry>;

/** R9: a skipped entry gets nothing; an unresolved one (R5 blocker) cannot be decided. */
export function planNotMigratedEntry(entry: ResolvedEntry, disposition: EntryDisposition): MigrationPlanEntry {
  const skipped = disposition.kind === 'SKIPPED';
  return {
    ...identity(entry.index, entry.volume, entry.destinationPoolId),
    ...NOT_MIGRATED,
    skipped,
    skipReason: skipped ? disposition.reason : null,
    skipMessage: skipped ? disposition.message : null,
    cloneModeReason: disposition.kind === 'UNRESOLVED' ? 'POOL_MISSING' : null,
  };
}

/** R10-R24 for one migrated entry, in CloudStack's loop order. */
export function planMigratedEntry(entry: MigratedEntry, context: EntryPlanContext): MigratedEntryPlan {
  const { snapshot, hooks, fullClone, refs } = context;
  const backingContext: BackingFileContext = { templates: snapshot.templates, clusters: snapshot.clusters, refs };

  // R10 step 1 (R10a): forced full clone short-circuits: no backing file, no template read, no staging.
  let decision: CloneModeDecision = FORCED_FULL_CLONE;
  let sourceBackingFile: string | null = null;
  let templateStaging: MigrationPlanEntry['templateStaging'] = { kind: 'NONE' };
  if (!fullClone.forceFullClone) {
    sourceBackingFile = backingFileOf(entry.volume.templateId, entry.sourcePool, backingContext); // R11
    decision = decideCloneMode(entry.volume, sourceBackingFile, entry.destinationPool, snapshot.vmTemplate);
    if (decision.cloneMode === 'LINKED_CLONE') {
      templateStaging = stageTemplate(entry, {
        hooks,
        templates: snapshot.templates,
        imageStores: snapshot.imageStores,
        templateStoreRefs: snapshot.templateStoreRefs,
        refs,
      }); // R13-R15
    }
  }

  const timeout = snapshot.settings.storageOnlineMigrationWaitSeconds;
  const migrationOptions = buildMigrationOptions(entry, decision.cloneMode, sourceBackingFile, refs, timeout); // R18
  const templateRefAction = planTemplateRefAction(entry, migrationOptions, refs); // R21
  const destinationVolumeUuid = snapshot.destinationVolumeUuids?.[entry.index] ?? Placeholder.destinationVolumeUuid;
  const disk = planDestinationDisk(entry, destinationVolumeUuid, hooks, backingContext); // R20, R23, R24
  const linked = migrationOptions?.type === 'LinkedClone' ? migrationOptions : null;

  const trace: MigrationPlanEntry = {
    ...identity(entry.index, entry.volume, entry.destinationPool.id),
    skipped: false,
    skipReason: null,
    skipMessage: null,
    directDownload: fullClone.directDownloadByIndex.get(entry.index) ?? false,
    cloneMode: decision.cloneMode,
    cloneModeReason: decision.reason,
    sourceBackingFile,
    templateStaging,
    migrationOptions,
    copySrcTemplate: linked?.copySrcTemplate ?? null,
    backingFile: linked?.srcBackingFilePath ?? null,
    templateRefAction,
    destinationVolumeUuid,
    destinationPath: disk.destinationPath,
    needsModifyTargets: disk.needsModifyTargets,
    migrateDiskInfo: disk.migrateDiskInfo,
  };
  return { entry, trace, destinationVolumeUuid, disk };
}

function identity(index: number, volume: VolumeRecord, destinationPoolId: number | null) {
  return { index, volumeId: volume.id, sourcePoolId: volume.poolId, destinationPoolId };
}
