import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { Viewer } from '../../app/auth/viewer';
import type { RequestAuthenticator } from '../auth/bearer-authenticator';
import type { JsonLogger } from '../logging/json-logger';
import type { PrometheusGatewayMetrics } from '../metrics/prometheus-gateway-metrics';
import type { RequestTelemetry } from '../metrics/request-telemetry';
import { headerValue, prefersHtml, redirect, sendError } from './http-replies';
import { readJsonBody } from './request-body';

export interface GraphqlEndpointOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Who is calling: the API key's account, or a failure answered with 401 UNAUTHENTICATED. */
  authenticate: RequestAuthenticator;
  /** The per-request GraphQL context of an authenticated caller. */
  contextFor: (telemetry: RequestTelemetry, viewer: Viewer) => TContext;
  /** The HTTP status of Apollo's answer (legacy-json-status.ts). */
  statusOf: (request: HTTPGraphQLRequest, response: HTTPGraphQLResponse) => number;
  metrics: PrometheusGatewayMetrics;
  logger: JsonLogger;
  maxBodyBytes: number;
  /** Where a browser opening the endpoint is sent (the explorer), or null. */
  browserRedirect: string | null;
  isDraining: () => boolean;
}

/**
 * GraphQL over HTTP: refuses while draining, authenticates, reads the body, hands the request to
 * Apollo's integration API and writes its answer; every request ends with one metrics sample and
 * one `graphql request` log entry (status, operation, caller, statements, cost, duration).
 */
export function createGraphqlEndpoint<TContext extends BaseContext>(options: GraphqlEndpointOptions<TContext>) {
  const { apollo, metrics, logger } = options;

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL, telemetry: RequestTelemetry, caller: { viewer: Viewer | null }): Promise<void> {
    if (options.isDraining()) {
      return sendError(res, 503, 'The gateway is shutting down; retry shortly.', 'SHUTTING_DOWN');
    }
    // A browser opening /graphql gets the explorer rather than a CSRF refusal.
    if (options.browserRedirect && req.method === 'GET' && !url.search && prefersHtml(req)) {
      return redirect(res, options.browserRedirect);
    }
    const outcome = await options.authenticate(headerValue(req, 'authorization'));
    if ('failure' in outcome) {
      metrics.authFailure(outcome.failure);
      res.setHeader('www-authenticate', 'Bearer realm="cloudstack-graphql-gateway"');
      return sendError(res, 401, outcome.message, 'UNAUTHENTICATED');
    }
    const viewer = outcome.viewer;
    caller.viewer = viewer;
    telemetry.callerKey = String(viewer.accountId);

    let body: unknown;
    if (req.method === 'POST') {
      const read = await readJsonBody(req, options.maxBodyBytes);
      if ('status' in read) {
        if (read.status === 413) res.setHeader('connection', 'close');
        return sendError(res, read.status, read.message, 'BAD_USER_INPUT');
      }
      body = read.body;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => options.contextFor(telemetry, viewer) });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (options.isDraining()) res.setHeader('connection', 'close');
    res.statusCode = options.statusOf(httpGraphQLRequest, response);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  return async function graphqlEndpoint(req: IncomingMessage, res: ServerResponse, url: URL, telemetry: RequestTelemetry): Promise<void> {
    const started = performance.now();
    metrics.requestStarted();
    const caller: { viewer: Viewer | null } = { viewer: null };
    try {
      await serve(req, res, url, telemetry, caller);
    } finally {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      metrics.requestFinished({
        operationName: telemetry.operationName,
        caller: telemetry.callerKey,
        status: res.statusCode,
        durationMs,
        sqlStatements: telemetry.sqlStatements,
      });
      logger.log({
        msg: 'graphql request',
        requestId: telemetry.requestId,
        method: req.method,
        status: res.statusCode,
        operation: telemetry.operationName || undefined,
        account: caller.viewer?.accountUuid ?? undefined,
        apiKey: caller.viewer?.apiKeyUuid,
        sqlStatements: telemetry.sqlStatements,
        queryCost: telemetry.queryCost,
        durationMs,
      });
    }
  };
}
