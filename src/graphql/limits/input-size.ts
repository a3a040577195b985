import { BadUserInputError } from '../../domain/errors';
import { INPUT_LIMITS } from './query-limits';

/**
 * Refuses variables over the input limits (BAD_USER_INPUT) before they are coerced or reach SQL:
 * a list of 100 000 filter values would otherwise become 100 000 placeholders in one statement.
 */
export function checkVariablesSize(variables: unknown): void {
  let values = 0;
  const visit = (value: unknown, nesting: number, path: string): void => {
    values += 1;
    if (values > INPUT_LIMITS.maxValues) {
      throw new BadUserInputError(`The variables hold more than ${INPUT_LIMITS.maxValues} values.`, { limit: INPUT_LIMITS.maxValues });
    }
    if (nesting > INPUT_LIMITS.maxNesting) {
      throw new BadUserInputError(`The variables nest deeper than ${INPUT_LIMITS.maxNesting} levels (at ${path}).`, { limit: INPUT_LIMITS.maxNesting });
    }
    if (typeof value === 'string') {
      if (value.length > INPUT_LIMITS.maxStringLength) {
        throw new BadUserInputError(`The variable ${path} is ${value.length} characters long; at most ${INPUT_LIMITS.maxStringLength} are allowed.`, {
          limit: INPUT_LIMITS.maxStringLength,
        });
      }
    } else if (Array.isArray(value)) {
      if (value.length > INPUT_LIMITS.maxListItems) {
        throw new BadUserInputError(`The variable ${path} has ${value.length} items; at most ${INPUT_LIMITS.maxListItems} are allowed.`, {
          limit: INPUT_LIMITS.maxListItems,
        });
      }
      value.forEach((item, i) => visit(item, nesting + 1, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, nesting + 1, `${path}.${key.slice(0, 40)}`);
    }
  };
  if (variables === null || variables === undefined) return;
  for (const [name, value] of Object.entries(variables as Record<string, unknown>)) visit(value, 1, `$${name.slice(0, 40)}`);
}
