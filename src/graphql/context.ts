import type { InventoryReader, ReadScope } from '../app/ports/inventory-reader';
import type { Viewer } from '../app/auth/viewer';
import type { GatewayServices } from '../app/gateway-services';
import { InventoryLoaders } from './loaders/inventory-loaders';
import { MigrationLoaders } from './loaders/migration-loaders';

/**
 * Who is calling (the API key's account; the root admin when GATEWAY_AUTH=off). The HTTP server
 * always sets one; `null` is an in-process caller (tests, tools) trusted with the scope it passes.
 */
export type { Viewer } from '../app/auth/viewer';

/** Per-request context: loaders are created here, never stored on (singleton) resolvers. */
export interface GatewayContext {
  requestId: string;
  viewer: Viewer | null;
  scope: ReadScope;
  loaders: InventoryLoaders;
  /** Per-request loaders over the migration job queries (job commands). */
  migrationLoaders: MigrationLoaders;
  reader: InventoryReader;
  services: GatewayServices;
  maxPageSize: number;
  /** Server secret connection cursors are signed with (graphql/pagination.ts). */
  cursorSigningKey: Buffer;
}

export interface ContextDependencies {
  reader: InventoryReader;
  services: GatewayServices;
  maxPageSize: number;
  /** The same on every replica (app/security/cursor-signing-key.ts), so a cursor from one is good on another. */
  cursorSigningKey: Buffer;
}

/**
 * A subscription runs every event in the one context its operation got: each event gets fresh
 * loaders, or the second state of a job would be read from the first one's cache.
 */
export function renewLoaders(ctx: GatewayContext): void {
  ctx.loaders = new InventoryLoaders(ctx.reader, ctx.scope);
  ctx.migrationLoaders = new MigrationLoaders(ctx.services.migrationJobs);
}

export function createGatewayContext(deps: ContextDependencies, requestId: string, viewer: Viewer | null, scope: ReadScope): GatewayContext {
  return {
    requestId,
    viewer,
    scope,
    // Root lookups (volume(id:), node(id:) ...) are scoped in SQL like the lists.
    loaders: new InventoryLoaders(deps.reader, scope),
    migrationLoaders: new MigrationLoaders(deps.services.migrationJobs),
    reader: deps.reader,
    services: deps.services,
    maxPageSize: deps.maxPageSize,
    cursorSigningKey: deps.cursorSigningKey,
  };
}
