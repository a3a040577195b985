import type { ApiKeyOwner } from './api-key-store';
import { AccountType } from './viewer';

/** CloudStack's `system` account (Account.ACCOUNT_ID_SYSTEM): type 1 like a root admin, but nobody's. */
export const SYSTEM_ACCOUNT_ID = 1;
const SYSTEM_ACCOUNT_NAME = 'system';

/**
 * Why an account may not hold or use an API key, or null when it may. Keys stand for people and
 * automation that could log in to CloudStack themselves, so not for:
 * - CloudStack's internal `system` account (id 1, type 1, named `system`: the create-schema row
 *   every install has; it owns system VMs and never logs in),
 * - a project's account (type 5: a project's resources, with no users of its own),
 * - a removed, disabled or locked account (only `enabled` logs in),
 * - an account whose domain is gone (a domain admin would have no subtree to see).
 */
export function keyRefusal(owner: ApiKeyOwner): string | null {
  if (owner.accountId === SYSTEM_ACCOUNT_ID || (owner.accountType === AccountType.RootAdmin && owner.accountName === SYSTEM_ACCOUNT_NAME)) {
    return "is CloudStack's internal system account, which never logs in";
  }
  if (owner.accountType === AccountType.Project) return "is a project's account, which has no users who log in";
  if (owner.accountState.toLowerCase() !== 'enabled') return `is ${owner.accountState || 'not enabled'}`;
  if (owner.domainPath === null && owner.accountType !== AccountType.RootAdmin) return 'belongs to a domain that no longer exists';
  return null;
}
