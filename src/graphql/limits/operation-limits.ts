import type { DocumentNode, FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { Kind } from 'graphql';
import { QueryTooComplexError } from '../errors/api-errors';
import { checkVariablesSize } from './input-size';
import { estimateCost } from './query-cost';
import type { QueryLimits } from './query-limits';

/**
 * The checks that need the validated operation and its variables: input sizes (BAD_USER_INPUT)
 * and the cost estimate (QUERY_TOO_COMPLEX), thrown as domain errors. One place for HTTP (the
 * query-limits plugin) and WebSocket (subscriptions).
 */
export function checkOperationLimits(
  input: { schema: GraphQLSchema; document: DocumentNode; operation: OperationDefinitionNode; variables: Record<string, unknown> | null | undefined },
  limits: Pick<QueryLimits, 'maxCost' | 'maxPageSize'>,
  onEstimate: (cost: number) => void = () => {},
): void {
  checkVariablesSize(input.variables ?? undefined);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of input.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const cost = estimateCost({ schema: input.schema, operation: input.operation, fragments, variables: input.variables ?? {}, maxPageSize: limits.maxPageSize });
  onEstimate(cost);
  if (cost > limits.maxCost) {
    throw new QueryTooComplexError(
      `The query's estimated cost is ${cost}; at most ${limits.maxCost} is allowed. Ask for fewer items per page (first) or fewer nested lists.`,
      { measure: 'cost', limit: limits.maxCost, actual: cost },
    );
  }
}
