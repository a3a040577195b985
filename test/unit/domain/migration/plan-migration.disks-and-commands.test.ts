import { describe, expect, it } from 'vitest';
import { planMigration } from '../../../../src/domain/migration/plan-migration';
import { SECRET_CONSUMER_DETAIL } from '../../../../src/domain/migration/vm-transfer-object';
import { entry, Ids, makeDataDisk, makePool, makePoolRef, makePowerFlexPool, makeSnapshot, makeVolume } from '../../../factories/migration-snapshot.factory';
import { commandLog, commandNamed, entryAt } from './plan-helpers';

const LOCAL_SOURCE = makePool({ id: Ids.sourcePool, poolType: 'Filesystem', scope: 'HOST', path: '/var/lib/libvirt/images' });
const SMP_DESTINATION = makePool({ id: Ids.destinationPool, poolType: 'SharedMountPoint', path: '/mnt/shared/' });
const NEW_UUID = 'new-vol-uuid';

/** A local-disk VM moving to a shared mount point: the NM "other" R24 case. */
function localToSharedMountPoint(overrides: Parameters<typeof makeSnapshot>[0] = {}) {
  return makeSnapshot({ pools: [LOCAL_SOURCE, SMP_DESTINATION], destinationVolumeUuids: [NEW_UUID], ...overrides });
}

function managedDestination() {
  return makeSnapshot({
    entries: [entry(makeVolume(), 300)],
    pools: [makePool({ id: Ids.sourcePool }), makePowerFlexPool({ id: 300 })],
  });
}

describe(planMigration.name, () => {
  describe('R20/R23 destination path', () => {
    it('joins the destination pool path and the new volume uuid with one separator (R23 NM)', () => {
      const plan = planMigration(localToSharedMountPoint());

      expect(entryAt(plan, 0)).toMatchObject({ destinationVolumeUuid: NEW_UUID, destinationPath: '/mnt/shared/new-vol-uuid' });
    });

    it('shows the {destinationVolumeUuid} placeholder in a dry run without pre-generated uuids', () => {
      const plan = planMigration(makeSnapshot());

      expect(entryAt(plan, 0).destinationPath).toBe('/export/pool-200/{destinationVolumeUuid}');
    });

    it('leaves a managed destination path to ModifyTargets, keyed by the iSCSI name (R20, R23 base, R25)', () => {
      const plan = planMigration(managedDestination());
      const modifyTargets = commandNamed(plan, 'ModifyTargetsCommand', 0);

      expect(entryAt(plan, 0)).toMatchObject({ destinationPath: null, needsModifyTargets: true });
      expect(modifyTargets.body).toEqual({
        targets: [
          {
            iqn: '{destinationVolumeIscsiName}',
            storageType: 'PowerFlex',
            storageUuid: 'pool-300-uuid',
            storageHost: 'nfs-300.example',
            storagePort: 0,
          },
        ],
        add: true,
        applyToAllHostsInCluster: true,
        targetTypeToRemove: 'DYNAMIC',
      });
    });
  });

  describe('R24 MigrateDiskInfo', () => {
    it('connects a non-managed to NFS disk through ModifyTargets and keeps it out of migrateDiskInfoList', () => {
      const plan = planMigration(makeSnapshot({ destinationVolumeUuids: [NEW_UUID], imageStores: [] }));

      expect(entryAt(plan, 0).migrateDiskInfo).toEqual({
        serialNumber: 'vol-1000-path',
        diskType: 'file',
        driverType: 'qcow2',
        source: 'file',
        sourceText: null,
        backingStoreText: null,
        isSourceDiskOnStorageFileSystem: false,
        inMigrateDiskInfoList: false,
      });
      expect(commandNamed(plan, 'ModifyTargetsCommand', 0).body.targets[0]?.iqn).toBe(NEW_UUID);
      expect(commandNamed(plan, 'MigrateCommand').body.migrateDiskInfoList).toEqual([]);
    });

    it('describes other non-managed disks as qcow2 files at the R23 path with the destination backing file', () => {
      const plan = planMigration(localToSharedMountPoint());

      expect(entryAt(plan, 0)).toMatchObject({ needsModifyTargets: false, templateRefAction: { kind: 'UPDATE' } });
      expect(entryAt(plan, 0).migrateDiskInfo).toEqual({
        serialNumber: 'vol-1000-path',
        diskType: 'file',
        driverType: 'qcow2',
        source: 'file',
        sourceText: '/mnt/shared/new-vol-uuid',
        // R11 on the destination volume, after R21 pointed the destination reference at the source file.
        backingStoreText: '/mnt/shared/tmpl-500-on-100',
        isSourceDiskOnStorageFileSystem: true,
        inMigrateDiskInfoList: true,
      });
    });

    it('gives no backing text to a destination volume without template', () => {
      const plan = planMigration(localToSharedMountPoint({ entries: [entry(makeDataDisk())] }));

      expect(entryAt(plan, 0).migrateDiskInfo).toMatchObject({ backingStoreText: null, isSourceDiskOnStorageFileSystem: true });
    });

    it('mirrors CloudStack: a full clone onto a pool already holding the template still gets a backing text', () => {
      const plan = planMigration(
        localToSharedMountPoint({
          vmTemplate: null,
          templatePoolRefs: [makePoolRef(), makePoolRef({ poolId: Ids.destinationPool, installPath: 'there' })],
        }),
      );

      expect(entryAt(plan, 0).cloneMode).toBe('FULL_CLONE');
      expect(entryAt(plan, 0).migrateDiskInfo?.backingStoreText).toBe('/mnt/shared/there');
    });

    it('describes a managed destination disk as a raw block device (R24 base)', () => {
      const plan = planMigration(managedDestination());

      expect(entryAt(plan, 0).migrateDiskInfo).toEqual({
        serialNumber: 'vol-1000-path',
        diskType: 'block',
        driverType: 'raw',
        source: 'dev',
        sourceText: null,
        backingStoreText: null,
        isSourceDiskOnStorageFileSystem: false,
        inMigrateDiskInfoList: true,
      });
    });

    it('puts the secret-consumer detail on the migrated disks of the VM transfer object only (R24)', () => {
      const staying = makeDataDisk({ id: 3000, deviceId: 1, poolId: Ids.destinationPool });
      const plan = planMigration(localToSharedMountPoint({ vmVolumes: [staying, makeVolume()] }));
      const disks = commandNamed(plan, 'PrepareForMigrationCommand').body.vm.disks;

      expect(disks.map((disk) => [disk.volumeId, disk.details])).toEqual([
        [Ids.volume, { [SECRET_CONSUMER_DETAIL]: NEW_UUID }],
        [3000, {}],
      ]);
    });
  });

  describe('R27 Windows flag', () => {
    it.each([
      ['Windows', true],
      ['WINDOWS', true],
      ['Ubuntu', false],
      [null, false],
    ])('reads guest OS category %s as isWindows=%s', (guestOsCategoryName, expected) => {
      const plan = planMigration(makeSnapshot({ guestOsCategoryName }));

      expect(plan.isWindows).toBe(expected);
      expect(commandNamed(plan, 'MigrateCommand').body.isWindows).toBe(expected);
    });
  });

  describe('R28 MigrateCommand', () => {
    it('sends the MigrateCommand to the source host with the request-wide flags and settings', () => {
      const plan = planMigration(
        localToSharedMountPoint({
          settings: { ...makeSnapshot().settings, autoConvergence: true, storageOnlineMigrationWaitSeconds: 999 },
        }),
      );
      const migrate = commandNamed(plan, 'MigrateCommand');

      expect(migrate).toMatchObject({ step: 5, target: 'SOURCE_HOST', wait: 999, executeInSequence: true });
      expect(migrate.body).toMatchObject({
        vmName: 'i-2-10-VM',
        destIp: '10.1.1.2',
        migrateStorageManaged: false,
        migrateNonSharedInc: true,
        autoConvergence: true,
        newVmCpuShares: null,
      });
      expect(migrate.body.migrateStorage).toEqual({ 'vol-1000-path': migrate.body.migrateDiskInfoList[0] });
      expect(plan).toMatchObject({ autoConvergence: true, migrateWaitSeconds: 999 });
    });

    it('marks the migration storage-managed when the destinations are managed', () => {
      const plan = planMigration(managedDestination());

      expect(plan.migrateStorageManaged).toBe(true);
      expect(commandNamed(plan, 'MigrateCommand').body).toMatchObject({ migrateStorageManaged: true, migrateNonSharedInc: false });
      expect(commandNamed(plan, 'MigrateCommand').body.migrateStorage['vol-1000-path']?.sourceText).toBe('{connectedPath}');
    });

    it('sends PrepareForMigration (rollback=false, in sequence) to the destination with the VM in Migrating state (R26, R6)', () => {
      const prepare = commandNamed(planMigration(makeSnapshot()), 'PrepareForMigrationCommand');

      expect(prepare).toMatchObject({ step: 4, target: 'DESTINATION_HOST', executeInSequence: true });
      expect(prepare.body.rollback).toBe(false);
      expect(prepare.body.vm).toMatchObject({ name: 'i-2-10-VM', state: 'Migrating' });
    });
  });

  describe('§8 command order', () => {
    it('stages, creates and connects per volume in map order, then prepares and migrates', () => {
      const dataDisk = makeDataDisk({ id: 2000 });
      const plan = planMigration(makeSnapshot({ entries: [entry(makeVolume()), entry(dataDisk)] }));

      expect(commandLog(plan)).toEqual([
        'CopyCommand@0',
        'CreateObjectCommand@0',
        'ModifyTargetsCommand@0',
        'CreateObjectCommand@1',
        'ModifyTargetsCommand@1',
        'PrepareForMigrationCommand',
        'MigrateCommand',
      ]);
      expect(plan.commands.map((command) => command.step)).toEqual([1, 2, 3, 2, 3, 4, 5]);
    });

    it('creates the destination disk from the source row with the new uuid and the R18 options (R16, R19)', () => {
      const plan = planMigration(localToSharedMountPoint());
      const create = commandNamed(plan, 'CreateObjectCommand', 0);

      expect(create).toMatchObject({ step: 2, target: 'DESTINATION_HOST' });
      expect(create.body.data).toMatchObject({
        uuid: NEW_UUID,
        name: 'vol-1000',
        size: 10 * 1024 ** 3,
        path: null,
        templateId: Ids.template,
        store: { uuid: 'pool-200-uuid', poolType: 'SharedMountPoint' },
        migrationOptions: entryAt(plan, 0).migrationOptions,
      });
    });
  });
});
