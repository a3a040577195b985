import type { InventoryReader, ReadScope } from '../app/ports/inventory-reader';
import type { GatewayServices } from '../app/gateway-services';
import { InventoryLoaders } from './loaders/inventory-loaders';

/** Who is calling (from the API key); `null` only where authentication is off (embedded demo). */
export interface Viewer {
  accountId: number;
  accountUuid: string | null;
  /** CloudStack account.type: 0 user, 1 root admin, 2 domain admin, ... */
  accountType: number;
  domainId: number | null;
  domainPath: string;
}

/** Per-request context: loaders are created here, never stored on (singleton) resolvers. */
export interface GatewayContext {
  requestId: string;
  viewer: Viewer | null;
  scope: ReadScope;
  loaders: InventoryLoaders;
  reader: InventoryReader;
  services: GatewayServices;
  maxPageSize: number;
}

export interface ContextDependencies {
  reader: InventoryReader;
  services: GatewayServices;
  maxPageSize: number;
}

export function createGatewayContext(deps: ContextDependencies, requestId: string, viewer: Viewer | null, scope: ReadScope): GatewayContext {
  return {
    requestId,
    viewer,
    scope,
    loaders: new InventoryLoaders(deps.reader),
    reader: deps.reader,
    services: deps.services,
    maxPageSize: deps.maxPageSize,
  };
}
