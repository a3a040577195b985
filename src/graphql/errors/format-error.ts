import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { BadUserInputError, DomainError, MigrationBlockedError } from '../../domain/errors';

/** Apollo's own codes for documents it rejects before execution; the contract calls them BAD_USER_INPUT. */
const INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

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
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      const extensions: Record<string, unknown> = { code: original.code };
      if (original instanceof MigrationBlockedError) extensions.blockers = original.blockers;
      if (original instanceof BadUserInputError && Object.keys(original.details).length) extensions.details = original.details;
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    const code = formatted.extensions?.code;
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
