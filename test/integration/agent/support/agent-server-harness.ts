import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningAgentServer, startAgentServer } from '../../../../src/infra/agent/agent-server';
import { HttpAgentDispatcher } from '../../../../src/infra/agent/http-agent-dispatcher';
import type { KvmFleetSimulator } from '../../../../src/infra/agent/kvm-fleet-simulator';
import { demoSimulator } from '../../../unit/infra/agent/support/fleet-fixture';

/** An agent server on an ephemeral port of 127.0.0.1 serving the demo fleet, and a dispatcher aimed at it. */
export interface AgentServerHarness {
  simulator: KvmFleetSimulator;
  server: RunningAgentServer;
  dispatcher: HttpAgentDispatcher;
  /** Every request body the dispatcher sent, parsed. */
  sent: Array<Record<string, unknown>>;
  /** Call a `/_sim/` endpoint (with the token, if any). */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
}

export async function startHarness(options: { token?: string; dispatcherToken?: string | null } = {}): Promise<AgentServerHarness> {
  const simulator = demoSimulator();
  const server = await startAgentServer({ simulator, port: 0, host: '127.0.0.1', token: options.token });
  const sent: Array<Record<string, unknown>> = [];
  const recordingFetch: typeof fetch = (input, init) => {
    sent.push(JSON.parse(init?.body as string));
    return fetch(input, init);
  };
  const dispatcher = new HttpAgentDispatcher({
    urlTemplate: `${server.url}/v1`,
    token: options.dispatcherToken === undefined ? options.token : options.dispatcherToken,
    fetchImpl: recordingFetch,
    retryDelayMs: 10,
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${server.url}/_sim/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
  return { simulator, server, dispatcher, sent, control };
}

/** A port on 127.0.0.1 that nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
