import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { QueryTooComplexError } from '../../../../src/graphql/errors/api-errors';
import { createFormatError } from '../../../../src/graphql/errors/format-error';

const format = createFormatError({ debug: false, log: () => {} });

describe('error codes of refused and cancelled queries', () => {
  it('keeps QUERY_TOO_COMPLEX and its details when the limit error sits under a validation error', () => {
    const limit = new QueryTooComplexError('The query is 20 levels deep; at most 12 are allowed.', { measure: 'depth', limit: 12, actual: 20 });
    const validation = new GraphQLError(limit.message, { originalError: limit, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(format(validation.toJSON(), validation)).toEqual({
      message: limit.message,
      locations: undefined,
      path: undefined,
      extensions: { code: 'QUERY_TOO_COMPLEX', details: { measure: 'depth', limit: 12, actual: 20 } },
    });
  });

  it("turns the parser's token limit into QUERY_TOO_COMPLEX", () => {
    const parse = new GraphQLError('Syntax Error: Document contains more that 2000 tokens. Parsing aborted.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(format(parse.toJSON(), parse).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', details: { measure: 'tokens', limit: 2000 } });
  });

  it.each([1969, 3024])('answers a statement the database cancelled at its time limit (errno %i) with QUERY_TOO_COMPLEX, not a server error', (errno) => {
    const driver = Object.assign(new Error('Query execution was interrupted (max_statement_time exceeded)'), { errno });
    const resolver = new GraphQLError(driver.message, { path: ['virtualMachines'], originalError: driver });
    expect(format(resolver.toJSON(), resolver).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', details: { measure: 'statement-time' } });
  });
});
