import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  type DocumentNode, type ExecutionArgs, type FragmentDefinitionNode, getOperationAST, GraphQLError, type GraphQLFormattedError, type GraphQLSchema, Kind, parse,
  specifiedRules, validate,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { readScopeFor, type Viewer } from '../../app/auth/viewer';
import { BadUserInputError, DomainError, QueryTooComplexError } from '../../domain/errors';
import { type ContextDependencies, createGatewayContext } from '../../graphql/context';
import { checkVariablesSize } from '../../graphql/limits/input-size';
import { estimateCost } from '../../graphql/limits/query-cost';
import type { QueryLimits } from '../../graphql/limits/query-limits';
import { createQueryShapeRule } from '../../graphql/limits/query-shape.rule';
import type { RequestAuthenticator } from '../auth/bearer-authenticator';
import type { JsonLogger } from '../logging/json-logger';
import type { PrometheusGatewayMetrics } from '../metrics/prometheus-gateway-metrics';

export interface SubscriptionServerOptions {
  server: Server;
  /** The GraphQL path: subscriptions live on the same port and path as POST /graphql. */
  path: string;
  schema: GraphQLSchema;
  context: ContextDependencies;
  authenticate: RequestAuthenticator;
  limits: QueryLimits;
  /** Largest message, bytes (the HTTP body limit). */
  maxPayloadBytes: number;
  logger: JsonLogger;
  metrics: PrometheusGatewayMetrics;
  /** The HTTP path's error formatting (one error model), metrics included. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
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
  const { logger, metrics, limits } = options;
  const wss = new WebSocketServer({ server: options.server, path: options.path, maxPayload: options.maxPayloadBytes });
  const rules = [...specifiedRules, createQueryShapeRule(limits)];
  const format = (errors: readonly GraphQLError[]) => errors.map((error) => options.formatError(error.toJSON(), error));
  const started = new Map<string, { at: number; operation: string; events: number }>();

  const disposable = useServer<Record<string, unknown> | undefined, Connection>(
    {
      schema: options.schema,
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
        logger.log({ msg: 'subscription connection', connectionId: ctx.extra.connectionId, account: outcome.viewer.accountUuid ?? undefined, apiKey: outcome.viewer.apiKeyUuid });
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const requestId = `${ctx.extra.connectionId}:${id}`;
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (error) {
          return [withCode(error instanceof GraphQLError ? error : new GraphQLError(String(error)), 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(options.schema, document, rules);
        if (invalid.length) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = getOperationAST(document, payload.operationName);
        try {
          if (!operation) throw new BadUserInputError('The document names no operation to run (give operationName).');
          if (operation.operation !== 'subscription') {
            throw new BadUserInputError(`Over WebSocket the gateway runs subscriptions only; send a ${operation.operation} as POST ${options.path}.`);
          }
          checkVariablesSize(payload.variables ?? undefined);
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
          const cost = estimateCost({ schema: options.schema, operation, fragments, variables: payload.variables ?? {}, maxPageSize: limits.maxPageSize });
          if (cost > limits.maxCost) {
            throw new QueryTooComplexError(`The query's estimated cost is ${cost}; at most ${limits.maxCost} is allowed.`, { measure: 'cost', limit: limits.maxCost, actual: cost });
          }
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return [new GraphQLError(error.message, { originalError: error })];
        }
        const viewer = ctx.extra.viewer!;
        const operationName = operation.name?.value ?? '';
        started.set(requestId, { at: performance.now(), operation: operationName, events: 0 });
        metrics.subscriptionStarted();
        logger.log({ msg: 'subscription started', requestId, operation: operationName || undefined, account: viewer.accountUuid ?? undefined });
        const args: ExecutionArgs = {
          schema: options.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: createGatewayContext(options.context, requestId, viewer, readScopeFor(viewer)),
        };
        return args;
      },
      onNext: (ctx, id, _payload, _args, result) => {
        const entry = started.get(`${ctx.extra.connectionId}:${id}`);
        if (entry) entry.events += 1;
        metrics.subscriptionEvent();
        return result.errors ? { ...result, errors: format(result.errors) } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
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

/** graphql-js's own parse and validation errors carry no code: Apollo's codes, which formatError maps to BAD_USER_INPUT as on HTTP. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.originalError || error.extensions.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code } });
}

function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > MAX_CLOSE_REASON) reason = `${reason.slice(0, -2)}…`;
  return reason;
}
