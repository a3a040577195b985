import type { MigrationOptionsTO } from '../agent/command-bodies';
import type { MigrationAgentCommand } from './commands/typed-agent-command';
import type { CommandHole } from './execution/command-holes';
import type { MigrationBlocker } from './migration-blocker';

/** R2: which KVM storage-motion strategy handles the request. */
export type MigrationStrategy = 'MANAGED' | 'NON_MANAGED';

export type StrategyReason =
  /** R2: a source or destination pool is managed (StorageSystemDataMotionStrategy). */
  | 'MANAGED_POOL_IN_REQUEST'
  /** R2 (a): distinct hosts of one cluster, first entry NFS -> cluster-scoped NFS. */
  | 'NFS_SAME_CLUSTER_FIRST_ENTRY'
  /** R2 (b): every source pool is a file pool. */
  | 'ALL_SOURCE_POOLS_FILE_BASED'
  | 'VM_NOT_ON_A_HOST'
  | 'SOURCE_HOST_NOT_KVM'
  /** R2: "Can't find strategy to move data". */
  | 'NO_MATCHING_STRATEGY';

/** Why an entry is not migrated (R7, R8). */
export type SkipReason = 'SAME_POOL_POWERFLEX' | 'SOURCE_POOL_NOT_FILE_BASED';

export type CloneMode = 'LINKED_CLONE' | 'FULL_CLONE';

export type CloneModeReason =
  /** R10 step 1 (R10a): a migrated direct-download volume forces full clones. */
  | 'FORCED_BY_DIRECT_DOWNLOAD'
  /** R10 step 2, first unmet condition in the order below. */
  | 'VOLUME_HAS_NO_TEMPLATE'
  | 'NO_BACKING_FILE'
  | 'DESTINATION_POOL_NOT_FILE_BASED'
  | 'VM_TEMPLATE_MISSING'
  | 'VM_IMPORT_DUMMY_TEMPLATE'
  /** All R10 step 2 conditions hold. */
  | 'LINKED_CLONE'
  /** A pool row of the entry is missing (R5 blocker): nothing could be decided. */
  | 'POOL_MISSING';

/** R13-R15: how the volume's template reaches the destination pool before the disk is created. */
export type TemplateStaging =
  | { kind: 'NONE' }
  | { kind: 'EXISTING_REFERENCE' }
  | { kind: 'COPY_FROM_IMAGE_STORE'; imageStoreId: number; templateStoreRefId: number }
  | { kind: 'DIRECT_DOWNLOAD' }
  | { kind: 'NO_IMAGE_STORE'; reason: 'NO_IMAGE_STORE_IN_ZONE' | 'TEMPLATE_NOT_ON_ANY_IMAGE_STORE' };

/** R21: what happens to `template_spool_ref` (destination pool, template) after the disk is created. */
export type TemplateRefAction =
  | { kind: 'NONE' }
  | { kind: 'INSERT' }
  /**
   * Update in place. `templatePoolRefId` is null when the row is itself inserted earlier in this
   * job (by the template staging of entry `createdByEntryIndex`): its id exists only after execution.
   */
  | { kind: 'UPDATE'; templatePoolRefId: number | null; createdByEntryIndex: number | null }
  | { kind: 'FAIL_SOURCE_REFERENCE_MISSING'; sourcePoolId: number; templateId: number };

/** R24: the MigrateDiskInfo of a migrated volume as far as the plan knows it. */
export interface MigrateDiskInfoPlan {
  /** Source volume `path`: the `migrateStorage` key. */
  serialNumber: string | null;
  diskType: 'file' | 'block';
  driverType: 'qcow2' | 'raw';
  source: 'file' | 'dev';
  /** Destination disk path; null when it comes from the ModifyTargetsAnswer (R23 managed, R24 NFS). */
  sourceText: string | null;
  backingStoreText: string | null;
  isSourceDiskOnStorageFileSystem: boolean;
  inMigrateDiskInfoList: boolean;
}

export interface MigrationPlanEntry {
  /** Position in the request (input order). */
  index: number;
  volumeId: number;
  sourcePoolId: number | null;
  /** Null when no pool has the requested uuid (R5 blocker DESTINATION_POOL_MISSING). */
  destinationPoolId: number | null;
  skipped: boolean;
  skipReason: SkipReason | null;
  skipMessage: string | null;
  /** R35 flag; null when skipped or unresolved: it is never read for those. */
  directDownload: boolean | null;
  cloneMode: CloneMode | null;
  cloneModeReason: CloneModeReason | null;
  /** R11 backing file of the source volume; null when none or when R10 step 1 short-circuits. */
  sourceBackingFile: string | null;
  templateStaging: TemplateStaging;
  /** R18; null when skipped or when the destination pool is managed. */
  migrationOptions: MigrationOptionsTO | null;
  /** R18 LinkedClone `copySrcTemplate`; null without linked-clone options. */
  copySrcTemplate: boolean | null;
  /** R18 LinkedClone `srcBackingFilePath`; null without linked-clone options. */
  backingFile: string | null;
  templateRefAction: TemplateRefAction;
  /** R16 uuid of the new row (or the `{destinationVolumeUuid}` placeholder); null when not migrated. */
  destinationVolumeUuid: string | null;
  /** R23: non-managed `<pool.path>/<uuid>`; null when managed (known after ModifyTargets) or not migrated. */
  destinationPath: string | null;
  /** R23 managed / R24 non-managed to NFS: a ModifyTargetsCommand add=true connects the new disk. */
  needsModifyTargets: boolean;
  migrateDiskInfo: MigrateDiskInfoPlan | null;
}

/** §8 step numbers of the success path (1-5), of its end on success (6: R29 check, R30 expunge) and of the R31/R32 cleanup (7). */
export type PlanStep = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type CommandTarget = 'SOURCE_HOST' | 'DESTINATION_HOST';

/** One agent command as the plan composed it, with the typed holes the run fills. */
export type PlannedCommand = MigrationAgentCommand & {
  step: PlanStep;
  target: CommandTarget;
  /** The request entry the command belongs to; null for the VM-wide commands (steps 4, 5). */
  entryIndex: number | null;
  /** Values only the run knows, and where they go in the body (the body shows placeholders there). */
  holes: CommandHole[];
};

/** The commands of the migration's end, composed with the success path (planEndCommands). */
export interface EndCommands {
  /** R29 CheckVirtualMachineCommand after a MigrateCommand whose answer was lost. */
  check: PlannedCommand;
  /** R30 step 7: the expunge of each migrated source disk, in map order. */
  completion: PlannedCommand[];
  /** R31 step 1: PrepareForMigration with rollback = true. */
  rollbackPrepare: PlannedCommand;
  /** R31 step 2 / R32 per migrated entry, in map order: the disconnect and the delete of its disk. */
  cleanup: { entryIndex: number; disconnect: PlannedCommand; deleteDisk: PlannedCommand }[];
}

export interface MigrationPlan {
  vmId: number;
  sourceHostId: number | null;
  destinationHostId: number;
  /** In rule order; non-empty means the request must be refused. */
  blockers: MigrationBlocker[];
  strategy: MigrationStrategy | null;
  strategyReason: StrategyReason;
  /** R10a. */
  forceFullClone: boolean;
  /** R10a: the non-skipped direct-download volumes that forced it, in input order. */
  forcedByVolumeIds: number[];
  /** R12. */
  migrateNonSharedInc: boolean;
  /** R28. */
  migrateStorageManaged: boolean;
  /** R27. */
  isWindows: boolean;
  autoConvergence: boolean;
  /** R28 MigrateCommand wait (`kvm.storage.online.migration.wait`). */
  migrateWaitSeconds: number;
  /** §8 "Waits": configuration `wait`, the wait of every command without a setting of its own. */
  agentWaitSeconds: number;
  entries: MigrationPlanEntry[];
  /** Empty when there are blockers: a refused request sends nothing. */
  commands: PlannedCommand[];
  /** Null when there are blockers. */
  end: EndCommands | null;
}
