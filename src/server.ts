import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { readScopeFor, type Viewer, type ViewerRole } from './app/auth/viewer';
import { introspectionAccess } from './graphql/auth/introspection-access';
import { type ContextDependencies, createGatewayContext, type GatewayContext } from './graphql/context';
import { createFormatError } from './graphql/errors/format-error';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './graphql/limits/query-limits';
import { createQueryLimitsPlugin } from './graphql/limits/query-limits.plugin';
import { createQueryShapeRule } from './graphql/limits/query-shape.rule';
import { createSubscriptionOperations } from './graphql/subscription-operations';
import type { RequestAuthenticator } from './infra/auth/bearer-authenticator';
import { CallerScopedCache } from './infra/http/caller-scoped-cache';
import { createCors } from './infra/http/cors';
import { createExplorer, EXPLORER_PATH } from './infra/http/explorer';
import { createLegacyJsonStatus } from './infra/http/legacy-json-status';
import { METRICS_PATH, type MetricsHandler } from './infra/http/metrics-endpoint';
import { answerOversizedRequestHeads } from './infra/http/oversized-request-head';
import { attachSubscriptionServer } from './infra/http/subscriptions-ws';
import type { JsonLogger } from './infra/logging/json-logger';
import { PrometheusGatewayMetrics } from './infra/metrics/prometheus-gateway-metrics';
import { currentRequest, type RequestTelemetry, requestTelemetry } from './infra/metrics/request-telemetry';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  context: ContextDependencies;
  logger: JsonLogger;
  /** Roles that may introspect the schema (GATEWAY_INTROSPECTION; empty: nobody). */
  introspection: readonly ViewerRole[];
  /** Stack traces and internal error messages in answers (GATEWAY_DEBUG_ERRORS; default false). */
  debugErrors?: boolean;
  corsOrigins: string[];
  /** Readiness probe: resolves when the database answers. */
  checkReady: () => Promise<void>;
  /** Who is calling: the API key's account, or a failure answered with 401 UNAUTHENTICATED. */
  authenticate: RequestAuthenticator;
  /** Largest request body, bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Depth, cost, alias, field and token limits (default DEFAULT_QUERY_LIMITS). */
  limits?: Partial<QueryLimits>;
  /** Where request metrics go (default: a registry of its own). */
  metrics?: PrometheusGatewayMetrics;
  /** Serves /metrics on this port (behind its token); absent: /metrics is not served here (404). */
  serveMetrics?: MetricsHandler;
  /** Serve GraphiQL at /explorer (default true). */
  explorer?: boolean;
  /** How long close() lets in-flight requests finish before cutting connections (default 10 s). */
  shutdownTimeoutMs?: number;
}

export interface GatewayHttpServer {
  server: Server;
  apollo: ApolloServer<GatewayContext>;
  metrics: PrometheusGatewayMetrics;
  listen(port: number, host: string): Promise<string>;
  /**
   * Graceful stop: readiness turns 503, new GraphQL requests get 503, no new connections are
   * accepted, in-flight requests finish (up to shutdownTimeoutMs), then connections close.
   */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const GRAPHQL_PATH = '/graphql';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * HTTP composition: GraphQL over HTTP at /graphql (Apollo Server through its integration API) behind
 * API-key authentication and query limits; liveness /healthz, readiness (database) /readyz,
 * Prometheus /metrics when asked, the GraphiQL explorer at /explorer. No framework: node:http is enough.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<GatewayHttpServer> {
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, maxPageSize: options.context.maxPageSize, ...options.limits };
  const metrics = options.metrics ?? new PrometheusGatewayMetrics();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  const explorer = options.explorer === false ? null : createExplorer({ graphqlPath: GRAPHQL_PATH });
  const debugErrors = options.debugErrors ?? false;
  const introspection = introspectionAccess(options.introspection);
  const applyCors = createCors(options.corsOrigins);
  const legacyJsonStatus = createLegacyJsonStatus();
  const baseFormatError = createFormatError({
    debug: debugErrors,
    log: (entry) => options.logger.log({ ...entry, msg: String(entry.msg ?? 'graphql error'), requestId: currentRequest()?.requestId }),
  });

  const formatError = (formatted: GraphQLFormattedError, error: unknown) => {
    const result = baseFormatError(formatted, error);
    metrics.graphqlError(result.extensions?.code);
    return result;
  };

  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    // The default landing page loads Apollo Sandbox from a CDN; the gateway serves its own explorer.
    ApolloServerPluginLandingPageDisabled(),
    // The gateway sets no cache hints; the default cache-control plugin would still wrap every
    // field resolver (a quarter of a large list query's CPU, see bench/README.md).
    ApolloServerPluginCacheControlDisabled(),
    createQueryLimitsPlugin(limits, (cost) => {
      const telemetry = currentRequest();
      if (telemetry) telemetry.queryCost = cost;
    }),
    operationNamePlugin(),
    ...introspection.plugins,
    legacyJsonStatus.plugin,
  ];

  const apollo = new ApolloServer<GatewayContext>({
    schema: options.schema,
    introspection: introspection.introspection,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: debugErrors,
    // One account's persisted documents are invisible to every other account.
    persistedQueries: { cache: new CallerScopedCache(() => currentRequest()?.callerKey) },
    // The gateway drains on SIGTERM itself (close()); Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [createQueryShapeRule(limits)],
    plugins,
    formatError,
  });
  await apollo.start();

  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | null = null;

  const server = createServer((req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    const telemetry: RequestTelemetry = { requestId, sqlStatements: 0, operationName: null };
    inFlight += 1;
    requestTelemetry
      .run(telemetry, () => handle(req, res, telemetry))
      .catch((error: unknown) => {
        options.logger.log({ level: 'error', msg: 'request failed', requestId, error: error instanceof Error ? error.stack : String(error) });
        if (!res.headersSent) sendError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
        else res.end();
      })
      .finally(() => {
        telemetry.finished = true;
        inFlight -= 1;
        if (inFlight === 0) idle?.();
      });
  });
  answerOversizedRequestHeads(server);
  const operations = createSubscriptionOperations(options.schema, options.context, limits, formatError);
  const subscriptions = attachSubscriptionServer({ ...options, server, path: GRAPHQL_PATH, operations, maxPayloadBytes: maxBodyBytes, metrics });

  async function handle(req: IncomingMessage, res: ServerResponse, telemetry: RequestTelemetry): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    applyCors(req, res);
    if (draining) res.setHeader('connection', 'close');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    switch (url.pathname) {
      case '/healthz':
        return sendJson(res, 200, { status: 'ok' });
      case '/readyz':
        return readiness(res);
      case METRICS_PATH:
        if (options.serveMetrics) return options.serveMetrics(req, res);
        break;
      case '/':
        if (explorer) return redirect(res, EXPLORER_PATH);
        break;
      case GRAPHQL_PATH:
        return graphql(req, res, url, telemetry);
      default:
        if (explorer?.handle(req, res, url.pathname)) return;
    }
    sendJson(res, 404, { error: 'not found', graphql: GRAPHQL_PATH, explorer: explorer ? EXPLORER_PATH : undefined });
  }

  async function readiness(res: ServerResponse): Promise<void> {
    if (draining) return sendJson(res, 503, { status: 'draining' });
    try {
      await options.checkReady();
      sendJson(res, 200, { status: 'ready' });
    } catch (error) {
      sendJson(res, 503, { status: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL, telemetry: RequestTelemetry): Promise<void> {
    const started = performance.now();
    metrics.requestStarted();
    let viewer: Viewer | null = null;
    try {
      if (draining) return sendError(res, 503, 'The gateway is shutting down; retry shortly.', 'SHUTTING_DOWN');
      // A browser opening /graphql gets the explorer rather than a CSRF refusal.
      if (explorer && req.method === 'GET' && !url.search && prefersHtml(req)) return redirect(res, EXPLORER_PATH);

      const outcome = await options.authenticate(headerValue(req, 'authorization'));
      if ('failure' in outcome) {
        metrics.authFailure(outcome.failure);
        res.setHeader('www-authenticate', 'Bearer realm="cloudstack-graphql-gateway"');
        return sendError(res, 401, outcome.message, 'UNAUTHENTICATED');
      }
      viewer = outcome.viewer;
      telemetry.callerKey = String(viewer.accountId);

      let body: unknown;
      if (req.method === 'POST') {
        const declared = Number(headerValue(req, 'content-length'));
        const raw = declared > maxBodyBytes ? null : await readBody(req, maxBodyBytes);
        if (raw === null) {
          res.setHeader('connection', 'close');
          return sendError(res, 413, `The request body is larger than ${maxBodyBytes} bytes.`, 'BAD_USER_INPUT');
        }
        try {
          body = raw.length ? JSON.parse(raw) : {};
        } catch {
          return sendError(res, 400, 'The request body is not valid JSON.', 'BAD_USER_INPUT');
        }
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const caller = viewer;
      const httpGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => createGatewayContext(options.context, telemetry.requestId, caller, readScopeFor(caller)),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      if (draining) res.setHeader('connection', 'close');
      res.statusCode = legacyJsonStatus.statusOf(httpGraphQLRequest, response);
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
      } else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } finally {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      metrics.requestFinished({ operationName: telemetry.operationName, caller: telemetry.callerKey, status: res.statusCode, durationMs, sqlStatements: telemetry.sqlStatements });
      options.logger.log({
        msg: 'graphql request',
        requestId: telemetry.requestId,
        method: req.method,
        status: res.statusCode,
        operation: telemetry.operationName || undefined,
        account: viewer?.accountUuid ?? undefined,
        apiKey: viewer?.apiKeyUuid,
        sqlStatements: telemetry.sqlStatements,
        queryCost: telemetry.queryCost,
        durationMs,
      });
    }
  }

  async function close(): Promise<void> {
    if (draining) return;
    draining = true;
    await subscriptions.close();
    // Stops accepting connections and closes idle keep-alive ones; busy ones close after their response.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const drained = new Promise<void>((resolve) => {
      idle = resolve;
      if (inFlight === 0) resolve();
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), shutdownTimeoutMs);
    });
    if ((await Promise.race([drained, timedOut])) === 'timeout') {
      options.logger.log({ level: 'warn', msg: 'shutdown timeout: closing connections with requests in flight', inFlight });
    }
    clearTimeout(timer);
    server.closeAllConnections();
    await closed;
    await apollo.stop();
  }

  return {
    server,
    apollo,
    metrics,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          const actualPort = typeof address === 'object' && address ? address.port : port;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`);
        });
      }),
    close,
  };
}

/**
 * Records the operation Apollo resolved, after the document parsed and validated: its name as the
 * document spells it ('' when anonymous). Metrics and logs never take the request's
 * `operationName` field on trust (it may name nothing the document contains).
 */
function operationNamePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          const telemetry = currentRequest();
          if (telemetry && operation) telemetry.operationName = operation.name?.value ?? '';
        },
      };
    },
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function requestIdOf(req: IncomingMessage): string {
  const given = headerValue(req, 'x-request-id');
  // A client's id is kept only when it is short and plain (it goes into logs).
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(payload));
}

/** An error answered before GraphQL execution, in the GraphQL response shape every client parses. */
function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location }).end();
}

function prefersHtml(req: IncomingMessage): boolean {
  const accept = headerValue(req, 'accept') ?? '';
  return accept.includes('text/html') && !accept.includes('application/json');
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
