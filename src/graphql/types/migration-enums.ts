import { registerEnumType } from 'type-graphql';
import type { AgentCommandOutcome, MigrationJobStatus as JobStatus } from '../../app/migration/migration-job';
import type {
  CloneMode,
  CloneModeReason,
  CommandTarget,
  MigrationErrorCode as JobErrorCode,
  MigrationStrategy,
  SkipReason,
  StrategyReason,
  TemplateRefAction,
  TemplateStaging,
} from '../../domain/migration';

/**
 * GraphQL enums of the migration decision trace and jobs. Each is keyed by the app/domain union it
 * shows (`satisfies Record<Union, ...>`), so a value added below fails to compile until added here,
 * instead of failing to serialize at runtime.
 */
function enumOf<T extends string>(values: Record<T, true>): Record<T, T> {
  return Object.fromEntries(Object.keys(values).map((v) => [v, v])) as Record<T, T>;
}

export const MigrationStrategyEnum = enumOf<MigrationStrategy>({ MANAGED: true, NON_MANAGED: true });
registerEnumType(MigrationStrategyEnum, {
  name: 'MigrationStrategy',
  description: 'R2: the KVM storage-motion strategy (StorageSystemDataMotionStrategy / KvmNonManagedStorageDataMotionStrategy).',
});

export const MigrationStrategyReasonEnum = enumOf<StrategyReason>({
  MANAGED_POOL_IN_REQUEST: true,
  NFS_SAME_CLUSTER_FIRST_ENTRY: true,
  ALL_SOURCE_POOLS_FILE_BASED: true,
  VM_NOT_ON_A_HOST: true,
  SOURCE_HOST_NOT_KVM: true,
  NO_MATCHING_STRATEGY: true,
});
registerEnumType(MigrationStrategyReasonEnum, {
  name: 'MigrationStrategyReason',
  description: 'Why R2 chose the strategy (or none).',
  valuesConfig: {
    MANAGED_POOL_IN_REQUEST: { description: 'A source or destination pool is managed.' },
    NFS_SAME_CLUSTER_FIRST_ENTRY: { description: 'R2 (a): distinct hosts of one cluster, first entry NFS to cluster-scoped NFS.' },
    ALL_SOURCE_POOLS_FILE_BASED: { description: 'R2 (b): every source pool is a file pool.' },
    NO_MATCHING_STRATEGY: { description: '"Can\'t find strategy to move data".' },
  },
});

/** The domain says SAME_POOL_POWERFLEX; the API spells CloudStack's `PowerFlex` as POWER_FLEX, like StoragePoolType. */
export const SKIP_REASON_TO_GRAPHQL = {
  SAME_POOL_POWERFLEX: 'SAME_POOL_POWER_FLEX',
  SOURCE_POOL_NOT_FILE_BASED: 'SOURCE_POOL_NOT_FILE_BASED',
} as const satisfies Record<SkipReason, string>;
export const MigrationSkipReasonEnum = { SAME_POOL_POWER_FLEX: 'SAME_POOL_POWER_FLEX', SOURCE_POOL_NOT_FILE_BASED: 'SOURCE_POOL_NOT_FILE_BASED' } as const;
registerEnumType(MigrationSkipReasonEnum, {
  name: 'MigrationSkipReason',
  description: 'Why an entry stays on its pool (R7, R8).',
  valuesConfig: {
    SAME_POOL_POWER_FLEX: { description: 'R7: source and destination are the same PowerFlex pool.' },
    SOURCE_POOL_NOT_FILE_BASED: { description: 'R8: the non-managed strategy moves only volumes on file pools.' },
  },
});

export const CloneModeEnum = enumOf<CloneMode>({ LINKED_CLONE: true, FULL_CLONE: true });
registerEnumType(CloneModeEnum, {
  name: 'CloneMode',
  description: 'R10: LINKED_CLONE = qcow2 overlay on a template copy (libvirt copies the top layer); FULL_CLONE = the whole disk is copied.',
});

export const CloneModeReasonEnum = enumOf<CloneModeReason>({
  FORCED_BY_DIRECT_DOWNLOAD: true,
  VOLUME_HAS_NO_TEMPLATE: true,
  NO_BACKING_FILE: true,
  DESTINATION_POOL_NOT_FILE_BASED: true,
  VM_TEMPLATE_MISSING: true,
  VM_IMPORT_DUMMY_TEMPLATE: true,
  LINKED_CLONE: true,
  POOL_MISSING: true,
});
registerEnumType(CloneModeReasonEnum, {
  name: 'CloneModeReason',
  description: 'Why R10 chose the clone mode: the forced full clone (R10a) or the first unmet linked-clone condition.',
  valuesConfig: {
    FORCED_BY_DIRECT_DOWNLOAD: { description: 'R10a: a migrated direct-download volume forces full clones for the whole request.' },
    LINKED_CLONE: { description: 'Every linked-clone condition of R10 holds.' },
    POOL_MISSING: { description: 'A pool row of the entry is missing (R5 blocker): nothing could be decided.' },
  },
});

export const TemplateStagingKindEnum = enumOf<TemplateStaging['kind']>({
  NONE: true,
  EXISTING_REFERENCE: true,
  COPY_FROM_IMAGE_STORE: true,
  DIRECT_DOWNLOAD: true,
  NO_IMAGE_STORE: true,
});
registerEnumType(TemplateStagingKindEnum, {
  name: 'TemplateStagingKind',
  description: 'R13-R15: how the template reaches the destination pool before the disk is created.',
  valuesConfig: {
    EXISTING_REFERENCE: { description: 'The destination pool already holds the template: nothing to copy.' },
    COPY_FROM_IMAGE_STORE: { description: 'R15: CopyCommand from an image store to the destination pool.' },
    DIRECT_DOWNLOAD: { description: 'R14: the template is downloaded straight to the destination pool.' },
    NO_IMAGE_STORE: { description: 'R15: no image store to copy from; the agent copies the source backing file instead.' },
  },
});

export const TemplateStagingReasonEnum = enumOf<Extract<TemplateStaging, { kind: 'NO_IMAGE_STORE' }>['reason']>({
  NO_IMAGE_STORE_IN_ZONE: true,
  TEMPLATE_NOT_ON_ANY_IMAGE_STORE: true,
});
registerEnumType(TemplateStagingReasonEnum, { name: 'TemplateStagingReason', description: 'Why no template copy is made (NO_IMAGE_STORE).' });

export const TemplateRefActionKindEnum = enumOf<TemplateRefAction['kind']>({
  NONE: true,
  INSERT: true,
  UPDATE: true,
  FAIL_SOURCE_REFERENCE_MISSING: true,
});
registerEnumType(TemplateRefActionKindEnum, {
  name: 'TemplateRefActionKind',
  description: "R21: what happens to the destination pool's template reference (template_spool_ref) after the disk is created.",
  valuesConfig: {
    FAIL_SOURCE_REFERENCE_MISSING: {
      description: 'The source pool has no reference of the template: the job would fail with SOURCE_TEMPLATE_REFERENCE_MISSING.',
    },
  },
});

export const CommandTargetEnum = enumOf<CommandTarget>({ SOURCE_HOST: true, DESTINATION_HOST: true });
registerEnumType(CommandTargetEnum, { name: 'CommandTarget', description: 'Which host of the migration an agent command goes to.' });

export const MigrationJobStatusEnum = enumOf<JobStatus>({ PENDING: true, RUNNING: true, SUCCEEDED: true, FAILED: true });
registerEnumType(MigrationJobStatusEnum, { name: 'MigrationJobStatus' });

export const AgentCommandOutcomeEnum = enumOf<AgentCommandOutcome>({
  SENT: true,
  SUCCEEDED: true,
  FAILED: true,
  NO_ANSWER: true,
  TIMEOUT: true,
  UNREACHABLE: true,
});
registerEnumType(AgentCommandOutcomeEnum, {
  name: 'AgentCommandOutcome',
  description: 'What the gateway saw for an agent command.',
  valuesConfig: {
    SENT: { description: 'Sent, no outcome recorded yet.' },
    FAILED: { description: 'The agent answered result=false (details in the answer).' },
  },
});

export const MigrationErrorCodeEnum = enumOf<JobErrorCode>({
  AGENT_COMMAND_FAILED: true,
  AGENT_NO_ANSWER: true,
  AGENT_TIMEOUT: true,
  AGENT_UNREACHABLE: true,
  NO_CONNECTED_PATH: true,
  SOURCE_TEMPLATE_REFERENCE_MISSING: true,
  STATE_CHANGED: true,
  GATEWAY_INTERRUPTED: true,
  MIGRATION_OUTCOME_UNKNOWN: true,
  TEMPLATE_STAGING_BUSY: true,
  INTERNAL_ERROR: true,
});
registerEnumType(MigrationErrorCodeEnum, { name: 'MigrationErrorCode', description: "Stable codes of a failed job's error." });
