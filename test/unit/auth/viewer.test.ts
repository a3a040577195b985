import { describe, expect, it } from 'vitest';
import { canSeeInfrastructure, isRootAdmin, readScopeFor, roleOf, type Viewer } from '../../../src/app/auth/viewer';

const viewer = (accountType: number, domainPath = '/ROOT/engineering/'): Viewer => ({ accountId: 42, accountUuid: 'u', accountType, domainId: 2, domainPath });

describe(readScopeFor.name, () => {
  it('lets root and read-only admins read everything', () => {
    expect(readScopeFor(viewer(1))).toEqual({ kind: 'all' });
    expect(readScopeFor(viewer(4))).toEqual({ kind: 'all' });
  });

  it('limits domain and resource-domain admins to their domain subtree', () => {
    expect(readScopeFor(viewer(2))).toEqual({ kind: 'domain', domainPath: '/ROOT/engineering/' });
    expect(readScopeFor(viewer(3))).toEqual({ kind: 'domain', domainPath: '/ROOT/engineering/' });
  });

  it('falls back to the own account for a domain admin without a domain path (never to every domain)', () => {
    expect(readScopeFor(viewer(2, ''))).toEqual({ kind: 'account', accountId: 42 });
  });

  it('limits users, project accounts and unknown types to their own account', () => {
    for (const type of [0, 5, 9]) expect(readScopeFor(viewer(type))).toEqual({ kind: 'account', accountId: 42 });
  });
});

describe('what each role may do', () => {
  it.each([
    [0, 'USER', false, false],
    [1, 'ROOT_ADMIN', true, true],
    [2, 'DOMAIN_ADMIN', false, false],
    [3, 'DOMAIN_ADMIN', false, false],
    [4, 'READ_ONLY_ADMIN', true, false],
    [5, 'USER', false, false],
  ])('account.type %i is %s (infrastructure: %s, migrations: %s)', (type, role, infrastructure, migrations) => {
    expect(roleOf(viewer(type))).toBe(role);
    expect(canSeeInfrastructure(viewer(type))).toBe(infrastructure);
    expect(isRootAdmin(viewer(type))).toBe(migrations);
  });
});
