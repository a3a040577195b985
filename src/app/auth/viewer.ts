import type { ReadScope } from '../ports/inventory-reader';

/** Who is calling: the CloudStack account an API key is bound to. */
export interface Viewer {
  accountId: number;
  accountUuid: string | null;
  /** CloudStack account.type: 0 user, 1 root admin, 2 domain admin, 3 resource-domain admin, 4 read-only admin, 5 project. */
  accountType: number;
  domainId: number | null;
  /** `domain.path` of the account's domain (`/ROOT/engineering/`); a subdomain's path starts with its parent's. */
  domainPath: string;
  accountName?: string | null;
  /** The API key used (its public uuid), for logs; absent when authentication is off. */
  apiKeyUuid?: string;
}

/** CloudStack `account.type` values (AccountVO / Account.Type). */
export const AccountType = {
  User: 0,
  RootAdmin: 1,
  DomainAdmin: 2,
  ResourceDomainAdmin: 3,
  ReadOnlyAdmin: 4,
  Project: 5,
} as const;

/**
 * The gateway's roles, following CloudStack's account types: a root admin sees and does
 * everything; a read-only admin sees everything and changes nothing; a domain admin (and a
 * resource-domain admin) sees its domain's subtree; everyone else sees their own account.
 */
export type ViewerRole = 'ROOT_ADMIN' | 'READ_ONLY_ADMIN' | 'DOMAIN_ADMIN' | 'USER';
export const VIEWER_ROLES: readonly ViewerRole[] = ['ROOT_ADMIN', 'READ_ONLY_ADMIN', 'DOMAIN_ADMIN', 'USER'];

export function roleOf(viewer: Pick<Viewer, 'accountType'>): ViewerRole {
  switch (viewer.accountType) {
    case AccountType.RootAdmin:
      return 'ROOT_ADMIN';
    case AccountType.ReadOnlyAdmin:
      return 'READ_ONLY_ADMIN';
    case AccountType.DomainAdmin:
    case AccountType.ResourceDomainAdmin:
      return 'DOMAIN_ADMIN';
    default:
      // Unknown future types get the least access.
      return 'USER';
  }
}

/** The rows a viewer may read, applied in SQL by the inventory reader. */
export function readScopeFor(viewer: Viewer): ReadScope {
  switch (roleOf(viewer)) {
    case 'ROOT_ADMIN':
    case 'READ_ONLY_ADMIN':
      return { kind: 'all' };
    case 'DOMAIN_ADMIN':
      // A domain admin without a domain path would otherwise match every domain (`LIKE '%'`).
      return viewer.domainPath ? { kind: 'domain', domainPath: viewer.domainPath } : { kind: 'account', accountId: viewer.accountId };
    default:
      return { kind: 'account', accountId: viewer.accountId };
  }
}

/** Hosts, pools, clusters, image stores and on-disk details are for administrators (CloudStack shows them to admins only). */
export function canSeeInfrastructure(viewer: Viewer): boolean {
  const role = roleOf(viewer);
  return role === 'ROOT_ADMIN' || role === 'READ_ONLY_ADMIN';
}

/** Changes to placement (live migration with storage) are root-admin only, as `migrateVirtualMachineWithVolume` in CloudStack. */
export function isRootAdmin(viewer: Viewer): boolean {
  return roleOf(viewer) === 'ROOT_ADMIN';
}
