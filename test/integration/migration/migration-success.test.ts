import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/test-database';
import { expectMigrated } from './support/expectations';
import { spoolRefs, vmRow, volumeRow } from './support/rows';
import { cmd, disk, expectCommandLog, prepare, nfsShortcutCommands, nfsShortcutUpToPrepare } from './support/scenario';
import { useScenarioStack } from './support/scenario-stack';

/**
 * The success paths of migrateVmWithStorage over the demo inventory, end to end in-process: use
 * case -> job store -> executor -> KVM fleet simulator -> CloudStack bookkeeping. Each scenario
 * asserts the exact ordered command log (§8) as recorded by the job and as received by the agents,
 * and the rows left behind (R30, R34).
 */
describe.each(DATABASE_KINDS)('migrateVmWithStorage success paths on %s', (kind) => {
  const stack = useScenarioStack(kind);

  const ubuntu = () => stack.names.templateId('ubuntu-22.04');
  const installPath = async (pool: string, template = ubuntu()) => (await spoolRefs(stack, stack.names.poolId(pool), template))[0].installPath!;

  it('migrates a linked-clone ROOT and a blank data disk NFS -> NFS in one cluster: CreateObject + ModifyTargets per volume, then Prepare, an incremental Migrate and the source expunge (R2a, R10, R12, R18 copySrcTemplate=false, R24 NFS, R30)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const backing = await installPath('nfs-a1');
    expect(await installPath('nfs-a2')).toBe(backing); // the destination already holds the same file
    const refsBefore = await spoolRefs(stack, stack.names.poolId('nfs-a2'), ubuntu());

    const job = await stack.migrate(p.request);

    const path = nfsShortcutCommands(backing);
    await expectCommandLog(stack, job, [...nfsShortcutUpToPrepare(path), path.migrate, ...path.deleteSources]);
    await expectMigrated(stack, p, job, {
      destinationHost: 'kvm-a2',
      migrated: [
        { index: 0, pool: 'nfs-a2' },
        { index: 1, pool: 'nfs-a2' },
      ],
    });
    expect(await spoolRefs(stack, stack.names.poolId('nfs-a2'), ubuntu())).toEqual(refsBefore);
    expect(job.plan!.entries.map((e) => [e.cloneMode, e.copySrcTemplate])).toEqual([
      ['LINKED_CLONE', false],
      ['FULL_CLONE', null],
    ]);
  });

  it('completes a migration whose source row was moved on meanwhile (here to Destroy): the expunge walks from the state it finds instead of failing the end transaction forever (R30 step 7)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    stack.intercept = async (_host, command, next) => {
      const outcome = await next();
      if (command.name === 'MigrateCommand') {
        await stack.sql("UPDATE volumes SET state = 'Destroy', update_count = update_count + 1 WHERE id = ?", [p.sources[0].id]);
      }
      return outcome;
    };

    const job = await stack.migrate(p.request);

    expect(job.status).toBe('SUCCEEDED');
    const source = await volumeRow(stack, p.sources[0].id);
    expect(source.state).toBe('Expunged');
    expect(source.removed).toBe(true);
    expect((await vmRow(stack, p.vmId)).state).toBe('Running');
  });

  it('migrates a blank data disk alone as a full clone: no template work, migrateNonSharedInc false, the ROOT never leaves Ready (R10 step 3, R12, R13)', async () => {
    const p = await prepare(stack, 'blank-data-disk-full-clone');
    const [root] = await stack.sql<any>("SELECT id, update_count, state FROM volumes WHERE instance_id = ? AND volume_type = 'ROOT'", [p.vmId]);

    const job = await stack.migrate(p.request);

    await expectCommandLog(stack, job, [
      cmd.fullClone('kvm-a2', 'web-01-DATA-1', 'nfs-a2'),
      cmd.connect('kvm-a2', 'web-01-DATA-1', 'nfs-a2'),
      cmd.prepare('kvm-a2'),
      cmd.migrate('kvm-a1', {
        destIp: '10.1.1.12',
        migrateNonSharedInc: false,
        migrateStorageManaged: false,
        migrateStorage: { 'src:web-01-DATA-1': disk('/export/primary/cluster-a-2/dest:web-01-DATA-1', null, 'file') },
        migrateDiskInfoList: [],
      }),
      cmd.deleteSource('kvm-a1', 'web-01-DATA-1', 'nfs-a1'),
    ]);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: [{ index: 0, pool: 'nfs-a2' }] });
    const [rootAfter] = await stack.sql<any>('SELECT update_count, state FROM volumes WHERE id = ?', [root.id]);
    expect({ state: rootAfter.state, updateCount: Number(rootAfter.update_count) }).toEqual({ state: 'Ready', updateCount: Number(root.update_count) });
  });

  it('re-points the data disk snapshot from the expunged source row to the new row (R30 step 8, case snapshot-repointed)', async () => {
    const p = await prepare(stack, 'snapshot-repointed');
    const snapshots = await stack.sql<any>('SELECT id FROM snapshots WHERE volume_id = ?', [p.sources[0].id]);
    expect(snapshots.length).toBeGreaterThan(0);

    const job = await stack.migrate(p.request);

    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: [{ index: 0, pool: 'nfs-a2' }] });
    const [destination] = await stack.sql<any>('SELECT id FROM volumes WHERE last_id = ? AND removed IS NULL', [p.sources[0].id]);
    const after = await stack.sql<any>(
      `SELECT id, volume_id FROM snapshots WHERE id IN (${snapshots.map(() => '?').join(',')}) ORDER BY id`,
      snapshots.map((s) => s.id),
    );
    expect(after.map((s) => Number(s.volume_id))).toEqual(snapshots.map(() => Number(destination.id)));
    expect(await stack.sql('SELECT id FROM snapshots WHERE volume_id = ?', [p.sources[0].id])).toEqual([]);
  });

  it('sends a Windows guest with isWindows=true and carries the PrepareForMigrationAnswer newVmCpuShares into the MigrateCommand (R26, R27, R28)', async () => {
    const p = await prepare(stack, 'windows-guest');
    stack.simulator.setPrepareCpuShares(stack.names.hostId('kvm-b1'), 512);

    const job = await stack.migrate(p.request);

    expect(stack.simulator.commandLog().map((c) => c.name)).toEqual([
      'CopyCommand',
      'CreateObjectCommand',
      'ModifyTargetsCommand',
      'PrepareForMigrationCommand',
      'MigrateCommand',
      'DeleteCommand',
    ]);
    const [prepareRecord, migrateRecord] = (await stack.jobs.commandsByJobIds([job.id])).filter(
      (c) => c.name === 'PrepareForMigrationCommand' || c.name === 'MigrateCommand',
    );
    expect((prepareRecord.request as any).body.vm.isWindows).toBe(true);
    expect((prepareRecord.answer as any).body).toEqual({ newVmCpuShares: 512 });
    expect((migrateRecord.request as any).body).toMatchObject({ vmName: p.instanceName, isWindows: true, newVmCpuShares: 512, destIp: '10.1.1.21' });
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-b1', migrated: [{ index: 0, pool: 'nfs-b1' }] });
  });

  it('forces a full clone of every volume when a migrated direct-download ROOT is listed second: no staging, no template copy, migrateNonSharedInc false (R10a [PR], R12, R14 not reached)', async () => {
    const p = await prepare(stack, 'direct-download-forces-full-clone');
    const dd = stack.names.templateId('debian-12-dd');
    const refsBefore = [await spoolRefs(stack, stack.names.poolId('nfs-a2'), dd), await spoolRefs(stack, stack.names.poolId('nfs-a2'), ubuntu())];

    const job = await stack.migrate(p.request);

    // Entry 0 is the data disk (made from ubuntu-22.04, linked-clone capable on its own), entry 1 the DD ROOT.
    await expectCommandLog(stack, job, [
      cmd.fullClone('kvm-a1', 'dd-web-01-DATA-1', 'nfs-a2'),
      cmd.connect('kvm-a1', 'dd-web-01-DATA-1', 'nfs-a2'),
      cmd.fullClone('kvm-a1', 'ROOT-7', 'nfs-a2'),
      cmd.connect('kvm-a1', 'ROOT-7', 'nfs-a2'),
      cmd.prepare('kvm-a1'),
      cmd.migrate('kvm-a3', {
        destIp: '10.1.1.11',
        migrateNonSharedInc: false,
        migrateStorageManaged: false,
        migrateStorage: {
          'src:dd-web-01-DATA-1': disk('/export/primary/cluster-a-2/dest:dd-web-01-DATA-1', null, 'file'),
          'src:ROOT-7': disk('/export/primary/cluster-a-2/dest:ROOT-7', null, 'file'),
        },
        migrateDiskInfoList: [],
      }),
      cmd.deleteSource('kvm-a3', 'dd-web-01-DATA-1', 'nfs-a1'),
      cmd.deleteSource('kvm-a3', 'ROOT-7', 'nfs-a1'),
    ]);
    await expectMigrated(stack, p, job, {
      destinationHost: 'kvm-a1',
      migrated: [
        { index: 0, pool: 'nfs-a2' },
        { index: 1, pool: 'nfs-a2' },
      ],
    });
    expect(job.plan!.forceFullClone).toBe(true);
    expect(job.plan!.entries.map((e) => [e.cloneMode, e.templateStaging.kind, e.directDownload])).toEqual([
      ['FULL_CLONE', 'NONE', false],
      ['FULL_CLONE', 'NONE', true],
    ]);
    expect([await spoolRefs(stack, stack.names.poolId('nfs-a2'), dd), await spoolRefs(stack, stack.names.poolId('nfs-a2'), ubuntu())]).toEqual(refsBefore);
  });

  it('skips a data disk on a non-file (RBD) pool: no destination row, no command for it, Migrating -> Ready; the ROOT is copied from the image store first (R8, R9, R15, R34)', async () => {
    const p = await prepare(stack, 'non-file-source-skipped');
    const backing = await installPath('nfs-b1');
    const sourceRef = (await spoolRefs(stack, stack.names.poolId('nfs-b1'), ubuntu()))[0];
    expect(await spoolRefs(stack, stack.names.poolId('nfs-b2'), ubuntu())).toEqual([]);
    const templateUuid = (await stack.sql<any>('SELECT uuid FROM vm_template WHERE id = ?', [ubuntu()]))[0].uuid;

    const job = await stack.migrate(p.request);

    await expectCommandLog(stack, job, [
      cmd.copy('kvm-b1', ubuntu(), 'nfs-b2', templateUuid),
      // R18 [PR]: the reference the copy just made names another file than the source backs onto.
      cmd.linkedClone('kvm-b1', 'ROOT-11', 'nfs-b2', true, backing),
      cmd.connect('kvm-b1', 'ROOT-11', 'nfs-b2'),
      cmd.prepare('kvm-b1'),
      cmd.migrate('kvm-b2', {
        destIp: '10.1.1.21',
        migrateNonSharedInc: true,
        migrateStorageManaged: false,
        migrateStorage: { 'src:ROOT-11': disk('/export/primary/cluster-b-2/dest:ROOT-11', null, 'file') },
        migrateDiskInfoList: [],
      }),
      cmd.deleteSource('kvm-b2', 'ROOT-11', 'nfs-b1'),
    ]);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-b1', migrated: [{ index: 0, pool: 'nfs-b2' }], skipped: [1] });
    expect(job.plan!.entries[1]).toMatchObject({ skipped: true, skipReason: 'SOURCE_POOL_NOT_FILE_BASED', destinationVolumeUuid: null });
    // R15 inserted the reference once; R21 [PR] updated that row in place to the copied source file.
    expect(await spoolRefs(stack, stack.names.poolId('nfs-b2'), ubuntu())).toEqual([
      {
        id: expect.any(Number),
        installPath: backing,
        localPath: sourceRef.localPath,
        downloadPct: 100,
        downloadState: 'DOWNLOADED',
        state: 'Ready',
        templateSize: sourceRef.templateSize,
      },
    ]);
  });

  it('skips a same-pool PowerFlex ROOT (its direct-download flag does not force a full clone) and moves the NFS data disk onto PowerFlex through ModifyTargets: block disk, migrateStorageManaged (R5, R7, R9, R10a, R20, R23, R25, R34)', async () => {
    const p = await prepare(stack, 'same-pool-powerflex-skipped');

    const job = await stack.migrate(p.request);

    await expectCommandLog(stack, job, [
      cmd.managedCreate('kvm-b1', 'dd-flex-01-DATA-1', 'powerflex-z1'),
      cmd.connect('kvm-b1', 'dd-flex-01-DATA-1', 'powerflex-z1'),
      cmd.prepare('kvm-b1'),
      cmd.migrate('kvm-b2', {
        destIp: '10.1.1.21',
        migrateNonSharedInc: false,
        migrateStorageManaged: true,
        migrateStorage: { 'src:dd-flex-01-DATA-1': disk('/dev/disk/by-id/powerflex-dest:dd-flex-01-DATA-1', null, 'block') },
        migrateDiskInfoList: ['src:dd-flex-01-DATA-1'],
      }),
      cmd.deleteSource('kvm-b2', 'dd-flex-01-DATA-1', 'nfs-b1'),
    ]);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-b1', migrated: [{ index: 1, pool: 'powerflex-z1' }], skipped: [0] });
    expect(job.plan!.forceFullClone).toBe(false);
    expect(job.plan!.entries[0]).toMatchObject({ skipped: true, skipReason: 'SAME_POOL_POWERFLEX' });
    // R20: on a managed pool the identifier is also the destination's iscsi_name.
    const [destination] = await stack.sql<any>('SELECT iscsi_name, path FROM volumes WHERE last_id = ?', [p.sources[1].id]);
    expect(destination.iscsi_name).toBe(destination.path);
  });

  it('copies the template to a destination pool that lacks it (CopyCommand first) and inserts its reference exactly once, updated to the source backing file (R13, R15, R18 [PR], R21 [PR], R24 backing text)', async () => {
    const p = await prepare(stack, 'template-copy-to-destination');
    const backing = await installPath('nfs-a1');
    const sourceRef = (await spoolRefs(stack, stack.names.poolId('nfs-a1'), ubuntu()))[0];
    expect(await spoolRefs(stack, stack.names.poolId('local-kvm-a2'), ubuntu())).toEqual([]);
    const templateUuid = (await stack.sql<any>('SELECT uuid FROM vm_template WHERE id = ?', [ubuntu()]))[0].uuid;

    const job = await stack.migrate(p.request);

    await expectCommandLog(stack, job, [
      cmd.copy('kvm-a2', ubuntu(), 'local-kvm-a2', templateUuid),
      cmd.linkedClone('kvm-a2', 'ROOT-1', 'local-kvm-a2', true, backing),
      cmd.prepare('kvm-a2'),
      cmd.migrate('kvm-a1', {
        destIp: '10.1.1.12',
        migrateNonSharedInc: true,
        migrateStorageManaged: false,
        migrateStorage: { 'src:ROOT-1': disk('/var/lib/libvirt/images/dest:ROOT-1', `/var/lib/libvirt/images/${backing}`, 'file') },
        migrateDiskInfoList: ['src:ROOT-1'],
      }),
      cmd.deleteSource('kvm-a1', 'ROOT-1', 'nfs-a1'),
    ]);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-a2', migrated: [{ index: 0, pool: 'local-kvm-a2' }] });
    expect(await spoolRefs(stack, stack.names.poolId('local-kvm-a2'), ubuntu())).toEqual([
      {
        id: expect.any(Number),
        installPath: backing,
        localPath: sourceRef.localPath,
        downloadPct: 100,
        downloadState: 'DOWNLOADED',
        state: 'Ready',
        templateSize: sourceRef.templateSize,
      },
    ]);
  });

  it('uses the source backing file with copySrcTemplate=true when the destination reference names another file, and updates that reference in place, never a duplicate (R18 [PR, inferred], R21 [PR], R24 Filesystem source)', async () => {
    const p = await prepare(stack, 'destination-backing-differs');
    const backing = await installPath('local-kvm-a1');
    const sourceRef = (await spoolRefs(stack, stack.names.poolId('local-kvm-a1'), ubuntu()))[0];
    const [destinationRef] = await spoolRefs(stack, stack.names.poolId('local-kvm-b1'), ubuntu());
    expect(destinationRef.installPath).not.toBe(backing);

    const job = await stack.migrate(p.request);

    await expectCommandLog(stack, job, [
      cmd.linkedClone('kvm-b1', 'ROOT-3', 'local-kvm-b1', true, backing),
      cmd.prepare('kvm-b1'),
      cmd.migrate('kvm-a1', {
        destIp: '10.1.1.21',
        migrateNonSharedInc: true,
        migrateStorageManaged: false,
        // R24: a Filesystem source is deleted by the agent after the migration.
        migrateStorage: { 'src:ROOT-3': disk('/var/lib/libvirt/images/dest:ROOT-3', `/var/lib/libvirt/images/${backing}`, 'file', true) },
        migrateDiskInfoList: ['src:ROOT-3'],
      }),
      cmd.deleteSource('kvm-a1', 'ROOT-3', 'local-kvm-a1'),
    ]);
    await expectMigrated(stack, p, job, { destinationHost: 'kvm-b1', migrated: [{ index: 0, pool: 'local-kvm-b1' }] });
    expect(await spoolRefs(stack, stack.names.poolId('local-kvm-b1'), ubuntu())).toEqual([
      {
        ...destinationRef,
        installPath: backing,
        localPath: sourceRef.localPath,
        templateSize: sourceRef.templateSize,
        downloadPct: 100,
        downloadState: 'DOWNLOADED',
        state: 'Ready',
      },
    ]);
  });
});
