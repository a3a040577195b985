import { SETTINGS } from '../../../../src/config/gateway-config';
import { freePort, type NodeProcess, startNodeProcess } from './processes';

export interface GraphQLResponse<T = any> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
}

/** One JSON POST to `<url>/graphql`, bounded in time. */
export async function graphql<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  timeoutMs = 15_000,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new Error(`POST ${baseUrl}/graphql answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Agent server process

export interface AgentServerProcess {
  process: NodeProcess;
  port: number;
  url: string;
  /** GATEWAY_AGENT_URL_TEMPLATE pointing at this server. */
  urlTemplate: string;
  /** A `/_sim/` test-control call; throws on a non-2xx status. */
  control<T = any>(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T>;
}

/** `src/composition/cli/agent-server.ts --port N`, seeded from the fleet in `databaseUrl` at start. */
export async function startAgentServerProcess(databaseUrl: string, port?: number): Promise<AgentServerProcess> {
  const chosen = port ?? (await freePort());
  const process = await startNodeProcess({
    label: `agent server :${chosen}`,
    script: 'src/composition/cli/agent-server.ts',
    args: ['--port', String(chosen), '--host', '127.0.0.1'],
    env: { GATEWAY_DATABASE_URL: databaseUrl },
    readyWhen: 'agent server listening',
  });
  const url = `http://127.0.0.1:${chosen}`;
  return {
    process,
    port: chosen,
    url,
    urlTemplate: `${url}/hosts/{hostId}/v1`,
    async control(method, route, body) {
      const response = await fetch(`${url}/_sim/${route}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} /_sim/${route}: HTTP ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as never;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Gateway process

export interface GatewayProcessOptions {
  databaseUrl: string;
  agents: AgentServerProcess;
  /** GATEWAY_INSTANCE_ID: the lease owner name. */
  instanceId: string;
  /** GATEWAY_JOB_LEASE_SECONDS (default 30; at least 2). */
  leaseSeconds?: number;
  port?: number;
}

export interface GatewayProcess {
  process: NodeProcess;
  options: GatewayProcessOptions;
  port: number;
  url: string;
  graphql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
}

/**
 * Environment of a gateway process: http transport to the agent server, the schema already
 * migrated and seeded by the test, authentication off where the configuration knows the switch.
 */
function gatewayEnvironment(options: GatewayProcessOptions, port: number): Record<string, string> {
  const env: Record<string, string> = {
    GATEWAY_DATABASE_URL: options.databaseUrl,
    GATEWAY_CREATE_SCHEMA: 'true',
    GATEWAY_SEED_DEMO: 'false',
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(port),
    GATEWAY_AGENT_TRANSPORT: 'http',
    GATEWAY_AGENT_URL_TEMPLATE: options.agents.urlTemplate,
    GATEWAY_JOB_LEASE_SECONDS: String(options.leaseSeconds ?? 30),
    GATEWAY_INSTANCE_ID: options.instanceId,
  };
  // API-key authentication is being added: turn it off for these processes once the switch exists.
  if ('GATEWAY_AUTH' in SETTINGS) env.GATEWAY_AUTH = 'off';
  return env;
}

/** `src/composition/main.ts` as its own process; resolves once it listens. */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const port = options.port ?? (await freePort());
  const process = await startNodeProcess({
    label: `gateway ${options.instanceId} :${port}`,
    script: 'src/composition/main.ts',
    env: gatewayEnvironment(options, port),
    readyWhen: 'gateway listening',
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    process,
    options,
    port,
    url,
    graphql: (query, variables) => graphql(url, query, variables),
  };
}

/** The same gateway again (same port, instance id and database) after its process ended. */
export function restartGatewayProcess(gateway: GatewayProcess): Promise<GatewayProcess> {
  return startGatewayProcess({ ...gateway.options, port: gateway.port });
}
