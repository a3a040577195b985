import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SOURCE_FILES, VM_NAME, agentHost, command, demoInventory, makeHost } from '../../unit/infra/agent/support/fleet-fixture';
import { type AgentServerHarness, startHarness } from './support/agent-server-harness';

let harness: AgentServerHarness;
afterEach(async () => {
  await harness?.server.close();
});

const check = command('CheckVirtualMachineCommand', { vmName: VM_NAME });
const run = (hostId: number) => harness.dispatcher.send(agentHost(hostId), check, { jobId: 'job-1', seq: 1 });

async function postRaw(path: string, body: string) {
  const response = await fetch(`${harness.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, json: await response.json() };
}

describe('agent server test-control endpoints', () => {
  it('loads an inventory posted as JSON records and shows it in the state', async () => {
    harness = await startHarness();
    const inventory = JSON.parse(JSON.stringify({ ...demoInventory(), hosts: [makeHost({ id: 1 })] }));

    const loaded = await harness.control('POST', 'inventory', inventory);
    const state = await harness.control('GET', 'state');

    expect(loaded).toEqual(state);
    expect(state.json).toMatchObject({
      hosts: [
        {
          id: 1,
          name: 'kvm-01',
          privateIp: '10.1.1.11',
          reachable: true,
          preparedVms: [],
          runningVms: { [VM_NAME]: ['/export/nfs-src/vol-100', '/var/lib/libvirt/images/vol-101'] },
        },
      ],
    });
    expect((state.json as { pools: Record<string, { files: unknown }> }).pools['nfs-src'].files).toEqual(DEMO_SOURCE_FILES['nfs-src']);
  });

  it('injects a list of faults, lists the pending ones and clears them', async () => {
    harness = await startHarness();

    const injected = await harness.control('POST', 'faults', [
      { hostId: 2, command: 'CheckVirtualMachineCommand', fault: 'FAILED_ANSWER', details: 'agent busy', times: 2 },
      { command: 'MigrateCommand', fault: 'TIMEOUT', effect: 'APPLIED' },
    ]);
    const failed = await run(2);
    const pending = await harness.control('GET', 'faults');
    const cleared = await harness.control('DELETE', 'faults');

    expect(injected.status).toBe(200);
    expect(failed).toEqual({ kind: 'ANSWERED', answer: { name: 'Answer', result: false, details: 'agent busy', body: {} } });
    expect(pending.json).toEqual({
      pending: [
        { hostId: 2, command: 'CheckVirtualMachineCommand', fault: 'FAILED_ANSWER', details: 'agent busy', times: 1 },
        { command: 'MigrateCommand', fault: 'TIMEOUT', effect: 'APPLIED', times: 1 },
      ],
    });
    expect(cleared.status).toBe(204);
    expect(harness.simulator.pendingFaults()).toEqual([]);
  });

  it('rejects a fault spec that cannot happen with 400 and its reason', async () => {
    harness = await startHarness();

    expect(await harness.control('POST', 'faults', { command: 'MigrateCommand', fault: 'EMPTY_CONNECTED_PATHS' })).toEqual({
      status: 400,
      json: { error: 'EMPTY_CONNECTED_PATHS only applies to ModifyTargetsCommand' },
    });
  });

  it('overrides the power state CheckVirtualMachine reports', async () => {
    harness = await startHarness();

    const set = await harness.control('POST', 'power-state', { hostId: 2, instanceName: VM_NAME, state: 'PowerOn' });

    expect(set.status).toBe(204);
    expect(await run(2)).toMatchObject({ answer: { body: { state: 'PowerOn' } } });
  });

  it('serves and clears the command log', async () => {
    harness = await startHarness();
    const outcome = await run(1);

    const log = await harness.control('GET', 'log');
    const cleared = await harness.control('DELETE', 'log');

    expect(log.json).toEqual({
      entries: [
        { seq: 1, hostId: 1, name: 'CheckVirtualMachineCommand', body: check.body, outcome, origin: { jobId: 'job-1', seq: 1 }, repeated: false, fault: null },
      ],
    });
    expect(cleared.status).toBe(204);
    expect(harness.simulator.commandLog()).toEqual([]);
  });

  it('answers 404 for an unknown control endpoint', async () => {
    harness = await startHarness();

    expect(await harness.control('GET', 'nothing')).toEqual({ status: 404, json: { error: 'no control endpoint GET /_sim/nothing' } });
  });

  it('requires the bearer token on control endpoints too when one is configured', async () => {
    harness = await startHarness({ token: 'agent-token' });

    const response = await fetch(`${harness.server.url}/_sim/state`);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('agent server command endpoint', () => {
  it('answers 400 to a body that is not JSON', async () => {
    harness = await startHarness();

    expect(await postRaw('/v1/commands', '{oops')).toEqual({ status: 400, json: { error: 'body is not JSON' } });
  });

  it('answers 400 to JSON that is not the protocol and runs nothing', async () => {
    harness = await startHarness();

    const response = await postRaw('/v1/commands', JSON.stringify({ protocol: 2, command: { name: 'MigrateCommand' } }));

    expect(response).toEqual({ status: 400, json: { error: 'unsupported protocol 2' } });
    expect(harness.simulator.commandLog()).toEqual([]);
  });

  it('accepts the commands path under any prefix', async () => {
    harness = await startHarness();
    const request = {
      protocol: 1,
      seq: 1,
      jobId: 'j',
      host: { id: 1, uuid: null, name: 'kvm-01' },
      command: { name: 'CheckVirtualMachineCommand', wait: 5, executeInSequence: false, body: { vmName: VM_NAME } },
    };

    const response = await postRaw('/agents/1/commands', JSON.stringify(request));

    expect(response).toEqual({
      status: 200,
      json: { answer: { name: 'CheckVirtualMachineAnswer', result: true, details: null, body: { state: 'PowerOn' } } },
    });
  });
});
