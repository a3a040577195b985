import { describe, expect, it } from 'vitest';
import type { KvmFleetSimulator } from '../../../../src/infra/agent/kvm-fleet-simulator';
import {
  DEMO_SOURCE_FILES,
  GiB,
  VM_NAME,
  command,
  demoSimulator,
  diskInfo,
  fullClone,
  linkedClone,
  migrateBody,
  primaryStore,
  sendTo,
  vmTO,
  volumeTO,
} from './support/fleet-fixture';

const prepare = (simulator: KvmFleetSimulator, rollback = false) => sendTo(simulator, 2, 'PrepareForMigrationCommand', { vm: vmTO(), rollback });

const rootLinkedClone = (o: { backingStoreText?: string | null } = {}) =>
  diskInfo({ serialNumber: 'vol-100', sourceText: '/export/nfs-dst/dest-100', backingStoreText: '/export/nfs-dst/tmpl-201-src', ...o });
const dataDiskToLocal = diskInfo({
  serialNumber: 'vol-101',
  sourceText: '/var/lib/libvirt/images/dest-101',
  isSourceDiskOnStorageFileSystem: true,
});

/** R19 destination disks: ROOT as a linked clone on nfs-dst, the data disk as an empty disk on local-dst. */
async function createDestinationDisks(simulator: KvmFleetSimulator, root = linkedClone()) {
  await sendTo(simulator, 2, 'CreateObjectCommand', { data: volumeTO({ uuid: 'dest-100', store: primaryStore('nfs-dst'), migrationOptions: root }) });
  await sendTo(simulator, 2, 'CreateObjectCommand', {
    data: volumeTO({ uuid: 'dest-101', size: 5 * GiB, templateId: null, store: primaryStore('local-dst'), migrationOptions: fullClone() }),
  });
}

function migrateFailure(details: string) {
  return { kind: 'ANSWERED', answer: { name: 'MigrateAnswer', result: false, details, body: {} } };
}

describe('PrepareForMigrationCommand on the simulated fleet', () => {
  it('marks the domain prepared on the destination and answers no cpu shares by default', async () => {
    const simulator = demoSimulator();

    const outcome = await prepare(simulator);

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'PrepareForMigrationAnswer', result: true, details: null, body: { newVmCpuShares: null } },
    });
    expect(simulator.state().hosts[1].preparedVms).toEqual([VM_NAME]);
  });

  it('clears the preparation on rollback and carries the cpu shares the host was given', async () => {
    const simulator = demoSimulator();
    simulator.setPrepareCpuShares(2, 512);
    await prepare(simulator);

    const outcome = await prepare(simulator, true);

    expect(outcome).toMatchObject({ answer: { result: true, body: { newVmCpuShares: 512 } } });
    expect(simulator.state().hosts[1].preparedVms).toEqual([]);
  });
});

describe('MigrateCommand on the simulated fleet', () => {
  it('moves the domain after a linked-clone incremental migration whose backing file was copied with copySrcTemplate', async () => {
    const simulator = demoSimulator();
    await createDestinationDisks(simulator);
    await prepare(simulator);
    simulator.clearLog();
    const body = migrateBody([rootLinkedClone(), dataDiskToLocal], { migrateNonSharedInc: true });

    const outcome = await sendTo(simulator, 1, 'MigrateCommand', body, 86400);

    const answer = { name: 'MigrateAnswer', result: true, details: null, body: { vncPort: 5900 } };
    expect(outcome).toEqual({ kind: 'ANSWERED', answer });
    expect(simulator.commandLog()).toEqual([
      {
        seq: 1,
        hostId: 1,
        name: 'MigrateCommand',
        body,
        outcome: { kind: 'ANSWERED', answer },
        origin: { jobId: 'job-1', seq: expect.any(Number) },
        repeated: false,
        fault: null,
      },
    ]);
    const state = simulator.state();
    expect(state.hosts[0].runningVms).toEqual({});
    expect(state.hosts[1].runningVms).toEqual({ [VM_NAME]: ['/export/nfs-dst/dest-100', '/var/lib/libvirt/images/dest-101'] });
    expect(state.hosts[1].preparedVms).toEqual([]);
    // The agent deletes the local (Filesystem) source disk itself; the NFS source waits for the expunge (R30).
    expect(state.pools['local-src'].files).toEqual({});
    expect(state.pools['nfs-src'].files).toEqual(DEMO_SOURCE_FILES['nfs-src']);
  });

  it('fails a linked-clone incremental migration like libvirt when the backing file is missing on the destination pool', async () => {
    const simulator = demoSimulator();
    await createDestinationDisks(simulator);
    await prepare(simulator);
    // The destination template reference names a file the pool does not have (stale reference).
    const body = migrateBody([rootLinkedClone({ backingStoreText: '/export/nfs-dst/tmpl-201-dst' }), dataDiskToLocal], {
      migrateNonSharedInc: true,
    });

    const outcome = await sendTo(simulator, 1, 'MigrateCommand', body);

    expect(outcome).toEqual(
      migrateFailure(
        "Cannot access backing file '/export/nfs-dst/tmpl-201-dst' of storage file '/export/nfs-dst/dest-100' " +
          '(as uid:107, gid:107): No such file or directory',
      ),
    );
    const state = simulator.state();
    expect(state.hosts[0].runningVms).toEqual({ [VM_NAME]: ['/export/nfs-src/vol-100', '/var/lib/libvirt/images/vol-101'] });
    expect(state.hosts[1].runningVms).toEqual({});
    expect(state.pools['local-src'].files).toEqual(DEMO_SOURCE_FILES['local-src']);
  });

  it("fails an incremental migration when the destination disk's own backing file is missing", async () => {
    const simulator = demoSimulator();
    simulator.fleet.putFile('nfs-dst', 'dest-100', { size: 10 * GiB, backingFile: 'tmpl-201-src' });
    await prepare(simulator);

    const outcome = await sendTo(simulator, 1, 'MigrateCommand', migrateBody([rootLinkedClone({ backingStoreText: null })], { migrateNonSharedInc: true }));

    expect(outcome).toEqual(
      migrateFailure(
        "Cannot access backing file '/export/nfs-dst/tmpl-201-src' of storage file '/export/nfs-dst/dest-100' " +
          '(as uid:107, gid:107): No such file or directory',
      ),
    );
  });

  it('fails an incremental migration that would drop the backing chain of a full-clone destination disk', async () => {
    const simulator = demoSimulator();
    await createDestinationDisks(simulator, fullClone());
    await prepare(simulator);

    const body = migrateBody([rootLinkedClone({ backingStoreText: null }), dataDiskToLocal], { migrateNonSharedInc: true });
    const outcome = await sendTo(simulator, 1, 'MigrateCommand', body);

    expect(outcome).toEqual(
      migrateFailure(
        "operation failed: incremental storage migration of '/export/nfs-src/vol-100' copies only its top layer, " +
          "but '/export/nfs-dst/dest-100' has no backing file",
      ),
    );
  });

  it('moves the domain in a full-copy migration onto full-clone destination disks and deletes the Filesystem source disk', async () => {
    const simulator = demoSimulator();
    await createDestinationDisks(simulator, fullClone());
    await prepare(simulator);

    const outcome = await sendTo(simulator, 1, 'MigrateCommand', migrateBody([rootLinkedClone({ backingStoreText: null }), dataDiskToLocal]));

    expect(outcome).toMatchObject({ kind: 'ANSWERED', answer: { name: 'MigrateAnswer', result: true } });
    const state = simulator.state();
    expect(state.hosts[1].runningVms).toEqual({ [VM_NAME]: ['/export/nfs-dst/dest-100', '/var/lib/libvirt/images/dest-101'] });
    expect(state.pools['local-src'].files).toEqual({});
    expect(state.pools['local-dst'].files).toEqual({ 'dest-101': { size: 5 * GiB, backingFile: null } });
  });

  it('fails a full-copy migration whose destination disk does not exist', async () => {
    const simulator = demoSimulator();
    await prepare(simulator);

    const outcome = await sendTo(simulator, 1, 'MigrateCommand', migrateBody([rootLinkedClone({ backingStoreText: null })]));

    expect(outcome).toEqual(migrateFailure("Cannot access storage file '/export/nfs-dst/dest-100' (as uid:107, gid:107): No such file or directory"));
  });

  it('migrates onto a managed volume only once ModifyTargets connected it on the destination host', async () => {
    const simulator = demoSimulator();
    simulator.fleet.putFile('flex-1', 'iqn-100', { size: 10 * GiB, backingFile: null });
    await prepare(simulator);
    const body = migrateBody(
      [diskInfo({ serialNumber: 'vol-100', sourceText: '/dev/disk/by-id/powerflex-iqn-100', diskType: 'block', driverType: 'raw', source: 'dev' })],
      { migrateStorageManaged: true, migrateNonSharedInc: true },
    );
    const before = await sendTo(simulator, 1, 'MigrateCommand', body);
    await sendTo(simulator, 2, 'ModifyTargetsCommand', {
      targets: [{ iqn: 'iqn-100', storageType: 'PowerFlex', storageUuid: 'flex-1', storageHost: '10.1.0.7', storagePort: 443 }],
      add: true,
      applyToAllHostsInCluster: true,
      targetTypeToRemove: 'DYNAMIC',
    });

    const after = await sendTo(simulator, 1, 'MigrateCommand', body);

    expect(before).toEqual(migrateFailure("Cannot access storage file '/dev/disk/by-id/powerflex-iqn-100' (as uid:107, gid:107): No such file or directory"));
    expect(after).toMatchObject({ answer: { name: 'MigrateAnswer', result: true } });
    expect(simulator.state().hosts[1].runningVms).toEqual({
      [VM_NAME]: ['/dev/disk/by-id/powerflex-iqn-100', '/var/lib/libvirt/images/vol-101'],
    });
  });

  it('refuses a destination that was not prepared for the domain', async () => {
    const simulator = demoSimulator();
    await createDestinationDisks(simulator);

    const outcome = await sendTo(simulator, 1, 'MigrateCommand', migrateBody([rootLinkedClone()], { migrateNonSharedInc: true }));

    expect(outcome).toEqual(migrateFailure(`Requested operation is not valid: domain '${VM_NAME}' was not prepared for migration on 10.1.1.12`));
  });

  it('fails when sent to a host the domain does not run on', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'MigrateCommand', migrateBody([]));

    expect(outcome).toEqual(migrateFailure(`Domain not found: no domain with matching name '${VM_NAME}'`));
  });

  it('fails when the destination host is down', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 1, 'MigrateCommand', migrateBody([], { destIp: '10.1.1.13' }));

    expect(outcome).toEqual(migrateFailure("unable to connect to server at '10.1.1.13:16509': Connection refused"));
  });
});

describe('CheckVirtualMachineCommand on the simulated fleet', () => {
  const check = (simulator: KvmFleetSimulator, hostId: number) => sendTo(simulator, hostId, 'CheckVirtualMachineCommand', { vmName: VM_NAME });
  const powerState = (state: string) => ({
    kind: 'ANSWERED',
    answer: { name: 'CheckVirtualMachineAnswer', result: true, details: null, body: { state } },
  });

  it('answers PowerOn where the domain runs and PowerOff elsewhere', async () => {
    const simulator = demoSimulator();

    expect(await check(simulator, 1)).toEqual(powerState('PowerOn'));
    expect(await check(simulator, 2)).toEqual(powerState('PowerOff'));
  });

  it('answers PowerOn on the destination after a Migrate that timed out but took effect', async () => {
    const simulator = demoSimulator();
    await createDestinationDisks(simulator);
    await prepare(simulator);
    simulator.injectFault({ hostId: 1, command: 'MigrateCommand', fault: 'TIMEOUT', effect: 'APPLIED' });

    const migrate = await simulator.send(
      { id: 1, uuid: 'host-uuid-1', name: 'kvm-01', privateIpAddress: '10.1.1.11' },
      command('MigrateCommand', migrateBody([rootLinkedClone(), dataDiskToLocal], { migrateNonSharedInc: true }), 86400),
      { jobId: 'job-1', seq: 1 },
    );

    expect(migrate).toEqual({
      kind: 'TIMEOUT',
      message: 'Timed out waiting for the answer to MigrateCommand from host 1 (wait 86400 s)',
    });
    expect(await check(simulator, 2)).toEqual(powerState('PowerOn'));
    expect(await check(simulator, 1)).toEqual(powerState('PowerOff'));
  });

  it('answers PowerOff on the destination after a Migrate that timed out without effect', async () => {
    const simulator = demoSimulator();
    await createDestinationDisks(simulator);
    await prepare(simulator);
    simulator.injectFault({ hostId: 1, command: 'MigrateCommand', fault: 'TIMEOUT', effect: 'NOT_APPLIED' });

    await sendTo(simulator, 1, 'MigrateCommand', migrateBody([rootLinkedClone(), dataDiskToLocal], { migrateNonSharedInc: true }));

    expect(await check(simulator, 2)).toEqual(powerState('PowerOff'));
    expect(simulator.state().hosts[0].runningVms).toEqual({ [VM_NAME]: ['/export/nfs-src/vol-100', '/var/lib/libvirt/images/vol-101'] });
  });

  it('answers the power state a test set, until the override is removed', async () => {
    const simulator = demoSimulator();
    simulator.setPowerState(2, VM_NAME, 'Unknown');

    expect(await check(simulator, 2)).toEqual(powerState('Unknown'));
    simulator.setPowerState(2, VM_NAME, null);
    expect(await check(simulator, 2)).toEqual(powerState('PowerOff'));
  });
});
