import type { VirtualMachineTO } from '../agent/command-bodies';
import { buildCheckVirtualMachineCommand } from './commands/build-check-virtual-machine-command';
import { buildDeleteVolumeCommand } from './commands/build-delete-volume-command';
import { buildModifyTargetsCommand } from './commands/build-modify-targets-command';
import { buildPrepareForMigrationCommand } from './commands/build-prepare-for-migration-command';
import type { MigrationAgentCommand } from './commands/typed-agent-command';
import type { CommandHole } from './execution/command-holes';
import type { CommandTarget, EndCommands, PlannedCommand } from './migration-plan';
import type { MigrationSnapshot } from './migration-snapshot';
import type { MigratedEntryPlan } from './plan-entry';
import { hole, identifierHoles, uuidHoles, vmHoles } from './planned-commands';
import { Placeholder, UNALLOCATED_VOLUME_ID } from './placeholders';
import { destinationVolumeRow } from './row-edits';

/**
 * The commands of a migration's end, composed once like the success path's: R29's
 * CheckVirtualMachine, R30's source expunges, and the R31/R32 cleanup of each migrated entry. The
 * run picks what applies (how far it got) and fills the holes; it never composes a body itself.
 */
export function planEndCommands(snapshot: MigrationSnapshot, migrated: readonly MigratedEntryPlan[], vm: VirtualMachineTO): EndCommands {
  const waitSeconds = snapshot.settings.agentWaitSeconds; // §8 "Waits"
  const planned = (
    target: CommandTarget,
    entryIndex: number | null,
    command: MigrationAgentCommand,
    holes: CommandHole[] = [],
    step: 6 | 7 = 7,
  ): PlannedCommand => ({
    ...command,
    step,
    target,
    entryIndex,
    holes,
  });
  return {
    // R29: asked of the destination (and, without a definitive answer there, of the source).
    check: planned('DESTINATION_HOST', null, buildCheckVirtualMachineCommand({ vmName: snapshot.vm.instanceName, waitSeconds }), [], 6),
    // R30 step 7: each migrated source disk goes, on the source host.
    completion: migrated.map((plan) =>
      planned('SOURCE_HOST', plan.entry.index, buildDeleteVolumeCommand({ volume: plan.entry.volume, pool: plan.entry.sourcePool, waitSeconds }), [], 6),
    ),
    // R31 step 1: undo PrepareForMigration on the destination.
    rollbackPrepare: planned('DESTINATION_HOST', null, buildPrepareForMigrationCommand({ vm, rollback: true, waitSeconds }), vmHoles({ vm, migrated }, ['vm'])),
    cleanup: migrated.map((plan) => ({
      entryIndex: plan.entry.index,
      // R31 step 2: the destination's iscsi_name as handlePostMigration passes it (the source's, copied
      // by R16, so NULL for NFS; the driver's name on a managed pool, R20), not the R20 identifier.
      disconnect: planned(
        'DESTINATION_HOST',
        plan.entry.index,
        buildModifyTargetsCommand({ add: false, identifier: destinationIscsiName(plan), pool: plan.entry.destinationPool, waitSeconds }),
        plan.entry.destinationPool.managed ? [hole(['targets', 0, 'iqn'], 'VOLUME_IDENTIFIER', plan.entry.index)] : [],
      ),
      // R31/R32: the destination disk, named as R20 named it.
      deleteDisk: planned('DESTINATION_HOST', plan.entry.index, destinationDiskDelete(plan, waitSeconds), [
        hole(['data', 'volumeId'], 'DESTINATION_VOLUME_ID', plan.entry.index),
        ...identifierHoles(plan, [['data', 'path']]),
        ...(plan.entry.destinationPool.managed ? identifierHoles(plan, [['data', 'iscsiName']]) : []),
        ...uuidHoles(plan, [['data', 'uuid']]),
      ]),
    })),
  };
}

function destinationIscsiName(plan: MigratedEntryPlan): string | null {
  return plan.entry.destinationPool.managed ? Placeholder.destinationVolumeIscsiName : plan.entry.volume.iscsiName;
}

function destinationDiskDelete(plan: MigratedEntryPlan, waitSeconds: number): MigrationAgentCommand {
  const row = destinationVolumeRow(plan.entry.volume, plan.entry.destinationPool, { id: UNALLOCATED_VOLUME_ID, uuid: plan.destinationVolumeUuid }, new Date(0));
  const path = plan.disk.volumeIdentifier;
  return buildDeleteVolumeCommand({ volume: { ...row, path, iscsiName: destinationIscsiName(plan) }, pool: plan.entry.destinationPool, waitSeconds });
}
