import { describe, expect, it } from 'vitest';
import { keyRefusal } from '../../../src/app/auth/account-eligibility';
import type { ApiKeyOwner } from '../../../src/app/auth/api-key-store';

const owner = (overrides: Partial<ApiKeyOwner>): ApiKeyOwner => ({
  accountId: 4,
  accountUuid: 'u',
  accountName: 'alice',
  accountType: 0,
  accountState: 'enabled',
  domainId: 2,
  domainPath: '/ROOT/engineering/',
  ...overrides,
});

describe(keyRefusal.name, () => {
  it('lets enabled users and admins of a live domain hold keys', () => {
    for (const accountType of [0, 1, 2, 3, 4]) expect(keyRefusal(owner({ accountType }))).toBeNull();
    expect(keyRefusal(owner({ accountType: 1, accountName: 'admin', accountId: 2, domainPath: null }))).toBeNull();
  });

  it("refuses CloudStack's system account by id and by its type-1 name", () => {
    expect(keyRefusal(owner({ accountId: 1, accountType: 1, accountName: 'system' }))).toMatch(/internal system account/);
    expect(keyRefusal(owner({ accountId: 1, accountType: 1, accountName: 'renamed' }))).toMatch(/internal system account/);
    expect(keyRefusal(owner({ accountId: 77, accountType: 1, accountName: 'system' }))).toMatch(/internal system account/);
  });

  it('refuses project accounts, disabled and locked accounts, and accounts of a removed domain', () => {
    expect(keyRefusal(owner({ accountType: 5 }))).toMatch(/project's account/);
    expect(keyRefusal(owner({ accountState: 'disabled' }))).toBe('is disabled');
    expect(keyRefusal(owner({ accountState: 'Locked' }))).toBe('is Locked');
    expect(keyRefusal(owner({ domainPath: null }))).toMatch(/domain that no longer exists/);
  });
});
