import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { BadUserInputError, DomainError } from '../../domain/errors';
import { QueryTooComplexError } from '../errors/api-errors';
import { measureDocument } from './document-shape';
import { INPUT_LIMITS, type QueryLimits } from './query-limits';

/**
 * Validation rule: refuses documents over the depth, alias and expanded-field limits
 * (QUERY_TOO_COMPLEX) and literals over the input limits (BAD_USER_INPUT). It measures the whole
 * document once, when validation enters it; the errors carry the domain error as originalError so
 * formatError maps them to their codes like any other domain error.
 */
export function createQueryShapeRule(limits: Pick<QueryLimits, 'maxDepth' | 'maxAliases' | 'maxFields'>): ValidationRule {
  return (context: ValidationContext) => ({
    Document(document) {
      const shape = measureDocument(document);
      if (shape.depth > limits.maxDepth) {
        report(
          context,
          new QueryTooComplexError(`The query is ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed.`, {
            measure: 'depth',
            limit: limits.maxDepth,
            actual: shape.depth,
          }),
        );
      }
      if (shape.aliases > limits.maxAliases) {
        report(
          context,
          new QueryTooComplexError(`The query has ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed.`, {
            measure: 'aliases',
            limit: limits.maxAliases,
            actual: shape.aliases,
          }),
        );
      }
      if (shape.fields > limits.maxFields) {
        const actual = Number.isFinite(shape.fields) ? shape.fields : undefined;
        report(
          context,
          new QueryTooComplexError(`The query selects ${actual ?? 'too many'} fields with fragments expanded; at most ${limits.maxFields} are allowed.`, {
            measure: 'fields',
            limit: limits.maxFields,
            actual,
          }),
        );
      }
    },
    StringValue(node) {
      if (node.value.length > INPUT_LIMITS.maxStringLength) {
        report(
          context,
          new BadUserInputError(`A string argument is ${node.value.length} characters long; at most ${INPUT_LIMITS.maxStringLength} are allowed.`, {
            limit: INPUT_LIMITS.maxStringLength,
          }),
        );
      }
    },
    ListValue(node) {
      if (node.values.length > INPUT_LIMITS.maxListItems) {
        report(
          context,
          new BadUserInputError(`A list argument has ${node.values.length} items; at most ${INPUT_LIMITS.maxListItems} are allowed.`, {
            limit: INPUT_LIMITS.maxListItems,
          }),
        );
      }
    },
  });
}

function report(context: ValidationContext, error: DomainError): void {
  context.reportError(new GraphQLError(error.message, { originalError: error }));
}
