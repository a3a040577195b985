import type { MigrateDiskInfo, VirtualMachineTO } from '../agent/command-bodies';
import { buildCopyCommand } from './commands/build-copy-command';
import { buildCreateObjectCommand } from './commands/build-create-object-command';
import { buildDirectDownloadCommand } from './commands/build-direct-download-command';
import { buildMigrateCommand, type MigrateDiskParam } from './commands/build-migrate-command';
import { buildModifyTargetsCommand } from './commands/build-modify-targets-command';
import { buildPrepareForMigrationCommand } from './commands/build-prepare-for-migration-command';
import type { MigrationAgentCommand } from './commands/typed-agent-command';
import type { CommandTarget, PlanStep, PlannedCommand } from './migration-plan';
import type { MigrationSnapshot } from './migration-snapshot';
import type { MigratedEntryPlan } from './plan-entry';
import { Placeholder, UNALLOCATED_VOLUME_ID } from './placeholders';
import { findActiveTemplate } from './rules/template-lookup';

export interface CommandPlanInput {
  snapshot: MigrationSnapshot;
  migrated: readonly MigratedEntryPlan[];
  vm: VirtualMachineTO;
  migrateNonSharedInc: boolean;
  migrateStorageManaged: boolean;
}

/**
 * §8 steps 1-5 of the success path: per migrated entry in map order its template staging (1),
 * disk creation (2) and connection (3); then PrepareForMigration (4) and Migrate (5). Runtime-only
 * values (new ids, iSCSI names, connected paths, newVmCpuShares) appear as placeholders.
 */
export function planCommands(input: CommandPlanInput): PlannedCommand[] {
  const { snapshot } = input;
  const commands: PlannedCommand[] = [];
  const waitSeconds = snapshot.settings.agentWaitSeconds; // §8 "Waits"
  const add = (step: PlanStep, target: CommandTarget, entryIndex: number | null, command: MigrationAgentCommand) =>
    commands.push({ ...command, step, target, entryIndex });

  for (const plan of input.migrated) {
    const staging = stagingCommand(snapshot, plan);
    if (staging !== null) add(1, 'DESTINATION_HOST', plan.entry.index, staging);
    // R19: the destination host reaches the destination pool (CloudStack asks any host that does).
    add(
      2,
      'DESTINATION_HOST',
      plan.entry.index,
      buildCreateObjectCommand({
        sourceVolume: plan.entry.volume,
        destinationVolume: { id: UNALLOCATED_VOLUME_ID, uuid: plan.destinationVolumeUuid },
        destinationPool: plan.entry.destinationPool,
        migrationOptions: plan.trace.migrationOptions,
        waitSeconds,
      }),
    );
    if (plan.disk.needsModifyTargets) {
      add(
        3,
        'DESTINATION_HOST',
        plan.entry.index,
        buildModifyTargetsCommand({ add: true, identifier: plan.disk.volumeIdentifier, pool: plan.entry.destinationPool, waitSeconds }),
      );
    }
  }
  add(4, 'DESTINATION_HOST', null, buildPrepareForMigrationCommand({ vm: input.vm, rollback: false, waitSeconds }));
  add(
    5,
    'SOURCE_HOST',
    null,
    buildMigrateCommand({
      vm: input.vm,
      destinationIp: snapshot.destinationHost.privateIpAddress,
      disks: input.migrated.map(toMigrateDiskParam),
      migrateStorageManaged: input.migrateStorageManaged,
      migrateNonSharedInc: input.migrateNonSharedInc,
      autoConvergence: snapshot.settings.autoConvergence,
      newVmCpuShares: null, // known from the PrepareForMigrationAnswer only
      waitSeconds: snapshot.settings.storageOnlineMigrationWaitSeconds,
    }),
  );
  return commands;
}

function stagingCommand(snapshot: MigrationSnapshot, plan: MigratedEntryPlan): MigrationAgentCommand | null {
  const staging = plan.trace.templateStaging;
  if (staging.kind !== 'COPY_FROM_IMAGE_STORE' && staging.kind !== 'DIRECT_DOWNLOAD') return null;
  const template = findActiveTemplate(snapshot.templates, plan.entry.volume.templateId);
  if (template === null) return null;
  const waitSeconds = snapshot.settings.primaryStorageDownloadWaitSeconds;
  const destinationPool = plan.entry.destinationPool;
  if (staging.kind === 'DIRECT_DOWNLOAD') {
    return buildDirectDownloadCommand({ template, destinationPool, waitSeconds });
  }
  const imageStore = snapshot.imageStores.find((store) => store.id === staging.imageStoreId);
  const templateStoreRef = snapshot.templateStoreRefs.find((ref) => ref.id === staging.templateStoreRefId);
  if (imageStore === undefined || templateStoreRef === undefined) return null;
  return buildCopyCommand({
    template,
    imageStore,
    templateStoreRef,
    destinationPool,
    waitSeconds,
    executeInSequence: snapshot.settings.executeInSequence,
  });
}

function toMigrateDiskParam(plan: MigratedEntryPlan): MigrateDiskParam {
  const disk = plan.disk.migrateDiskInfo;
  const info: MigrateDiskInfo = {
    serialNumber: disk.serialNumber ?? '',
    diskType: disk.diskType,
    driverType: disk.driverType,
    source: disk.source,
    sourceText: disk.sourceText ?? Placeholder.connectedPath,
    backingStoreText: disk.backingStoreText,
    isSourceDiskOnStorageFileSystem: disk.isSourceDiskOnStorageFileSystem,
  };
  return { info, inMigrateDiskInfoList: disk.inMigrateDiskInfoList };
}
