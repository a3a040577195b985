import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { BadUserInputError, DomainError, MigrationBlockedError, QueryTooComplexError } from '../../domain/errors';

/** Apollo's own codes for documents it rejects before execution; the contract calls them BAD_USER_INPUT. */
const INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);
/** graphql-js's parser message when `parseOptions.maxTokens` is exceeded (it spells "more that"). */
const TOO_MANY_TOKENS = /Document contains more th(?:an|at) (\d+) tokens/;

export interface FormatErrorOptions {
  production: boolean;
  log: (entry: Record<string, unknown>) => void;
}

/**
 * The one place errors become GraphQL errors: domain errors keep their code and message;
 * anything unexpected becomes INTERNAL_SERVER_ERROR, is logged, and shows no stack in production.
 */
export function createFormatError(options: FormatErrorOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = domainErrorIn(error) ?? unwrapResolverError(error);
    if (original instanceof DomainError) {
      const extensions: Record<string, unknown> = { code: original.code };
      // Blockers carry numeric row ids for the planner's use; the API shows codes and messages only.
      if (original instanceof MigrationBlockedError) extensions.blockers = original.blockers.map(({ code, message }) => ({ code, message }));
      if (original instanceof BadUserInputError && Object.keys(original.details).length) extensions.details = original.details;
      if (original instanceof QueryTooComplexError) extensions.details = original.details;
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    if (isStatementTimeout(original)) {
      return {
        message: 'The query ran longer than the database statement time limit; ask for less.',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'QUERY_TOO_COMPLEX', details: { measure: 'statement-time' } },
      };
    }
    const code = formatted.extensions?.code;
    const tooManyTokens = code === 'GRAPHQL_PARSE_FAILED' ? TOO_MANY_TOKENS.exec(formatted.message) : null;
    if (tooManyTokens) {
      const limit = Number(tooManyTokens[1]);
      return { message: `The query has more than ${limit} tokens.`, extensions: { code: 'QUERY_TOO_COMPLEX', details: { measure: 'tokens', limit } } };
    }
    if (typeof code === 'string' && INPUT_CODES.has(code)) {
      return { ...formatted, extensions: { code: 'BAD_USER_INPUT', reason: code } };
    }
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && !(original instanceof Error && !(original as { extensions?: unknown }).extensions)) {
      return options.production ? { ...formatted, extensions: { code } } : formatted;
    }
    options.log({ level: 'error', msg: 'unexpected error', error: original instanceof Error ? original.stack : String(original), path: formatted.path });
    return {
      message: options.production ? 'Internal server error' : formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/**
 * The domain error behind a GraphQL error: resolver errors wrap it once (with a path); errors from
 * validation rules and plugins carry it as originalError, sometimes one level further down.
 */
function domainErrorIn(error: unknown): DomainError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    if (current instanceof DomainError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * A statement the database cancelled at its time limit (GATEWAY_STATEMENT_TIMEOUT_MS): MariaDB
 * ER_STATEMENT_TIMEOUT (1969), MySQL ER_QUERY_TIMEOUT (3024). Read from the driver's error number,
 * which the ORM error carries, so this layer needs no ORM import.
 */
function isStatementTimeout(error: unknown): boolean {
  const errno = (error as { errno?: unknown; driverError?: { errno?: unknown } } | null)?.errno ?? (error as { driverError?: { errno?: unknown } } | null)?.driverError?.errno;
  return errno === 1969 || errno === 3024;
}
