import { describe, expect, it } from 'vitest';
import {
  buildCheckVirtualMachineCommand,
  buildCopyCommand,
  buildCreateObjectCommand,
  buildDeleteVolumeCommand,
  buildDirectDownloadCommand,
  buildMigrateCommand,
  buildModifyTargetsCommand,
  buildPrepareForMigrationCommand,
  toAgentCommand,
} from '../../../../src/domain/migration/commands';
import type { MigrateDiskInfo, VirtualMachineTO } from '../../../../src/domain/agent/command-bodies';
import { makeDirectDownloadTemplate, makeImageStore, makePool, makeStoreRef, makeTemplate, makeVolume } from '../../../factories/migration-snapshot.factory';

const vmTO: VirtualMachineTO = { id: 10, uuid: 'vm-uuid', name: 'i-2-10-VM', state: 'Migrating', isWindows: true, disks: [] };

function diskInfo(serialNumber: string): MigrateDiskInfo {
  return {
    serialNumber,
    diskType: 'file',
    driverType: 'qcow2',
    source: 'file',
    sourceText: `/dest/${serialNumber}`,
    backingStoreText: null,
    isSourceDiskOnStorageFileSystem: false,
  };
}

describe('migration command builders', () => {
  it(`${buildCopyCommand.name} copies the image-store template to the pool under the template uuid (R15)`, () => {
    const command = buildCopyCommand({
      template: makeTemplate(),
      imageStore: makeImageStore(),
      templateStoreRef: makeStoreRef({ installPath: 'template/tmpl/x.qcow2', size: 5 }),
      destinationPool: makePool({ id: 200 }),
      waitSeconds: 10_800,
      executeInSequence: false,
    });

    expect(command).toMatchObject({ name: 'CopyCommand', wait: 10_800, executeInSequence: false });
    expect(command.body.srcTO).toMatchObject({ path: 'template/tmpl/x.qcow2', size: 5, store: { role: 'Image' } });
    expect(command.body.destTO).toMatchObject({ path: 'tmpl-500-uuid', store: { role: 'Primary', uuid: 'pool-200-uuid' } });
  });

  it(`${buildDirectDownloadCommand.name} downloads the template URL to the destination pool (R14)`, () => {
    const command = buildDirectDownloadCommand({
      template: makeDirectDownloadTemplate({ url: 'http://x/t.qcow2' }),
      destinationPool: makePool({ id: 200 }),
      checksum: 'sha256:abc',
      waitSeconds: 100,
    });

    expect(command).toMatchObject({ name: 'DirectDownloadCommand', wait: 100 });
    expect(command.body).toMatchObject({ url: 'http://x/t.qcow2', checksum: 'sha256:abc', destPool: { uuid: 'pool-200-uuid' } });
  });

  it(`${buildCreateObjectCommand.name} clones the source row with the new identity and options (R16, R19)`, () => {
    const command = buildCreateObjectCommand({
      sourceVolume: makeVolume(),
      destinationVolume: { id: 4242, uuid: 'new-uuid' },
      destinationPool: makePool({ id: 200 }),
      migrationOptions: null,
      waitSeconds: 1800,
    });

    expect(command).toMatchObject({ name: 'CreateObjectCommand', wait: 1800 });
    expect(command.body.data).toMatchObject({ volumeId: 4242, uuid: 'new-uuid', path: null, migrationOptions: null });
  });

  it(`${buildModifyTargetsCommand.name} disconnects with add=false and the global wait (R25, R31, §8 Waits)`, () => {
    const command = buildModifyTargetsCommand({ add: false, identifier: 'iqn-1', pool: makePool({ id: 200 }), waitSeconds: 37 });

    expect(command).toMatchObject({ wait: 37, body: { add: false, applyToAllHostsInCluster: true, targetTypeToRemove: 'DYNAMIC' } });
    expect(command.body.targets).toEqual([
      { iqn: 'iqn-1', storageType: 'NetworkFilesystem', storageUuid: 'pool-200-uuid', storageHost: 'nfs-200.example', storagePort: 2049 },
    ]);
  });

  it(`${buildModifyTargetsCommand.name} carries a NULL iqn for the R31 disconnect of a non-managed destination`, () => {
    const command = buildModifyTargetsCommand({ add: false, identifier: null, pool: makePool({ id: 200 }), waitSeconds: 1800 });

    expect(command.body.targets[0].iqn).toBeNull();
  });

  it(`${buildPrepareForMigrationCommand.name} carries the rollback flag and runs in sequence (R26, R31)`, () => {
    const command = buildPrepareForMigrationCommand({ vm: vmTO, rollback: true, waitSeconds: 1800 });

    expect(command).toMatchObject({ name: 'PrepareForMigrationCommand', executeInSequence: true, body: { vm: vmTO, rollback: true } });
  });

  it(`${buildMigrateCommand.name} keys migrateStorage by source path and lists only the listed disks (R24, R28)`, () => {
    const command = buildMigrateCommand({
      vm: vmTO,
      destinationIp: '10.0.0.2',
      disks: [
        { info: diskInfo('a'), inMigrateDiskInfoList: false },
        { info: diskInfo('b'), inMigrateDiskInfoList: true },
      ],
      migrateStorageManaged: false,
      migrateNonSharedInc: true,
      autoConvergence: false,
      newVmCpuShares: 512,
      waitSeconds: 86_400,
    });

    expect(command).toMatchObject({ name: 'MigrateCommand', wait: 86_400, executeInSequence: true });
    expect(command.body).toMatchObject({ vmName: 'i-2-10-VM', destIp: '10.0.0.2', isWindows: true, newVmCpuShares: 512 });
    expect(Object.keys(command.body.migrateStorage)).toEqual(['a', 'b']);
    expect(command.body.migrateDiskInfoList).toEqual([diskInfo('b')]);
  });

  it(`${buildCheckVirtualMachineCommand.name} names the libvirt domain (R29)`, () => {
    expect(buildCheckVirtualMachineCommand({ vmName: 'i-2-10-VM', waitSeconds: 1800 }).body).toEqual({ vmName: 'i-2-10-VM' });
  });

  it(`${buildDeleteVolumeCommand.name} names a migrated source by its path once its uuid is gone (R30)`, () => {
    const command = buildDeleteVolumeCommand({ volume: makeVolume({ uuid: null }), pool: makePool(), waitSeconds: 1800 });

    expect(command).toMatchObject({ name: 'DeleteCommand', executeInSequence: false });
    expect(command.body.data).toMatchObject({ uuid: 'vol-1000-path', path: 'vol-1000-path', store: { uuid: 'pool-100-uuid' } });
  });

  it(`${toAgentCommand.name} keeps name, wait, sequencing and body for the dispatcher port`, () => {
    const typed = buildCheckVirtualMachineCommand({ vmName: 'vm', waitSeconds: 5 });

    expect(toAgentCommand(typed)).toEqual({ name: 'CheckVirtualMachineCommand', wait: 5, executeInSequence: false, body: { vmName: 'vm' } });
  });
});
