import type { AuthCheckerFn } from 'type-graphql';
import { canSeeInfrastructure, isRootAdmin as viewerIsRootAdmin } from '../../app/auth/viewer';
import { ForbiddenError } from '../errors/api-errors';
import type { GatewayContext } from '../context';

/**
 * What a field or operation requires, for `@Authorized(...)`:
 * - `Access.ROOT_ADMIN`: root administrators only (placement changes: migrations).
 * - `Access.INFRASTRUCTURE`: administrators who see the whole cloud (root and read-only admins):
 *   hosts, pools, clusters, image stores, template copies, on-disk paths.
 */
export const Access = {
  ROOT_ADMIN: 'ROOT_ADMIN',
  INFRASTRUCTURE: 'INFRASTRUCTURE',
} as const;
export type AccessRequirement = (typeof Access)[keyof typeof Access];

type AccessContext = Pick<GatewayContext, 'viewer' | 'scope'>;

/**
 * `viewer === null` is an in-process caller (tests, tools) trusted with its explicit scope: it is
 * an administrator exactly when its scope is `all`. The HTTP server always sets a viewer (the
 * key's account, or the root admin when GATEWAY_AUTH=off).
 */
export function isRootAdmin(ctx: AccessContext): boolean {
  return ctx.viewer === null ? ctx.scope.kind === 'all' : viewerIsRootAdmin(ctx.viewer);
}

function canReadInfrastructure(ctx: AccessContext): boolean {
  return ctx.viewer === null ? ctx.scope.kind === 'all' : canSeeInfrastructure(ctx.viewer);
}

function satisfies(ctx: AccessContext, requirement: AccessRequirement): boolean {
  return requirement === Access.ROOT_ADMIN ? isRootAdmin(ctx) : canReadInfrastructure(ctx);
}

/**
 * type-graphql auth checker behind `@Authorized(Access.X)`: a field or operation is allowed when
 * any listed requirement is met; otherwise FORBIDDEN naming the field (on a nullable field the
 * value is null with the error; on a non-null one GraphQL nulls the nearest nullable parent).
 */
export const gatewayAuthChecker: AuthCheckerFn<GatewayContext, AccessRequirement> = ({ context, info }, roles) => {
  const required: AccessRequirement[] = roles.length ? roles : [Access.ROOT_ADMIN];
  if (required.some((r) => satisfies(context, r))) return true;
  const who = required.includes(Access.INFRASTRUCTURE) ? 'administrators' : 'root administrators';
  throw new ForbiddenError(`${info.parentType.name}.${info.fieldName} is for ${who} only.`);
};
