import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { CloseCode, type ServerOptions } from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Viewer } from '../../app/auth/viewer';
import type { RequestAuthenticator } from '../auth/bearer-authenticator';
import type { JsonLogger } from '../logging/json-logger';
import type { PrometheusGatewayMetrics } from '../metrics/prometheus-gateway-metrics';

type Hook<Name extends keyof ServerOptions> = NonNullable<ServerOptions[Name]>;
type Refusal = Extract<Awaited<ReturnType<Hook<'onSubscribe'>>>, readonly unknown[]>;
type Arguments = Exclude<Awaited<ReturnType<Hook<'onSubscribe'>>>, void | readonly unknown[]>;
type Errors = Parameters<Hook<'onError'>>[3];

/** What the transport needs of the GraphQL layer (graphql/subscription-operations.ts builds it). */
interface GraphQLOperations {
  /** The execution arguments of a subscribe message, or the errors refusing it before anything runs. */
  prepare(
    request: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
    viewer: Viewer,
    requestId: string,
    path: string,
  ): { args: Arguments; operationName: string } | { errors: Refusal };
  /** The HTTP path's error format (one error model). */
  format(errors: Errors): Exclude<Awaited<ReturnType<Hook<'onError'>>>, void>;
}

export interface SubscriptionServerOptions {
  server: Server;
  /** The GraphQL path: subscriptions live on the same port and path as POST /graphql. */
  path: string;
  operations: GraphQLOperations;
  authenticate: RequestAuthenticator;
  /** Largest message, bytes (the HTTP body limit). */
  maxPayloadBytes: number;
  logger: JsonLogger;
  metrics: PrometheusGatewayMetrics;
}

export interface SubscriptionServer {
  /** Graceful stop: every socket is closed with 1001 (going away), no new ones are accepted. */
  close(): Promise<void>;
}

/** What the gateway keeps per socket (graphql-ws `extra`). */
interface Connection extends Extra {
  [key: PropertyKey]: unknown;
  connectionId?: string;
  viewer?: Viewer;
}

/** A WebSocket close reason is at most 123 bytes. */
const MAX_CLOSE_REASON = 123;

/**
 * GraphQL subscriptions over the graphql-transport-ws protocol (graphql-ws on ws). The API key
 * travels in connectionParams (`{ authorization: "Bearer <key>" }`) and is checked once, at
 * connection_init, like the HTTP header: a missing or bad key closes the socket with 4401 and the
 * UNAUTHENTICATED message. Every subscribe message gets the HTTP path's token, depth, alias,
 * field, input and cost limits and its error formatting; only subscription operations are taken
 * (queries and mutations stay on POST /graphql, behind its CSRF and persisted-query rules).
 */
export function attachSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger, metrics, operations } = options;
  const wss = new WebSocketServer({ server: options.server, path: options.path, maxPayload: options.maxPayloadBytes });
  const started = new Map<string, { at: number; operation: string; events: number }>();

  const disposable = useServer<Record<string, unknown> | undefined, Connection>(
    {
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const outcome = await options.authenticate(typeof authorization === 'string' ? authorization : undefined);
        if ('failure' in outcome) {
          metrics.authFailure(outcome.failure);
          logger.log({ level: 'info', msg: 'subscription connection refused', reason: outcome.failure });
          ctx.extra.socket.close(CloseCode.Unauthorized, closeReason(`UNAUTHENTICATED: ${outcome.message}`));
          return false;
        }
        ctx.extra.viewer = outcome.viewer;
        ctx.extra.connectionId = randomUUID();
        logger.log({
          msg: 'subscription connection',
          connectionId: ctx.extra.connectionId,
          account: outcome.viewer.accountUuid ?? undefined,
          apiKey: outcome.viewer.apiKeyUuid,
        });
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const requestId = `${ctx.extra.connectionId}:${id}`;
        const viewer = ctx.extra.viewer!;
        const prepared = operations.prepare(payload, viewer, requestId, options.path);
        if ('errors' in prepared) return prepared.errors;
        started.set(requestId, { at: performance.now(), operation: prepared.operationName, events: 0 });
        metrics.subscriptionStarted();
        logger.log({ msg: 'subscription started', requestId, operation: prepared.operationName || undefined, account: viewer.accountUuid ?? undefined });
        return prepared.args;
      },
      onNext: (ctx, id, _payload, _args, result) => {
        const entry = started.get(`${ctx.extra.connectionId}:${id}`);
        if (entry) entry.events += 1;
        metrics.subscriptionEvent();
        return result.errors ? { ...result, errors: operations.format(result.errors) } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => operations.format(errors),
      onComplete: (ctx, id) => {
        const requestId = `${ctx.extra.connectionId}:${id}`;
        const entry = started.get(requestId);
        if (!entry) return;
        started.delete(requestId);
        metrics.subscriptionEnded();
        const durationMs = Math.round(performance.now() - entry.at);
        logger.log({ msg: 'subscription ended', requestId, operation: entry.operation || undefined, events: entry.events, durationMs });
      },
    },
    wss,
  );

  return {
    async close() {
      await disposable.dispose();
    },
  };
}

function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > MAX_CLOSE_REASON) reason = `${reason.slice(0, -2)}…`;
  return reason;
}
