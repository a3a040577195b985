import type { GatewayContext } from '../context';
import { isRootAdmin, requireRootAdmin as requireRootAdminFor } from './access';

/**
 * Migration operations are root-admin only (CloudStack's migrateVirtualMachineWithVolume is an
 * admin API). Prefer `@Authorized(Access.ROOT_ADMIN)` on the resolver method; this helper is for
 * code paths that decide inside a resolver. `viewer === null` (in-process callers) counts as a
 * root admin only with scope `all` (see access.ts).
 */
export function requireRootAdmin(ctx: Pick<GatewayContext, 'viewer' | 'scope'>, action = 'Planning, running or reading migrations'): void {
  requireRootAdminFor(ctx, action);
}

/** The same rule as a predicate, for lookups that answer `null` rather than refuse (`node(id:)`). */
export { isRootAdmin };
