/**
 * The http transport against a hand-written agent that knows only the contract
 * (shared/contracts/agent-protocol.md), not the project's agent server or its parsing code.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentCommand } from '../../../src/domain/agent/agent-command';
import { HttpAgentDispatcher } from '../../../src/infra/agent/http-agent-dispatcher';

interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

type Reply = (res: ServerResponse, req: IncomingMessage) => void;

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

/** A foreign agent that records each request and replies with the next scripted reply. */
async function foreignAgent(...replies: Reply[]) {
  const received: Received[] = [];
  let socketsClosed = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      replies[Math.min(received.length, replies.length) - 1](res, req);
    });
  });
  server.on('connection', (socket) => socket.on('close', () => (socketsClosed += 1)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return { port, received, socketsClosed: () => socketsClosed };
}

const json =
  (status: number, body: string): Reply =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };

const host = { id: 5, uuid: '8c1e-77', name: 'kvm-02', privateIpAddress: '127.0.0.1' };
const migrate: AgentCommand = {
  name: 'MigrateCommand',
  wait: 1,
  executeInSequence: true,
  body: { vmName: 'i-2-10-VM', destIp: '10.1.1.12', migrateStorage: {}, migrateNonSharedInc: false },
};

function dispatcherFor(port: number, token?: string) {
  return new HttpAgentDispatcher({ urlTemplate: `http://{privateIp}:${port}/agents/{hostId}/{hostUuid}/{hostName}`, token });
}

describe('HttpAgentDispatcher against a foreign agent speaking the contract', () => {
  it('posts the documented request to the templated URL and reads an answer that leaves out details and body', async () => {
    const agent = await foreignAgent(json(200, '{"answer":{"name":"MigrateAnswer","result":true}}'));
    const dispatcher = dispatcherFor(agent.port, 'tok');

    const first = await dispatcher.send(host, migrate, { jobId: 'b1f0c1de', seq: 1 });
    await dispatcher.send(host, migrate, { jobId: 'b1f0c1de', seq: 2 });

    expect(first).toEqual({ kind: 'ANSWERED', answer: { name: 'MigrateAnswer', result: true, details: null, body: {} } });
    expect(agent.received).toEqual(
      [1, 2].map((seq) => ({
        method: 'POST',
        url: '/agents/5/8c1e-77/kvm-02/commands',
        contentType: 'application/json',
        authorization: 'Bearer tok',
        body: {
          protocol: 1,
          seq,
          jobId: 'b1f0c1de',
          host: { id: 5, uuid: '8c1e-77', name: 'kvm-02' },
          command: { name: 'MigrateCommand', wait: 1, executeInSequence: true, body: migrate.body },
        },
      })),
    );
  });

  it('keeps the details of the generic failed Answer sent where a specific answer was expected', async () => {
    const agent = await foreignAgent(json(200, '{"answer":{"name":"Answer","result":false,"details":"libvirt: domain not found","body":{}}}'));

    expect(await dispatcherFor(agent.port).send(host, migrate, { jobId: 'j', seq: 1 })).toEqual({
      kind: 'ANSWERED',
      answer: { name: 'Answer', result: false, details: 'libvirt: domain not found', body: {} },
    });
  });

  it('reads {"answer": null} as NO_ANSWER', async () => {
    const agent = await foreignAgent(json(200, '{"answer":null}'));

    expect(await dispatcherFor(agent.port).send(host, migrate, { jobId: 'j', seq: 1 })).toEqual({ kind: 'NO_ANSWER' });
  });

  it('gives up after `wait` seconds with TIMEOUT and closes the connection', async () => {
    const agent = await foreignAgent(() => undefined);

    const outcome = await dispatcherFor(agent.port).send(host, migrate, { jobId: 'j', seq: 1 });

    expect(outcome.kind).toBe('TIMEOUT');
    expect(agent.received).toHaveLength(1);
    await vi.waitFor(() => expect(agent.socketsClosed()).toBe(1));
  });

  it.each([
    ['a 500 status', json(500, '{"answer":null}')],
    ['a body that is not JSON', json(200, 'OK')],
    ['JSON without an answer', json(200, '{"result":true}')],
    ['an answer whose result is not a boolean', json(200, '{"answer":{"name":"Answer","result":"true"}}')],
    ['an answer whose body is a list', json(200, '{"answer":{"name":"Answer","result":true,"body":[]}}')],
    ['a connection destroyed before any response', (_res: ServerResponse, req: IncomingMessage) => req.socket.destroy()],
  ])('reports %s as UNREACHABLE without sending the command again', async (_what, reply) => {
    const agent = await foreignAgent(reply);

    const outcome = await dispatcherFor(agent.port).send(host, migrate, { jobId: 'j', seq: 1 });

    expect(outcome.kind).toBe('UNREACHABLE');
    expect(agent.received).toHaveLength(1);
  });
});
