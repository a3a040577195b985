import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { BadUserInputError, DomainError, MigrationBlockedError } from '../../domain/errors';
import { QueryTooComplexError } from './api-errors';

/** Apollo's own codes for documents it rejects before execution; the contract calls them BAD_USER_INPUT. */
const INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE']);
/** Automatic persisted queries: Apollo Client's link acts on exactly these codes (send the full query, or stop using APQ). */
const PERSISTED_QUERY_CODES = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);
/**
 * Request errors Apollo raises without a code (so its normalisation would call them
 * INTERNAL_SERVER_ERROR) although they are the client's mistake: a reason for each known message.
 */
const UNCODED_REQUEST_ERRORS: Record<string, string> = {
  'provided sha does not match query': 'PERSISTED_QUERY_HASH_MISMATCH',
  'Unsupported persisted query version': 'PERSISTED_QUERY_VERSION_UNSUPPORTED',
};
/** graphql-js's parser message when `parseOptions.maxTokens` is exceeded (it spells "more that"). */
const TOO_MANY_TOKENS = /Document contains more th(?:an|at) (\d+) tokens/;

export interface FormatErrorOptions {
  /** GATEWAY_DEBUG_ERRORS: keep stack traces and internal messages in answers (never by default). */
  debug: boolean;
  log: (entry: { msg: string } & Record<string, unknown>) => void;
}

/**
 * The one place errors become GraphQL errors: domain errors keep their code and message; a
 * client's mistake caught by Apollo gets its stable code (BAD_USER_INPUT with the reason, or
 * PERSISTED_QUERY_*); anything unexpected becomes INTERNAL_SERVER_ERROR and is logged. No answer
 * carries a stack trace or an internal message unless `debug` asks for them.
 */
export function createFormatError(options: FormatErrorOptions) {
  const answer = (formatted: GraphQLFormattedError, message: string, extensions: Record<string, unknown>): GraphQLFormattedError => {
    const stacktrace = options.debug ? formatted.extensions?.stacktrace : undefined;
    return { message, locations: formatted.locations, path: formatted.path, extensions: stacktrace ? { ...extensions, stacktrace } : extensions };
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = domainErrorIn(error) ?? unwrapResolverError(error);
    if (original instanceof DomainError) {
      const extensions: Record<string, unknown> = { code: original.code };
      // Blockers carry numeric row ids for the planner's use; the API shows codes and messages only.
      if (original instanceof MigrationBlockedError) extensions.blockers = original.blockers.map(({ code, message }) => ({ code, message }));
      if (original instanceof BadUserInputError && Object.keys(original.details).length) extensions.details = original.details;
      if (original instanceof QueryTooComplexError) extensions.details = original.details;
      return answer(formatted, original.message, extensions);
    }
    if (isStatementTimeout(original)) {
      return answer(formatted, 'The query ran longer than the database statement time limit; ask for less.', {
        code: 'QUERY_TOO_COMPLEX',
        details: { measure: 'statement-time' },
      });
    }
    const code = formatted.extensions?.code;
    const tooManyTokens = code === 'GRAPHQL_PARSE_FAILED' ? TOO_MANY_TOKENS.exec(formatted.message) : null;
    if (tooManyTokens) {
      const limit = Number(tooManyTokens[1]);
      return answer(formatted, `The query has more than ${limit} tokens.`, { code: 'QUERY_TOO_COMPLEX', details: { measure: 'tokens', limit } });
    }
    if (typeof code === 'string' && INPUT_CODES.has(code)) return answer(formatted, formatted.message, { code: 'BAD_USER_INPUT', reason: code });
    if (typeof code === 'string' && PERSISTED_QUERY_CODES.has(code)) return answer(formatted, formatted.message, { code });
    const uncoded = uncodedClientError(error, formatted.message);
    if (uncoded) return answer(formatted, formatted.message, { code: 'BAD_USER_INPUT', reason: uncoded });
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && !(original instanceof Error && !(original as { extensions?: unknown }).extensions)) {
      return answer(formatted, formatted.message, { code });
    }
    options.log({ level: 'error', msg: 'unexpected error', error: original instanceof Error ? original.stack : String(original), path: formatted.path });
    return answer(formatted, options.debug ? formatted.message : 'Internal server error', { code: 'INTERNAL_SERVER_ERROR' });
  };
}

/**
 * The reason of a request error Apollo raised without a code: a known message, or any error
 * Apollo marked with a 4xx HTTP status (it only does so for the client's mistakes).
 */
function uncodedClientError(error: unknown, message: string): string | null {
  if (!(error instanceof GraphQLError) || error.extensions?.code !== undefined) return null;
  if (UNCODED_REQUEST_ERRORS[message]) return UNCODED_REQUEST_ERRORS[message];
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? 'BAD_REQUEST' : null;
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
  const errno =
    (error as { errno?: unknown; driverError?: { errno?: unknown } } | null)?.errno ??
    (error as { driverError?: { errno?: unknown } } | null)?.driverError?.errno;
  return errno === 1969 || errno === 3024;
}
