import { AgentCommandName } from '../../agent/agent-command';
import type { MigrateDiskInfo, VirtualMachineTO } from '../../agent/command-bodies';
import type { MigrateAgentCommand } from './typed-agent-command';

/** One migrated disk: R24 decides whether it also goes to `migrateDiskInfoList`. */
export interface MigrateDiskParam {
  /** `serialNumber` is the source volume path, the `migrateStorage` key. */
  info: MigrateDiskInfo;
  inMigrateDiskInfoList: boolean;
}

export interface MigrateCommandParams {
  vm: VirtualMachineTO;
  /** Destination `host.private_ip_address`. */
  destinationIp: string;
  /** Migrated disks in request order. */
  disks: readonly MigrateDiskParam[];
  /** R28: destination pools are managed (uniform by R5). */
  migrateStorageManaged: boolean;
  /** R12. */
  migrateNonSharedInc: boolean;
  /** `kvm.auto.convergence`. */
  autoConvergence: boolean;
  /** From the PrepareForMigrationAnswer; null when it gave none. */
  newVmCpuShares: number | null;
  /** `kvm.storage.online.migration.wait`. */
  waitSeconds: number;
}

/** R28 MigrateCommand (to the source host), always executed in sequence. */
export function buildMigrateCommand(params: MigrateCommandParams): MigrateAgentCommand {
  const migrateStorage: Record<string, MigrateDiskInfo> = {};
  for (const disk of params.disks) migrateStorage[disk.info.serialNumber] = disk.info;
  return {
    name: AgentCommandName.Migrate,
    wait: params.waitSeconds,
    executeInSequence: true,
    body: {
      vmName: params.vm.name,
      destIp: params.destinationIp,
      isWindows: params.vm.isWindows,
      vmTO: params.vm,
      migrateStorage,
      migrateDiskInfoList: params.disks.filter((disk) => disk.inMigrateDiskInfoList).map((disk) => disk.info),
      migrateStorageManaged: params.migrateStorageManaged,
      migrateNonSharedInc: params.migrateNonSharedInc,
      autoConvergence: params.autoConvergence,
      newVmCpuShares: params.newVmCpuShares,
    },
  };
}
