import { describe, expect, it } from 'vitest';
import { DomainError, MigrationBlockedError } from '../../../../src/domain/errors';

describe(MigrationBlockedError.name, () => {
  it('is a DomainError with the MIGRATION_BLOCKED code that carries the blockers', () => {
    const blockers = [{ code: 'VM_NOT_RUNNING', message: 'VM is not running' }];
    const error = new MigrationBlockedError(blockers);

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ name: 'MigrationBlockedError', code: 'MIGRATION_BLOCKED', blockers });
    expect(error.message).toContain('VM_NOT_RUNNING: VM is not running');
  });
});
