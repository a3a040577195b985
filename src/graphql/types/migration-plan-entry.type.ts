import { Field, ID, Int, ObjectType } from 'type-graphql';
import type {
  MigrateDiskInfoPlan,
  MigrationPlanEntry as EntryRecord,
  TemplateRefAction as RefActionRecord,
  TemplateStaging as StagingRecord,
} from '../../domain/migration';
import { Placeholder } from '../../domain/migration';
import {
  CloneModeEnum,
  CloneModeReasonEnum,
  MigrationSkipReasonEnum,
  SKIP_REASON_TO_GRAPHQL,
  TemplateRefActionKindEnum,
  TemplateStagingKindEnum,
  TemplateStagingReasonEnum,
} from './migration-enums';

@ObjectType('TemplateStaging', {
  simpleResolvers: true,
  description: "R13-R15: how the volume's template reaches the destination pool before the disk is created.",
})
export class TemplateStaging {
  record: StagingRecord;
  @Field(() => TemplateStagingKindEnum) kind: string;
  @Field(() => TemplateStagingReasonEnum, { nullable: true, description: 'Why there is no copy (NO_IMAGE_STORE only).' }) reason: string | null;

  static from(record: StagingRecord): TemplateStaging {
    return Object.assign(new TemplateStaging(), { record, kind: record.kind, reason: record.kind === 'NO_IMAGE_STORE' ? record.reason : null });
  }
}

@ObjectType('TemplateRefAction', {
  simpleResolvers: true,
  description: 'R21: what happens to template_spool_ref (destination pool, template) after the disk is created.',
})
export class TemplateRefAction {
  record: RefActionRecord;
  @Field(() => TemplateRefActionKindEnum) kind: string;
  @Field(() => Int, {
    nullable: true,
    description: 'UPDATE of a reference this same job inserts first (template staging of the entry with this index).',
  })
  createdByEntryIndex: number | null;

  static from(record: RefActionRecord): TemplateRefAction {
    return Object.assign(new TemplateRefAction(), {
      record,
      kind: record.kind,
      createdByEntryIndex: record.kind === 'UPDATE' ? record.createdByEntryIndex : null,
    });
  }
}

@ObjectType('MigrateDiskInfo', {
  simpleResolvers: true,
  description: "R24: the libvirt disk description the MigrateCommand carries for a migrated volume (libvirt's own values).",
})
export class MigrateDiskInfo {
  @Field(() => String, { nullable: true, description: 'Source volume path: the key of MigrateCommand.migrateStorage.' }) serialNumber: string | null;
  @Field(() => String, { description: 'file | block' }) diskType: string;
  @Field(() => String, { description: 'qcow2 | raw' }) driverType: string;
  @Field(() => String, { description: 'file | dev' }) source: string;
  @Field(() => String, { nullable: true, description: 'Destination disk path; null when it comes from the ModifyTargetsAnswer at run time.' })
  sourceText: string | null;
  @Field(() => String, { nullable: true }) backingStoreText: string | null;
  @Field(() => Boolean) isSourceDiskOnStorageFileSystem: boolean;
  @Field(() => Boolean, { description: 'Part of MigrateCommand.migrateDiskInfoList (not only of migrateStorage).' }) inMigrateDiskInfoList: boolean;

  static from(record: MigrateDiskInfoPlan): MigrateDiskInfo {
    return Object.assign(new MigrateDiskInfo(), record);
  }
}

@ObjectType('MigrationPlanEntry', { simpleResolvers: true, description: 'The decision for one volume of the request, in input order.' })
export class MigrationPlanEntry {
  record: EntryRecord;
  /** The uuid the request named for this entry: after R30 it is carried by the destination row. */
  requestedVolumeUuid: string;
  /** The destination row the job created for this entry, if it did. */
  destinationRowId: number | null;
  @Field(() => Int, { description: 'Position in the request (input order).' }) index: number;
  @Field(() => Boolean, { description: 'R7/R8: the volume stays on its pool; it still goes Migrating -> Ready with the VM (R9).' }) skipped: boolean;
  @Field(() => MigrationSkipReasonEnum, { nullable: true }) skipReason: string | null;
  @Field(() => String, { nullable: true }) skipMessage: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: "R35: the volume's template is direct-download (removed templates included); null when skipped or undecided, as it is never read then.",
  })
  directDownload: boolean | null;
  @Field(() => CloneModeEnum, { nullable: true, description: 'Null when skipped or undecided.' }) cloneMode: string | null;
  @Field(() => CloneModeReasonEnum, { nullable: true }) cloneModeReason: string | null;
  @Field(() => Boolean, { nullable: true, description: 'R18 LinkedClone: the agent copies the source backing file into the destination pool.' })
  copySrcTemplate: boolean | null;
  @Field(() => String, { nullable: true, description: 'R18 LinkedClone srcBackingFilePath: the backing file the agent resolves in the source pool.' })
  backingFile: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'R11: install path of the template reference on the source pool; null when none or not looked up (forced full clone).',
  })
  sourceBackingFile: string | null;
  @Field(() => TemplateStaging) templateStaging: TemplateStaging;
  @Field(() => TemplateRefAction) templateRefAction: TemplateRefAction;
  @Field(() => ID, {
    nullable: true,
    description:
      'R16: the uuid the job generated for the destination volume row (null in a dry run). After success the row carries the ' +
      "requested volume's uuid instead (R30 uuid swap): read destinationVolume for the row itself.",
  })
  destinationVolumeId: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'R23: <pool path>/<volume uuid> on a non-managed destination ({destinationVolumeUuid} while unknown); null when managed (known after ModifyTargets) or not migrated.',
  })
  destinationPath: string | null;
  @Field(() => Boolean, { description: 'R23/R24: a ModifyTargetsCommand add=true connects the new disk on the destination host.' }) needsModifyTargets: boolean;
  @Field(() => MigrateDiskInfo, { nullable: true }) migrateDiskInfo: MigrateDiskInfo | null;

  static from(record: EntryRecord, requestedVolumeUuid: string, destinationRowId: number | null): MigrationPlanEntry {
    const destinationVolumeId = record.destinationVolumeUuid === Placeholder.destinationVolumeUuid ? null : record.destinationVolumeUuid;
    return Object.assign(new MigrationPlanEntry(), {
      record,
      requestedVolumeUuid,
      destinationRowId,
      index: record.index,
      skipped: record.skipped,
      skipReason: record.skipReason === null ? null : SKIP_REASON_TO_GRAPHQL[record.skipReason],
      skipMessage: record.skipMessage,
      directDownload: record.directDownload,
      cloneMode: record.cloneMode,
      cloneModeReason: record.cloneModeReason,
      copySrcTemplate: record.copySrcTemplate,
      backingFile: record.backingFile,
      sourceBackingFile: record.sourceBackingFile,
      templateStaging: TemplateStaging.from(record.templateStaging),
      templateRefAction: TemplateRefAction.from(record.templateRefAction),
      destinationVolumeId,
      destinationPath: record.destinationPath,
      needsModifyTargets: record.needsModifyTargets,
      migrateDiskInfo: record.migrateDiskInfo && MigrateDiskInfo.from(record.migrateDiskInfo),
    });
  }
}
