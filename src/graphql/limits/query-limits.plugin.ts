import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { DomainError } from '../../domain/errors';
import { checkVariablesSize } from './input-size';
import { checkOperationLimits } from './operation-limits';
import type { QueryLimits } from './query-limits';

/**
 * Refuses, once the operation is known and before anything runs, variables over the input limits
 * (BAD_USER_INPUT) and operations over the cost limit (QUERY_TOO_COMPLEX), with HTTP 400.
 * Errors thrown from `didResolveOperation` are sent as they are (Apollo's documented place for
 * checks that need the validated document and the variables).
 */
export function createQueryLimitsPlugin(
  limits: Pick<QueryLimits, 'maxCost' | 'maxPageSize'>,
  /** Told every estimate, admitted or not (the request log shows it, so an operator can size the limit). */
  onEstimate: (cost: number) => void = () => {},
): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          // Variables are checked even when no operation was resolved (Apollo answers that itself).
          try {
            if (!operation) return void checkVariablesSize(request.variables);
            checkOperationLimits({ schema, document, operation, variables: request.variables }, limits, onEstimate);
          } catch (error) {
            throw asRequestError(error);
          }
        },
      };
    },
  };
}

/** A domain error as a request-level GraphQL error with HTTP 400 (formatError maps the code). */
function asRequestError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status: 400 } } });
}
