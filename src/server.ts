import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { readScopeFor, type ViewerRole } from './app/auth/viewer';
import { introspectionAccess } from './graphql/auth/introspection-access';
import { type ContextDependencies, createGatewayContext, type GatewayContext } from './graphql/context';
import { createFormatError } from './graphql/errors/format-error';
import { compiledExecutionGateway } from './graphql/execution/compiled-execution';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './graphql/limits/query-limits';
import { createQueryLimitsPlugin } from './graphql/limits/query-limits.plugin';
import { createQueryShapeRule } from './graphql/limits/query-shape.rule';
import { createSubscriptionOperations } from './graphql/subscription-operations';
import type { RequestAuthenticator } from './infra/auth/bearer-authenticator';
import { CallerScopedCache } from './infra/http/caller-scoped-cache';
import { createCors } from './infra/http/cors';
import { createExplorer, EXPLORER_PATH } from './infra/http/explorer';
import { createGraphqlEndpoint } from './infra/http/graphql-endpoint';
import { redirect, sendError, sendJson } from './infra/http/http-replies';
import { InFlightRequests } from './infra/http/in-flight-requests';
import { createLegacyJsonStatus } from './infra/http/legacy-json-status';
import { listen } from './infra/http/listen';
import { METRICS_PATH, type MetricsHandler } from './infra/http/metrics-endpoint';
import { operationNamePlugin } from './infra/http/operation-name.plugin';
import { answerOversizedRequestHeads } from './infra/http/oversized-request-head';
import { requestIdOf } from './infra/http/request-id';
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

/**
 * HTTP composition: GraphQL over HTTP at /graphql (Apollo Server through its integration API) behind
 * API-key authentication and query limits; liveness /healthz, readiness (database) /readyz,
 * Prometheus /metrics when asked, the GraphiQL explorer at /explorer. No framework: node:http is
 * enough; the pieces are under infra/http/.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<GatewayHttpServer> {
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, maxPageSize: options.context.maxPageSize, ...options.limits };
  const metrics = options.metrics ?? new PrometheusGatewayMetrics();
  const explorer = options.explorer === false ? null : createExplorer({ graphqlPath: GRAPHQL_PATH });
  const applyCors = createCors(options.corsOrigins);
  const legacyJsonStatus = createLegacyJsonStatus();
  const formatError = gatewayFormatError(options, metrics);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const apollo = await startApollo(options, limits, formatError, legacyJsonStatus.plugin);
  const requests = new InFlightRequests();

  const graphqlEndpoint = createGraphqlEndpoint({
    apollo,
    authenticate: options.authenticate,
    contextFor: (telemetry, viewer) => createGatewayContext(options.context, telemetry.requestId, viewer, readScopeFor(viewer)),
    statusOf: (request, response) => legacyJsonStatus.statusOf(request, response),
    metrics,
    logger: options.logger,
    maxBodyBytes,
    browserRedirect: explorer ? EXPLORER_PATH : null,
    isDraining: () => requests.draining,
  });

  async function route(req: IncomingMessage, res: ServerResponse, telemetry: RequestTelemetry): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    applyCors(req, res);
    if (requests.draining) res.setHeader('connection', 'close');
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
        return graphqlEndpoint(req, res, url, telemetry);
      default:
        if (explorer?.handle(req, res, url.pathname)) return;
    }
    sendJson(res, 404, { error: 'not found', graphql: GRAPHQL_PATH, explorer: explorer ? EXPLORER_PATH : undefined });
  }

  async function readiness(res: ServerResponse): Promise<void> {
    if (requests.draining) return sendJson(res, 503, { status: 'draining' });
    try {
      await options.checkReady();
      sendJson(res, 200, { status: 'ready' });
    } catch (error) {
      sendJson(res, 503, { status: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  const server = createServer((req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    const telemetry: RequestTelemetry = { requestId, sqlStatements: 0, operationName: null };
    requests.started();
    requestTelemetry
      .run(telemetry, () => route(req, res, telemetry))
      .catch((error: unknown) => {
        options.logger.log({ level: 'error', msg: 'request failed', requestId, error: error instanceof Error ? error.stack : String(error) });
        if (!res.headersSent) sendError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
        else res.end();
      })
      .finally(() => {
        telemetry.finished = true;
        requests.finished();
      });
  });
  answerOversizedRequestHeads(server);
  // Subscriptions (graphql-transport-ws) on the same port and path, with the same limits and errors.
  const operations = createSubscriptionOperations(options.schema, options.context, limits, formatError);
  const subscriptions = attachSubscriptionServer({ ...options, server, path: GRAPHQL_PATH, operations, maxPayloadBytes: maxBodyBytes, metrics });

  let closing: Promise<void> | null = null;
  const close = async (): Promise<void> => {
    await subscriptions.close();
    if ((await requests.drain(server, options.shutdownTimeoutMs ?? 10_000)) === 'timeout') {
      options.logger.log({ level: 'warn', msg: 'shutdown timeout: closing connections with requests in flight', inFlight: requests.inFlight });
    }
    await apollo.stop();
  };

  return {
    server,
    apollo,
    metrics,
    listen: (port, host) => listen(server, port, host),
    close: () => (closing ??= close()),
  };
}

/** Apollo Server with the gateway's limits, error model, plugins and compiled execution, started. */
async function startApollo(
  options: HttpServerOptions,
  limits: QueryLimits,
  formatError: GatewayFormatError,
  statusPlugin: ApolloServerPlugin,
): Promise<ApolloServer<GatewayContext>> {
  const debugErrors = options.debugErrors ?? false;
  const introspection = introspectionAccess(options.introspection);
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
    statusPlugin,
  ];
  const apollo = new ApolloServer<GatewayContext>({
    // graphql-jit instead of graphql-js's execute (issue 12): the same schema, resolvers and plugins.
    gateway: compiledExecutionGateway<GatewayContext>(options.schema),
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
    // Compact JSON: Apollo's default appends a newline, which copies a large answer once more.
    stringifyResult: (result) => JSON.stringify(result),
    plugins,
    formatError,
  });
  await apollo.start();
  return apollo;
}

type GatewayFormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** The one error mapping (format-error.ts), counted in the metrics: HTTP and subscriptions share it. */
function gatewayFormatError(options: HttpServerOptions, metrics: PrometheusGatewayMetrics): GatewayFormatError {
  const baseFormatError = createFormatError({
    debug: options.debugErrors ?? false,
    log: (entry) => options.logger.log({ ...entry, msg: String(entry.msg ?? 'graphql error'), requestId: currentRequest()?.requestId }),
  });
  return (formatted, error) => {
    const result = baseFormatError(formatted, error);
    metrics.graphqlError(result.extensions?.code);
    return result;
  };
}
