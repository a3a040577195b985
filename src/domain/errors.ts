/**
 * Domain errors: each carries a stable `code` that the API layer maps in one place
 * (GraphQL `extensions.code`). Keep this file small and general; add subclasses as needed.
 */
export class DomainError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** What a refusal names: a stable code and a human message (e.g. a migration blocker). */
export interface DomainErrorReason {
  readonly code: string;
  readonly message: string;
}

/** A request the planner refused: the plan carried blockers (contract: `MIGRATION_BLOCKED`). */
export class MigrationBlockedError extends DomainError {
  readonly blockers: readonly DomainErrorReason[];

  constructor(blockers: readonly DomainErrorReason[]) {
    const summary = blockers.map((blocker) => `${blocker.code}: ${blocker.message}`).join('; ');
    super('MIGRATION_BLOCKED', `Migration blocked: ${summary || 'no reason given'}`);
    this.blockers = blockers;
  }
}

/** Input that is malformed or out of range; nothing was changed. */
export class BadUserInputError extends DomainError {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super('BAD_USER_INPUT', message);
  }
}

/** A referenced object does not exist (or is not visible to the caller). */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** Another operation holds the object (e.g. a migration of the same VM is running). */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}
