import { timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentProtocolError, parseAgentRequest } from './agent-wire';
import { HttpRequestError, readJsonBody, sendJson } from './http-json';
import type { KvmFleetSimulator } from './kvm-fleet-simulator';
import { handleSimControl } from './sim-control-routes';

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

  const handleCommand = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let envelope;
    try {
      envelope = parseAgentRequest(await readJsonBody(req));
    } catch (error) {
      if (error instanceof AgentProtocolError) throw new HttpRequestError(400, error.message);
      throw error;
    }
    const delivery = simulator.deliver(envelope.host.id, envelope.command);
    const { outcome } = delivery;
    switch (outcome.kind) {
      case 'ANSWERED':
        return sendJson(res, 200, { answer: outcome.answer });
      case 'NO_ANSWER':
        return sendJson(res, 200, { answer: null });
      case 'UNREACHABLE':
        // The client must see a dead connection, not an HTTP answer.
        req.socket.destroy();
        return;
      case 'TIMEOUT': {
        // Hold the response; the host finishes (or not) once the gateway has stopped waiting: when
        // the client gives up (socket closed) or when the command's `wait` runs out, whichever comes
        // first. The timer matters: the gateway's next command (CheckVirtualMachine, R29) may reach
        // this server on another keep-alive connection before the closed socket is noticed.
        let applied = false;
        const applyOnce = () => {
          if (applied || closing) return;
          applied = true;
          clearTimeout(timer);
          delivery.lateEffect?.();
        };
        // A little before `wait`: the gateway's own clock started earlier (request transit), so the
        // effect must be in place by the time its follow-up command can arrive.
        const timer = setTimeout(applyOnce, Math.max(0, envelope.command.wait * 1000 - 100));
        timer.unref();
        res.on('close', applyOnce);
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
