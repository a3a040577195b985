import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { type DocumentNode, type ExecutionResult, execute, getVariableValues, GraphQLError, type GraphQLSchema, OperationTypeNode } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

type Gateway<TContext extends BaseContext> = ApolloServerOptionsWithGateway<TContext>['gateway'];

/**
 * Compiled execution (graphql-jit) behind Apollo Server 5, which has no `executor` option: Apollo's
 * gateway interface hands execution to `executor` after parsing, validation, the query limits and
 * every plugin hook, and formats the result (formatError, didEncounterErrors, status) as its own.
 * A document is compiled once per operation and reused while Apollo's document cache holds it
 * (keyed by the parsed document object, so nothing outlives the cache entry).
 */
export function compiledExecutionGateway<TContext extends BaseContext>(schema: GraphQLSchema): Gateway<TContext> {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult>>();
  const compile = (document: DocumentNode, operationName: string | null) => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map<string, CompiledQuery | ExecutionResult>()));
    const key = operationName ?? '';
    let query = byOperation.get(key);
    if (!query) byOperation.set(key, (query = compileQuery(schema, document, operationName ?? undefined)));
    return query;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      // The schema is static: Apollo learns it once, while it starts.
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        executor: async ({ document, operation, operationName, request, context }) => {
          // No operation to run (none, several without a name, or a name the document lacks):
          // graphql-js answers with the errors Apollo turns into its BAD_USER_INPUT operation error.
          // A subscription sent over HTTP is graphql-js's to answer too (compiled here: queries and mutations).
          if (!(operation as typeof operation | undefined) || operation.operation === OperationTypeNode.SUBSCRIPTION) {
            return execute({ schema, document, operationName: request.operationName, contextValue: context, variableValues: request.variables });
          }
          // Variables are coerced by graphql-js first: the same BAD_USER_INPUT errors (message, location
          // of the variable definition) as without compilation; graphql-jit then coerces the valid ones itself.
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 50 });
          if (coerced.errors) return { errors: coerced.errors };
          const query = compile(document, operationName);
          if (!isCompiledQuery(query)) return query;
          const result = await query.query(undefined, context, request.variables ?? {});
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
        },
      };
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors are its own GraphQLError look-alike (no `extensions` object, which Apollo's
 * error normalization reads); the same error as graphql-js builds it keeps formatError's mapping of
 * domain errors (unwrapResolverError) and the answer's message, locations and path unchanged.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const converted = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined });
  // The locations graphql-jit computed when compiling (GraphQLError derives them from AST nodes it does not get here).
  Object.assign(converted, { locations: error.locations });
  return converted;
}
