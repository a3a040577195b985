import { describe, expect, it } from 'vitest';
import type { CommandLogEntry } from '../../../../src/infra/agent/command-log';
import { GiB, VM_NAME, demoSimulator, diskInfo, fullClone, migrateBody, primaryStore, sendTo, vmTO, volumeTO } from './support/fleet-fixture';

const createBody = { data: volumeTO({ uuid: 'dest-100', store: primaryStore('nfs-dst'), migrationOptions: fullClone() }) };
const modifyTargetsBody = {
  targets: [{ iqn: 'iqn-100', storageType: 'PowerFlex', storageUuid: 'flex-1', storageHost: '10.1.0.7', storagePort: 443 }],
  add: true,
  applyToAllHostsInCluster: true,
  targetTypeToRemove: 'DYNAMIC',
};
const createdFile = { 'dest-100': { size: 10 * GiB, backingFile: null } };

describe('KvmFleetSimulator faults', () => {
  it('answers FAILED_ANSWER with the generic Answer and its details, without applying the command', async () => {
    const simulator = demoSimulator();
    simulator.injectFault({ hostId: 2, command: 'CreateObjectCommand', fault: 'FAILED_ANSWER', details: 'disk full' });

    const outcome = await sendTo(simulator, 2, 'CreateObjectCommand', createBody);

    expect(outcome).toEqual({ kind: 'ANSWERED', answer: { name: 'Answer', result: false, details: 'disk full', body: {} } });
    expect(simulator.state().pools['nfs-dst'].files).toEqual({});
  });

  it('answers FAILED_SPECIFIC with the command’s own answer class and a default details text', async () => {
    const simulator = demoSimulator();
    simulator.injectFault({ command: 'MigrateCommand', fault: 'FAILED_SPECIFIC' });

    const outcome = await sendTo(simulator, 1, 'MigrateCommand', migrateBody([]));

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'MigrateAnswer', result: false, details: 'Simulated failure of MigrateCommand on host 1', body: {} },
    });
    expect(simulator.state().hosts[0].runningVms).toHaveProperty(VM_NAME);
  });

  it('answers NO_ANSWER and applies the command only when the fault says the effect happened', async () => {
    const simulator = demoSimulator();
    simulator.injectFault({ command: 'CreateObjectCommand', fault: 'NO_ANSWER' });
    simulator.injectFault({ command: 'CreateObjectCommand', fault: 'NO_ANSWER', effect: 'APPLIED' });

    const first = await sendTo(simulator, 2, 'CreateObjectCommand', createBody);
    const filesAfterFirst = simulator.state().pools['nfs-dst'].files;
    const second = await sendTo(simulator, 2, 'CreateObjectCommand', createBody);

    expect([first, second]).toEqual([{ kind: 'NO_ANSWER' }, { kind: 'NO_ANSWER' }]);
    expect(filesAfterFirst).toEqual({});
    expect(simulator.state().pools['nfs-dst'].files).toEqual(createdFile);
  });

  it('answers TIMEOUT and, with effect APPLIED, leaves the command carried out', async () => {
    const simulator = demoSimulator();
    simulator.injectFault({ hostId: 2, command: 'CreateObjectCommand', fault: 'TIMEOUT', effect: 'APPLIED' });

    const outcome = await sendTo(simulator, 2, 'CreateObjectCommand', createBody, 600);

    expect(outcome).toEqual({ kind: 'TIMEOUT', message: 'Timed out waiting for the answer to CreateObjectCommand from host 2 (wait 600 s)' });
    expect(simulator.state().pools['nfs-dst'].files).toEqual(createdFile);
  });

  it('answers UNREACHABLE without applying the command by default', async () => {
    const simulator = demoSimulator();
    simulator.injectFault({ hostId: 2, command: 'CreateObjectCommand', fault: 'UNREACHABLE' });

    const outcome = await sendTo(simulator, 2, 'CreateObjectCommand', createBody);

    expect(outcome).toEqual({ kind: 'UNREACHABLE', message: 'Host 2 (kvm-02) became unreachable' });
    expect(simulator.state().pools['nfs-dst'].files).toEqual({});
  });

  it('answers EMPTY_CONNECTED_PATHS with a successful ModifyTargetsAnswer listing no path', async () => {
    const simulator = demoSimulator();
    simulator.fleet.putFile('flex-1', 'iqn-100', { size: GiB, backingFile: null });
    simulator.injectFault({ command: 'ModifyTargetsCommand', fault: 'EMPTY_CONNECTED_PATHS' });

    const outcome = await sendTo(simulator, 2, 'ModifyTargetsCommand', modifyTargetsBody);

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'ModifyTargetsAnswer', result: true, details: null, body: { connectedPaths: [] } },
    });
  });

  it('fires a fault only on its host, `times` times, in injection order', async () => {
    const simulator = demoSimulator();
    simulator.injectFault({ hostId: 2, command: 'PrepareForMigrationCommand', fault: 'FAILED_ANSWER', details: 'first', times: 2 });
    simulator.injectFault({ hostId: 2, command: 'PrepareForMigrationCommand', fault: 'FAILED_ANSWER', details: 'second' });
    const prepare = (hostId: number) => sendTo(simulator, hostId, 'PrepareForMigrationCommand', { vm: vmTO(), rollback: false });

    const onOtherHost = await prepare(1);
    const details = [];
    for (let i = 0; i < 4; i += 1) {
      const outcome = await prepare(2);
      details.push(outcome.kind === 'ANSWERED' ? outcome.answer.details : outcome.kind);
    }

    expect(onOtherHost).toMatchObject({ answer: { name: 'PrepareForMigrationAnswer', result: true } });
    expect(details).toEqual(['first', 'first', 'second', null]);
    expect(simulator.pendingFaults()).toEqual([]);
  });

  it('answers UNREACHABLE for a host whose agent is down and keeps its faults queued', async () => {
    const simulator = demoSimulator();
    simulator.injectFault({ hostId: 2, command: 'PrepareForMigrationCommand', fault: 'FAILED_ANSWER' });
    simulator.setHostReachable(2, false);

    const outcome = await sendTo(simulator, 2, 'PrepareForMigrationCommand', { vm: vmTO(), rollback: false });

    expect(outcome).toEqual({ kind: 'UNREACHABLE', message: 'Host 2 (kvm-02) is unreachable' });
    expect(simulator.pendingFaults()).toEqual([{ hostId: 2, command: 'PrepareForMigrationCommand', fault: 'FAILED_ANSWER', times: 1 }]);
  });

  it('answers UNREACHABLE for a host it does not know', async () => {
    const simulator = demoSimulator();

    expect(await sendTo(simulator, 99, 'DeleteCommand', {})).toEqual({ kind: 'UNREACHABLE', message: 'No agent is connected for host 99' });
  });

  it('answers an unknown command with the generic failed Answer of an unsupported command', async () => {
    const simulator = demoSimulator();

    const outcome = await simulator.send(
      { id: 1, uuid: null, name: 'kvm-01', privateIpAddress: '10.1.1.11' },
      { name: 'StopCommand' as never, wait: 60, executeInSequence: false, body: {} },
      { jobId: 'job-1', seq: 1 },
    );

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: {
        name: 'Answer',
        result: false,
        body: {},
        details: 'Unsupported command issued: StopCommand.  Are you sure you got the right type of server?',
      },
    });
  });

  it('answers a command whose body the handler cannot read with a generic failed Answer', async () => {
    const simulator = demoSimulator();

    const outcome = await sendTo(simulator, 2, 'CreateObjectCommand', { nothing: true });

    expect(outcome).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'Answer', result: false, details: "Cannot read properties of undefined (reading 'store')", body: {} },
    });
  });

  it('rejects a fault spec that cannot happen', () => {
    const simulator = demoSimulator();

    expect(() => simulator.injectFault({ command: 'MigrateCommand', fault: 'FAILED_ANSWER', effect: 'APPLIED' })).toThrow(
      'fault.effect only applies to NO_ANSWER, TIMEOUT, UNREACHABLE',
    );
    expect(() => simulator.injectFault({ command: 'MigrateCommand', fault: 'EMPTY_CONNECTED_PATHS' })).toThrow(
      'EMPTY_CONNECTED_PATHS only applies to ModifyTargetsCommand',
    );
    expect(() => simulator.injectFault({ command: 'MigrateCommand', fault: 'BOOM' as never })).toThrow('fault.fault must be one of');
  });
});

describe('KvmFleetSimulator command log', () => {
  it('records every command in order with its body and outcome, faulted ones included', async () => {
    const simulator = demoSimulator();
    simulator.injectFault({ hostId: 1, command: 'MigrateCommand', fault: 'TIMEOUT' });
    const prepareBody = { vm: vmTO(), rollback: false };
    const migrate = migrateBody([diskInfo({ serialNumber: 'vol-100', sourceText: '/export/nfs-dst/dest-100' })]);

    await sendTo(simulator, 2, 'CreateObjectCommand', createBody);
    await sendTo(simulator, 2, 'PrepareForMigrationCommand', prepareBody);
    await sendTo(simulator, 1, 'MigrateCommand', migrate, 86400);
    await sendTo(simulator, 2, 'CheckVirtualMachineCommand', { vmName: VM_NAME });

    const origin = { jobId: 'job-1', seq: expect.any(Number) };
    const expected: CommandLogEntry[] = [
      {
        seq: 1,
        hostId: 2,
        name: 'CreateObjectCommand',
        body: createBody,
        origin,
        repeated: false,
        fault: null,
        outcome: {
          kind: 'ANSWERED',
          answer: {
            name: 'CreateObjectAnswer',
            result: true,
            details: null,
            body: { data: { path: 'dest-100', size: 10 * GiB, format: 'QCOW2' } },
          },
        },
      },
      {
        seq: 2,
        hostId: 2,
        name: 'PrepareForMigrationCommand',
        body: prepareBody,
        origin,
        repeated: false,
        fault: null,
        outcome: {
          kind: 'ANSWERED',
          answer: {
            name: 'PrepareForMigrationAnswer',
            result: true,
            details: null,
            body: { newVmCpuShares: null },
          },
        },
      },
      {
        seq: 3,
        hostId: 1,
        name: 'MigrateCommand',
        body: { ...migrate },
        origin,
        repeated: false,
        fault: 'TIMEOUT',
        outcome: {
          kind: 'TIMEOUT',
          message: 'Timed out waiting for the answer to MigrateCommand from host 1 (wait 86400 s)',
        },
      },
      {
        seq: 4,
        hostId: 2,
        name: 'CheckVirtualMachineCommand',
        body: { vmName: VM_NAME },
        origin,
        repeated: false,
        fault: null,
        outcome: {
          kind: 'ANSWERED',
          answer: {
            name: 'CheckVirtualMachineAnswer',
            result: true,
            details: null,
            body: { state: 'PowerOff' },
          },
        },
      },
    ];
    expect(simulator.commandLog()).toEqual(expected);
  });

  it('keeps the body as it was sent even if the sender changes its object afterwards', async () => {
    const simulator = demoSimulator();
    const body = { vmName: VM_NAME };
    const cmd = { name: 'CheckVirtualMachineCommand' as const, wait: 60, executeInSequence: false, body };
    await simulator.send({ id: 1, uuid: null, name: 'kvm-01', privateIpAddress: '10.1.1.11' }, cmd, { jobId: 'j', seq: 1 });

    body.vmName = 'changed';

    expect(simulator.commandLog()[0].body).toEqual({ vmName: VM_NAME });
  });

  it('starts numbering at 1 again after clearLog', async () => {
    const simulator = demoSimulator();
    await sendTo(simulator, 2, 'CheckVirtualMachineCommand', { vmName: VM_NAME });

    simulator.clearLog();
    await sendTo(simulator, 1, 'CheckVirtualMachineCommand', { vmName: VM_NAME });

    expect(simulator.commandLog().map((e) => [e.seq, e.hostId])).toEqual([[1, 1]]);
  });
});
