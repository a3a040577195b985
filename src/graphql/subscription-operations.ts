import {
  type DocumentNode,
  type ExecutionArgs,
  getOperationAST,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  parse,
  specifiedRules,
  validate,
  OperationTypeNode,
  type ValidationRule,
} from 'graphql';
import { readScopeFor, type Viewer } from '../app/auth/viewer';
import { BadUserInputError, DomainError } from '../domain/errors';
import { type ContextDependencies, createGatewayContext } from './context';
import { checkOperationLimits } from './limits/operation-limits';
import type { QueryLimits } from './limits/query-limits';
import { createQueryShapeRule } from './limits/query-shape.rule';

export interface SubscribeRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * What the WebSocket transport (infra/http/subscriptions-ws.ts) needs of the GraphQL layer: a
 * subscribe message checked as POST /graphql checks a request (token, depth, alias, field, input
 * and cost limits, graphql-js validation) with the caller's context, and the one error format.
 * Only subscriptions are taken: queries and mutations stay on POST /graphql, behind its CSRF and
 * persisted-query rules.
 */
export function createSubscriptionOperations(
  schema: GraphQLSchema,
  context: ContextDependencies,
  limits: QueryLimits,
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
) {
  const rules: readonly ValidationRule[] = [...specifiedRules, createQueryShapeRule(limits)];
  return {
    prepare(
      request: SubscribeRequest,
      viewer: Viewer,
      requestId: string,
      path: string,
    ): { args: ExecutionArgs; operationName: string } | { errors: GraphQLError[] } {
      let document: DocumentNode;
      try {
        document = parse(request.query, { maxTokens: limits.maxTokens });
      } catch (error) {
        return { errors: [withCode(error instanceof GraphQLError ? error : new GraphQLError(String(error)), 'GRAPHQL_PARSE_FAILED')] };
      }
      const invalid = validate(schema, document, rules);
      if (invalid.length) return { errors: invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')) };
      const operation = getOperationAST(document, request.operationName);
      try {
        if (!operation) throw new BadUserInputError('The document names no operation to run (give operationName).');
        if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
          throw new BadUserInputError(`Over WebSocket the gateway runs subscriptions only; send a ${operation.operation} as POST ${path}.`);
        }
        checkOperationLimits({ schema, document, operation, variables: request.variables }, limits);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return { errors: [new GraphQLError(error.message, { originalError: error })] };
      }
      const args: ExecutionArgs = {
        schema,
        document,
        operationName: request.operationName,
        variableValues: request.variables,
        contextValue: createGatewayContext(context, requestId, viewer, readScopeFor(viewer)),
      };
      return { args, operationName: operation.name?.value ?? '' };
    },
    format(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
      return errors.map((error) => formatError(error.toJSON(), error));
    },
  };
}

/** graphql-js's own parse and validation errors carry no code: Apollo's codes, which formatError maps to BAD_USER_INPUT as on HTTP. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.originalError || error.extensions.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code } });
}
