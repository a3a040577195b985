import type { MigrateDiskInfo, VirtualMachineTO } from '../agent/command-bodies';
import { buildCopyCommand } from './commands/build-copy-command';
import { buildCreateObjectCommand } from './commands/build-create-object-command';
import { buildDirectDownloadCommand } from './commands/build-direct-download-command';
import { buildMigrateCommand, type MigrateDiskParam } from './commands/build-migrate-command';
import { buildModifyTargetsCommand } from './commands/build-modify-targets-command';
import { buildPrepareForMigrationCommand } from './commands/build-prepare-for-migration-command';
import type { MigrationAgentCommand } from './commands/typed-agent-command';
import type { CommandHole } from './execution/command-holes';
import type { CommandTarget, PlanStep, PlannedCommand } from './migration-plan';
import type { MigrationSnapshot } from './migration-snapshot';
import type { MigratedEntryPlan } from './plan-entry';
import { Placeholder, UNALLOCATED_VOLUME_ID } from './placeholders';
import { findActiveTemplate } from './rules/template-lookup';
import { SECRET_CONSUMER_DETAIL } from './vm-transfer-object';

export interface CommandPlanInput {
  snapshot: MigrationSnapshot;
  migrated: readonly MigratedEntryPlan[];
  vm: VirtualMachineTO;
  migrateNonSharedInc: boolean;
  migrateStorageManaged: boolean;
}

/**
 * §8 steps 1-5 of the success path, composed once: per migrated entry in map order its template
 * staging (1), disk creation (2) and connection (3); then PrepareForMigration (4) and Migrate (5).
 * What only the run knows (new ids, iSCSI names, connected paths, newVmCpuShares) shows as a
 * placeholder and is listed as a typed hole; the job fills the holes and sends these commands.
 */
export function planCommands(input: CommandPlanInput): PlannedCommand[] {
  const { snapshot } = input;
  const waitSeconds = snapshot.settings.agentWaitSeconds; // §8 "Waits"
  const commands: PlannedCommand[] = [];
  const add = (step: PlanStep, target: CommandTarget, entryIndex: number | null, command: MigrationAgentCommand, holes: CommandHole[] = []) =>
    commands.push({ ...command, step, target, entryIndex, holes });

  for (const plan of input.migrated) {
    const index = plan.entry.index;
    const staging = stagingCommand(snapshot, plan);
    if (staging !== null) add(1, 'DESTINATION_HOST', index, staging);
    // R19: the destination host reaches the destination pool (CloudStack asks any host that does).
    add(
      2,
      'DESTINATION_HOST',
      index,
      buildCreateObjectCommand({
        sourceVolume: plan.entry.volume,
        destinationVolume: { id: UNALLOCATED_VOLUME_ID, uuid: plan.destinationVolumeUuid },
        destinationPool: plan.entry.destinationPool,
        migrationOptions: plan.trace.migrationOptions,
        waitSeconds,
      }),
      [hole(['data', 'volumeId'], 'DESTINATION_VOLUME_ID', index), ...uuidHoles(plan, [['data', 'uuid']])],
    );
    if (plan.disk.needsModifyTargets) {
      add(
        3,
        'DESTINATION_HOST',
        index,
        buildModifyTargetsCommand({ add: true, identifier: plan.disk.volumeIdentifier, pool: plan.entry.destinationPool, waitSeconds }),
        identifierHoles(plan, [['targets', 0, 'iqn']]),
      );
    }
  }
  add(4, 'DESTINATION_HOST', null, buildPrepareForMigrationCommand({ vm: input.vm, rollback: false, waitSeconds }), vmHoles(input, ['vm']));
  const disks = input.migrated.map(toMigrateDiskParam);
  add(
    5,
    'SOURCE_HOST',
    null,
    buildMigrateCommand({
      vm: input.vm,
      destinationIp: snapshot.destinationHost.privateIpAddress,
      disks,
      migrateStorageManaged: input.migrateStorageManaged,
      migrateNonSharedInc: input.migrateNonSharedInc,
      autoConvergence: snapshot.settings.autoConvergence,
      newVmCpuShares: null, // known from the PrepareForMigrationAnswer only
      waitSeconds: snapshot.settings.storageOnlineMigrationWaitSeconds,
    }),
    [...vmHoles(input, ['vmTO']), ...destinationPathHoles(input.migrated, disks), hole(['newVmCpuShares'], 'NEW_VM_CPU_SHARES', null)],
  );
  return commands;
}

export function hole(path: (string | number)[], kind: CommandHole['kind'], entryIndex: number | null): CommandHole {
  return { path, kind, entryIndex };
}

/** A dry run does not know the new row's uuid (a job picks it before planning). */
export function uuidHoles(plan: MigratedEntryPlan, paths: (string | number)[][]): CommandHole[] {
  return plan.destinationVolumeUuid === Placeholder.destinationVolumeUuid ? paths.map((p) => hole(p, 'DESTINATION_VOLUME_UUID', plan.entry.index)) : [];
}

/** R20: only a managed destination's identifier (its iSCSI name) comes from the run. */
export function identifierHoles(plan: MigratedEntryPlan, paths: (string | number)[][]): CommandHole[] {
  if (plan.entry.destinationPool.managed) return paths.map((p) => hole(p, 'VOLUME_IDENTIFIER', plan.entry.index));
  return uuidHoles(plan, paths);
}

/** R24: the moving disks of the VM transfer object name their destination by its identifier. */
export function vmHoles(input: Pick<CommandPlanInput, 'vm' | 'migrated'>, prefix: string[]): CommandHole[] {
  return input.vm.disks.flatMap((disk, d) => {
    const plan = input.migrated.find((p) => p.entry.volume.id === disk.volumeId);
    return plan && SECRET_CONSUMER_DETAIL in disk.details ? identifierHoles(plan, [[...prefix, 'disks', d, 'details', SECRET_CONSUMER_DETAIL]]) : [];
  });
}

/**
 * R23/R24: each disk's destination path in migrateStorage and migrateDiskInfoList: the
 * ModifyTargetsAnswer's path, or `<pool path>/<new uuid>` whose uuid a dry run does not know.
 */
function destinationPathHoles(migrated: readonly MigratedEntryPlan[], disks: readonly MigrateDiskParam[]): CommandHole[] {
  const listed = disks.filter((d) => d.inMigrateDiskInfoList);
  return migrated.flatMap((plan, i) => {
    const info = disks[i].info;
    const inList = listed.indexOf(disks[i]);
    const paths = [['migrateStorage', info.serialNumber, 'sourceText'], ...(inList < 0 ? [] : [['migrateDiskInfoList', inList, 'sourceText']])];
    const known = plan.disk.migrateDiskInfo.sourceText;
    if (known === null) return paths.map((p) => hole(p, 'CONNECTED_PATH', plan.entry.index));
    return uuidHoles(plan, paths).map((h) => ({ ...h, within: known }));
  });
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
