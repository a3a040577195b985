import { describe, expect, it } from 'vitest';
import type { AgentCommand } from '../../../../src/domain/agent/agent-command';
import { HttpAgentDispatcher } from '../../../../src/infra/agent/http-agent-dispatcher';

const host = { id: 5, uuid: '8c1e', name: 'kvm-02', privateIpAddress: '10.1.1.12' };
const migrate: AgentCommand = { name: 'MigrateCommand', wait: 60, executeInSequence: true, body: { vmName: 'i-2-10-VM' } };
const ok = () => Response.json({ answer: { name: 'MigrateAnswer', result: true, details: null, body: { vncPort: 5900 } } });

function socketError(code: string, message: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

/** A fetch that plays one scripted reaction per call and records what it was called with. */
function scriptedFetch(...reactions: Array<(init: RequestInit) => Promise<Response> | Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const react = reactions[Math.min(calls.length, reactions.length) - 1];
    return react(init);
  }) as unknown as typeof fetch;
  return { fetchImpl, calls };
}

describe(HttpAgentDispatcher.name, () => {
  it('posts the contract envelope to {base}/commands with the bearer token and a seq that grows per command', async () => {
    const { fetchImpl, calls } = scriptedFetch(ok);
    const dispatcher = new HttpAgentDispatcher({ token: 's3cret', fetchImpl });

    const first = await dispatcher.send(host, migrate, { jobId: 'job-1', seq: 1 });
    await dispatcher.send(host, { ...migrate, name: 'CheckVirtualMachineCommand', executeInSequence: false }, { jobId: 'job-1', seq: 2 });

    expect(first).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'MigrateAnswer', result: true, details: null, body: { vncPort: 5900 } },
    });
    expect(calls.map((c) => [c.url, c.init.method, c.init.headers])).toEqual([
      ['http://10.1.1.12:8251/v1/commands', 'POST', { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer s3cret' }],
      ['http://10.1.1.12:8251/v1/commands', 'POST', { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer s3cret' }],
    ]);
    expect(calls.map((c) => JSON.parse(c.init.body as string))).toEqual([
      { protocol: 1, seq: 1, jobId: 'job-1', host: { id: 5, uuid: '8c1e', name: 'kvm-02' }, command: migrate },
      {
        protocol: 1,
        seq: 2,
        jobId: 'job-1',
        host: { id: 5, uuid: '8c1e', name: 'kvm-02' },
        command: { ...migrate, name: 'CheckVirtualMachineCommand', executeInSequence: false },
      },
    ]);
  });

  it('retries a refused connection twice, then reports the host UNREACHABLE', async () => {
    const { fetchImpl, calls } = scriptedFetch(() => {
      throw socketError('ECONNREFUSED', 'connect ECONNREFUSED 10.1.1.12:8251');
    });
    const dispatcher = new HttpAgentDispatcher({ fetchImpl, retryDelayMs: 1 });

    const outcome = await dispatcher.send(host, migrate, { jobId: 'job-1', seq: 1 });

    expect(outcome).toEqual({
      kind: 'UNREACHABLE',
      message: 'Unable to reach the agent of host 5 (kvm-02) at http://10.1.1.12:8251/v1/commands: fetch failed: connect ECONNREFUSED 10.1.1.12:8251',
    });
    expect(calls).toHaveLength(3);
  });

  it('re-sends the same seq when a refused connection is retried and then answered', async () => {
    const refused = () => {
      throw new TypeError('fetch failed', {
        cause: new AggregateError([
          Object.assign(new Error('refused v6'), { code: 'ECONNREFUSED' }),
          Object.assign(new Error('refused v4'), { code: 'ECONNREFUSED' }),
        ]),
      });
    };
    const { fetchImpl, calls } = scriptedFetch(refused, ok);
    const dispatcher = new HttpAgentDispatcher({ fetchImpl, retryDelayMs: 1 });

    const outcome = await dispatcher.send(host, migrate, { jobId: 'job-1', seq: 1 });

    expect(outcome.kind).toBe('ANSWERED');
    expect(calls.map((c) => JSON.parse(c.init.body as string).seq)).toEqual([1, 1]);
  });

  it.each([
    ['a reset connection', socketError('ECONNRESET', 'read ECONNRESET')],
    ['a socket closed by the agent', socketError('UND_ERR_SOCKET', 'other side closed')],
    ['a DNS failure', socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND kvm-02')],
  ])('never re-sends after %s', async (_what, error) => {
    const { fetchImpl, calls } = scriptedFetch(() => {
      throw error;
    });
    const dispatcher = new HttpAgentDispatcher({ fetchImpl, retryDelayMs: 1 });

    const outcome = await dispatcher.send(host, migrate, { jobId: 'job-1', seq: 1 });

    expect(outcome.kind).toBe('UNREACHABLE');
    expect(calls).toHaveLength(1);
  });

  it('gives up after `wait` seconds with TIMEOUT', async () => {
    const { fetchImpl } = scriptedFetch(
      (init) => new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason as Error))),
    );
    const dispatcher = new HttpAgentDispatcher({ fetchImpl });

    const outcome = await dispatcher.send(host, { ...migrate, wait: 0.05 }, { jobId: 'job-1', seq: 1 });

    expect(outcome).toEqual({
      kind: 'TIMEOUT',
      message: 'Operation timed out: no answer to MigrateCommand from the agent of host 5 (kvm-02) at http://10.1.1.12:8251/v1/commands within 0.05 s',
    });
  });

  it('reads {"answer": null} as NO_ANSWER', async () => {
    const { fetchImpl } = scriptedFetch(() => Response.json({ answer: null }));

    expect(await new HttpAgentDispatcher({ fetchImpl }).send(host, migrate, { jobId: 'j', seq: 1 })).toEqual({ kind: 'NO_ANSWER' });
  });

  it.each([
    ['a non-2xx status', () => new Response('busy', { status: 503 }), 'The agent of host 5 (kvm-02) at http://10.1.1.12:8251/v1/commands answered HTTP 503'],
    ['a body that is not JSON', () => new Response('<html>'), 'sent a response outside the agent protocol: Unexpected token'],
    ['JSON outside the protocol', () => Response.json({ answer: { name: 'Answer', result: 'yes' } }), 'answer.result is not a boolean'],
  ])('reports %s as UNREACHABLE', async (_what, reaction, message) => {
    const { fetchImpl, calls } = scriptedFetch(reaction);

    const outcome = await new HttpAgentDispatcher({ fetchImpl }).send(host, migrate, { jobId: 'j', seq: 1 });

    expect(outcome.kind).toBe('UNREACHABLE');
    expect(outcome.kind === 'UNREACHABLE' && outcome.message).toContain(message);
    expect(calls).toHaveLength(1);
  });

  it('reports UNREACHABLE instead of throwing when the template needs a uuid the host lacks', async () => {
    const { fetchImpl, calls } = scriptedFetch(ok);
    const dispatcher = new HttpAgentDispatcher({ urlTemplate: 'http://agents/{hostUuid}', fetchImpl });

    const outcome = await dispatcher.send({ ...host, uuid: null }, migrate, { jobId: 'j', seq: 1 });

    expect(outcome).toEqual({
      kind: 'UNREACHABLE',
      message: 'No agent URL for host 5 (kvm-02): host 5 has no uuid for the agent URL template',
    });
    expect(calls).toHaveLength(0);
  });

  it('refuses an invalid URL template at construction', () => {
    expect(() => new HttpAgentDispatcher({ urlTemplate: 'http://{ip}:8251' })).toThrow('unknown placeholders {ip}');
  });
});
