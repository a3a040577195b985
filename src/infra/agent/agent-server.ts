import { timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgentAnswer } from '../../domain/agent/agent-command';
import { AgentProtocolError, type AgentResponseEnvelope, parseAgentRequest } from './agent-wire';
import { HttpRequestError, readJsonBody, sendJson } from './http-json';
import type { KvmFleetSimulator } from './kvm-fleet-simulator';
import { handleSimControl } from './sim-control-routes';

/** How many answered `(jobId, seq)` the server remembers (oldest forgotten first). */
const MAX_REMEMBERED_ANSWERS = 100_000;

export interface AgentServerOptions {
  simulator: KvmFleetSimulator;
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1: the test-control endpoints must not face a network by accident. */
  host?: string;
  /** When set, every request (commands and `/_sim/`) needs `Authorization: Bearer <token>`. */
  token?: string | null;
}

export interface RunningAgentServer {
  /** `http://<host>:<port>`; the agent base URL may add any prefix (e.g. `/v1`). */
  url: string;
  port: number;
  /** Stop listening and drop every connection, held ones included. */
  close(): Promise<void>;
}

/**
 * Serve a KvmFleetSimulator over the agent protocol (shared/contracts/agent-protocol.md):
 * `POST <any prefix>/commands` runs the command on the host named by `host.id`. A TIMEOUT fault
 * holds the response until the client gives up, then applies (or not) the command's effect; an
 * UNREACHABLE outcome destroys the socket. Test control lives under `/_sim/` (see handleSimControl).
 */
export async function startAgentServer(options: AgentServerOptions): Promise<RunningAgentServer> {
  const { simulator } = options;
  const token = options.token ?? null;
  let closing = false;

  // `(jobId, seq)` of commands answered, with the answer sent (contract: a repeat may be answered
  // from memory). Doing so, as agents that are not ours may, makes a gateway that reuses a seq for
  // a different command visible: that command is never run.
  const answered = new Map<string, AgentResponseEnvelope>();
  const remember = (key: string, response: AgentResponseEnvelope) => {
    answered.set(key, response);
    if (answered.size > MAX_REMEMBERED_ANSWERS) answered.delete(answered.keys().next().value!);
  };

  const handleCommand = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let envelope;
    try {
      envelope = parseAgentRequest(await readJsonBody(req));
    } catch (error) {
      if (error instanceof AgentProtocolError) throw new HttpRequestError(400, error.message);
      throw error;
    }
    const origin = { jobId: envelope.jobId, seq: envelope.seq };
    const key = `${envelope.jobId}\u0000${envelope.seq}`;
    const repeat = answered.get(key);
    if (repeat) {
      simulator.recordRepeat(
        envelope.host.id,
        envelope.command,
        origin,
        repeat.answer ? { kind: 'ANSWERED', answer: toAnswer(repeat.answer) } : { kind: 'NO_ANSWER' },
      );
      return sendJson(res, 200, repeat);
    }
    const delivery = simulator.deliver(envelope.host.id, envelope.command, origin);
    const { outcome } = delivery;
    switch (outcome.kind) {
      case 'ANSWERED':
        remember(key, { answer: outcome.answer });
        return sendJson(res, 200, { answer: outcome.answer });
      case 'NO_ANSWER':
        remember(key, { answer: null });
        return sendJson(res, 200, { answer: null });
      case 'UNREACHABLE':
        if (delivery.fault === 'HTTP_503') return sendJson(res, 503, { error: 'agent temporarily unavailable' });
        // The client must see a dead connection, not an HTTP answer.
        req.socket.destroy();
        return;
      case 'TIMEOUT': {
        // Hold the response; the host finishes (or not) once the gateway has stopped waiting: when
        // the client gives up (socket closed) or when the command's `wait` runs out, whichever comes
        // first. The timer matters: the gateway's next command (CheckVirtualMachine, R29) may reach
        // this server on another keep-alive connection before the closed socket is noticed.
        let late: AgentAnswer | null = null;
        let applied = false;
        const applyOnce = () => {
          if (applied || closing) return;
          applied = true;
          clearTimeout(timer);
          late = delivery.lateEffect?.() ?? null;
        };
        // A little before `wait`: the gateway's own clock started earlier (request transit), so the
        // effect must be in place by the time its follow-up command can arrive.
        const timer = setTimeout(applyOnce, Math.max(0, envelope.command.wait * 1000 - 100));
        timer.unref();
        res.on('close', applyOnce);
        if (delivery.fault === 'LATE_ANSWER') {
          // The answer itself is written after `wait`, to a client that may no longer listen.
          const answerTimer = setTimeout(
            () => {
              applyOnce();
              if (late && !res.destroyed) sendJson(res, 200, { answer: late });
            },
            envelope.command.wait * 1000 + 500,
          );
          answerTimer.unref();
          res.on('close', () => clearTimeout(answerTimer));
        }
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof HttpRequestError) return sendJson(res, error.status, { error: error.message });
      sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    });
  });

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (token !== null && !bearerMatches(req.headers.authorization, token)) {
      res.setHeader('www-authenticate', 'Bearer');
      return sendJson(res, 401, { error: 'missing or wrong bearer token' });
    }
    const path = new URL(req.url ?? '/', 'http://agent').pathname;
    if (path.startsWith('/_sim/')) return handleSimControl(simulator, req, res, path.slice('/_sim/'.length));
    if (req.method === 'POST' && (path === '/commands' || path.endsWith('/commands'))) return handleCommand(req, res);
    throw new HttpRequestError(404, `no route ${req.method} ${path}`);
  };

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: async () => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function toAnswer(answer: NonNullable<AgentResponseEnvelope['answer']>): AgentAnswer {
  return { name: answer.name, result: answer.result, details: answer.details ?? null, body: answer.body ?? {} };
}
