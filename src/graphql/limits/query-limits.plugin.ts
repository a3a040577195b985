import type { ApolloServerPlugin } from '@apollo/server';
import { type FragmentDefinitionNode, GraphQLError, Kind } from 'graphql';
import { DomainError } from '../../domain/errors';
import { QueryTooComplexError } from '../errors/api-errors';
import { checkVariablesSize } from './input-size';
import { estimateCost } from './query-cost';
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
          try {
            checkVariablesSize(request.variables);
          } catch (error) {
            throw asRequestError(error);
          }
          if (!operation) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
          const cost = estimateCost({ schema, operation, fragments, variables: request.variables ?? {}, maxPageSize: limits.maxPageSize });
          onEstimate(cost);
          if (cost > limits.maxCost) {
            throw asRequestError(
              new QueryTooComplexError(
                `The query's estimated cost is ${cost}; at most ${limits.maxCost} is allowed. Ask for fewer items per page (first) or fewer nested lists.`,
                { measure: 'cost', limit: limits.maxCost, actual: cost },
              ),
            );
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
