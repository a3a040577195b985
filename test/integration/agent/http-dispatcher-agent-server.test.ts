import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentCommand, AgentOutcome } from '../../../src/domain/agent/agent-command';
import { HttpAgentDispatcher } from '../../../src/infra/agent/http-agent-dispatcher';
import {
  GiB,
  VM_NAME,
  agentHost,
  command,
  diskInfo,
  fullClone,
  linkedClone,
  migrateBody,
  primaryStore,
  vmTO,
  volumeTO,
} from '../../unit/infra/agent/support/fleet-fixture';
import { type AgentServerHarness, closedPort, startHarness } from './support/agent-server-harness';

const createRoot = command('CreateObjectCommand', {
  data: volumeTO({ uuid: 'dest-100', store: primaryStore('nfs-dst'), migrationOptions: linkedClone() }),
});
const createData = command('CreateObjectCommand', {
  data: volumeTO({ uuid: 'dest-101', size: 5 * GiB, templateId: null, store: primaryStore('local-dst'), migrationOptions: fullClone() }),
});
const prepare = command('PrepareForMigrationCommand', { vm: vmTO(), rollback: false });
const migrate = (wait: number) =>
  command(
    'MigrateCommand',
    migrateBody(
      [
        diskInfo({ serialNumber: 'vol-100', sourceText: '/export/nfs-dst/dest-100', backingStoreText: '/export/nfs-dst/tmpl-201-src' }),
        diskInfo({ serialNumber: 'vol-101', sourceText: '/var/lib/libvirt/images/dest-101', isSourceDiskOnStorageFileSystem: true }),
      ],
      { migrateNonSharedInc: true },
    ),
    wait,
  );
const check = command('CheckVirtualMachineCommand', { vmName: VM_NAME });

let harness: AgentServerHarness;
afterEach(async () => {
  await harness?.server.close();
});

let nextSeq = 1;
async function run(hostId: number, cmd: AgentCommand, seq = nextSeq++) {
  return harness.dispatcher.send(agentHost(hostId), cmd, { jobId: 'job-7', seq });
}

describe('HttpAgentDispatcher against the agent server', () => {
  it('carries a whole migration over HTTP and leaves the fleet and the log as the simulator would', async () => {
    harness = await startHarness();

    const sequence: Array<[number, AgentCommand]> = [
      [2, createRoot],
      [2, createData],
      [2, prepare],
      [1, migrate(60)],
      [2, check],
    ];
    const outcomes: AgentOutcome[] = [];
    for (const [i, [hostId, cmd]] of sequence.entries()) outcomes.push(await run(hostId, cmd, i + 1));

    expect(outcomes.map((o) => (o.kind === 'ANSWERED' ? [o.answer.name, o.answer.result] : o.kind))).toEqual([
      ['CreateObjectAnswer', true],
      ['CreateObjectAnswer', true],
      ['PrepareForMigrationAnswer', true],
      ['MigrateAnswer', true],
      ['CheckVirtualMachineAnswer', true],
    ]);
    expect(outcomes[4]).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'CheckVirtualMachineAnswer', result: true, details: null, body: { state: 'PowerOn' } },
    });
    const log = await harness.control('GET', 'log');
    expect(log).toEqual({
      status: 200,
      json: {
        entries: sequence.map(([hostId, cmd], i) => ({
          seq: i + 1,
          hostId,
          name: cmd.name,
          body: cmd.body,
          outcome: outcomes[i],
          origin: { jobId: 'job-7', seq: i + 1 },
          repeated: false,
          fault: null,
        })),
      },
    });
    const state = (await harness.control('GET', 'state')).json as { hosts: Array<{ runningVms: unknown }> };
    expect(state.hosts[1].runningVms).toEqual({ [VM_NAME]: ['/export/nfs-dst/dest-100', '/var/lib/libvirt/images/dest-101'] });
  });

  it('keeps the details of a failed generic Answer', async () => {
    harness = await startHarness();
    const modifyTargets = command('ModifyTargetsCommand', {
      targets: [{ iqn: 'iqn-404', storageType: 'PowerFlex', storageUuid: 'flex-1', storageHost: '10.1.0.7', storagePort: 443 }],
      add: true,
      applyToAllHostsInCluster: true,
      targetTypeToRemove: 'DYNAMIC',
    });

    expect(await run(2, modifyTargets)).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'Answer', result: false, details: "Can't find volume:iqn-404", body: {} },
    });
  });

  it('relays a null answer as NO_ANSWER', async () => {
    harness = await startHarness();
    await harness.control('POST', 'faults', { hostId: 2, command: 'PrepareForMigrationCommand', fault: 'NO_ANSWER' });

    expect(await run(2, prepare)).toEqual({ kind: 'NO_ANSWER' });
  });

  it('times out after `wait` seconds, after which the held Migrate takes effect and the destination reports PowerOn', async () => {
    harness = await startHarness();
    await run(2, createRoot);
    await run(2, createData);
    await run(2, prepare);
    await harness.control('POST', 'faults', { hostId: 1, command: 'MigrateCommand', fault: 'TIMEOUT', effect: 'APPLIED' });

    const started = Date.now();
    const outcome = await run(1, migrate(1));
    const elapsed = Date.now() - started;

    expect(outcome.kind).toBe('TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5000);
    // The server learns the client gave up when the socket closes, an event-loop turn later.
    await vi.waitFor(() => expect(harness.simulator.state().hosts[1].runningVms).toHaveProperty(VM_NAME));
    expect(await run(2, check)).toMatchObject({ answer: { body: { state: 'PowerOn' } } });
  });

  it('times out without effect when the fault says the host did nothing', async () => {
    harness = await startHarness();
    await harness.control('POST', 'faults', { hostId: 2, command: 'CreateObjectCommand', fault: 'TIMEOUT' });

    const outcome = await run(2, command('CreateObjectCommand', createRoot.body, 1));
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(outcome.kind).toBe('TIMEOUT');
    expect(harness.simulator.state().pools['nfs-dst'].files).toEqual({});
  });

  it('reports a closed port UNREACHABLE after the two allowed retries', async () => {
    harness = await startHarness();
    const port = await closedPort();
    let attempts = 0;
    const dispatcher = new HttpAgentDispatcher({
      urlTemplate: `http://127.0.0.1:${port}/v1`,
      retryDelayMs: 10,
      fetchImpl: (input, init) => {
        attempts += 1;
        return fetch(input, init);
      },
    });

    const outcome = await dispatcher.send(agentHost(2), prepare, { jobId: 'job-7', seq: 1 });

    expect(outcome).toEqual({
      kind: 'UNREACHABLE',
      message: `Unable to reach the agent of host 2 (kvm-02) at http://127.0.0.1:${port}/v1/commands: fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    });
    expect(attempts).toBe(3);
  });

  it('reports a socket destroyed mid-request UNREACHABLE and never re-sends the command', async () => {
    harness = await startHarness();
    await harness.control('POST', 'faults', { hostId: 2, command: 'CreateObjectCommand', fault: 'UNREACHABLE' });

    const outcome = await run(2, createRoot);

    expect(outcome.kind).toBe('UNREACHABLE');
    expect(harness.sent).toHaveLength(1);
    const log = (await harness.control('GET', 'log')).json as { entries: unknown[] };
    expect(log.entries).toHaveLength(1);
  });

  it('reports a host whose agent is down UNREACHABLE', async () => {
    harness = await startHarness();
    await harness.control('POST', 'host-reachability', { hostId: 2, reachable: false });

    expect((await run(2, prepare)).kind).toBe('UNREACHABLE');
  });

  it('is refused without the bearer token the server requires, before the command reaches the fleet', async () => {
    harness = await startHarness({ token: 'agent-token', dispatcherToken: null });

    const outcome = await run(2, prepare);

    expect(outcome).toEqual({
      kind: 'UNREACHABLE',
      message: `The agent of host 2 (kvm-02) at ${harness.server.url}/v1/commands answered HTTP 401`,
    });
    expect(harness.simulator.commandLog()).toEqual([]);
  });

  it('is answered when it carries the bearer token the server requires', async () => {
    harness = await startHarness({ token: 'agent-token' });

    expect(await run(2, prepare)).toMatchObject({ kind: 'ANSWERED', answer: { name: 'PrepareForMigrationAnswer', result: true } });
  });

  it('puts on the wire the seq the job recorded for the command, not a counter of its own', async () => {
    harness = await startHarness();

    await run(2, prepare, 7);
    await run(2, check, 8);
    await run(1, check, 12);

    expect(harness.sent.map((r) => [r.seq, r.jobId])).toEqual([
      [7, 'job-7'],
      [8, 'job-7'],
      [12, 'job-7'],
    ]);
  });
});
