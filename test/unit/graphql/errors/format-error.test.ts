import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createFormatError } from '../../../../src/graphql/errors/format-error';

const apollo = (message: string, extensions: Record<string, unknown>) => new GraphQLError(message, { extensions });
/** What Apollo hands formatError: its enriched copy (code defaulted, stack trace when asked) and the original. */
const formatted = (error: GraphQLError) => ({
  message: error.message,
  extensions: { code: 'INTERNAL_SERVER_ERROR', ...error.extensions, http: undefined, stacktrace: ['Error: at /srv/gateway/src/x.ts:1'] },
});

describe('createFormatError', () => {
  const logged: Record<string, unknown>[] = [];
  const format = createFormatError({ debug: false, log: (entry) => logged.push(entry) });

  it('maps request errors Apollo raises without a code to BAD_USER_INPUT with a reason, logging nothing', () => {
    const mismatch = apollo('provided sha does not match query', { http: { status: 400 } });
    expect(format(formatted(mismatch), mismatch)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_HASH_MISMATCH' },
    });
    const other = apollo('Some future client mistake', { http: { status: 400 } });
    expect(format(formatted(other), other).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' });
    expect(logged).toEqual([]);
  });

  it('keeps the automatic-persisted-query codes clients act on, without stack traces', () => {
    for (const code of ['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']) {
      const error = apollo('PersistedQuery', { code, http: { status: 200 } });
      expect(format(formatted(error), error).extensions).toEqual({ code });
    }
  });

  it("hides an internal error's message and stack unless debugging asks for them, and logs it", () => {
    const internal = new GraphQLError('connect ECONNREFUSED 10.0.0.5:3306', { originalError: new Error('connect ECONNREFUSED 10.0.0.5:3306') });
    expect(format(formatted(internal), internal)).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged.at(-1)).toMatchObject({ level: 'error', msg: 'unexpected error' });
    const debug = createFormatError({ debug: true, log: () => {} });
    expect(debug(formatted(internal), internal)).toEqual({
      message: 'connect ECONNREFUSED 10.0.0.5:3306',
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: at /srv/gateway/src/x.ts:1'] },
    });
  });

  it('drops stack traces from client errors too, unless debugging', () => {
    const validation = apollo('Cannot query field "x" on type "Query".', { code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(format(formatted(validation), validation).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
    expect(createFormatError({ debug: true, log: () => {} })(formatted(validation), validation).extensions).toHaveProperty('stacktrace');
  });
});
