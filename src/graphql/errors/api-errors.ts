import { DomainError } from '../../domain/errors';

/** Errors only the API raises (authorization of fields and introspection, query limits); mapped with the others in format-error.ts. */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/** A request over the gateway's limits (depth, cost, aliases, fields, tokens): nothing was executed. */
export class QueryTooComplexError extends DomainError {
  constructor(
    message: string,
    readonly details: { measure: string; limit: number; actual?: number },
  ) {
    super('QUERY_TOO_COMPLEX', message);
  }
}
