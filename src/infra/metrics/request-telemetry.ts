import { AsyncLocalStorage } from 'node:async_hooks';

/** What the gateway records about the request being served (one per HTTP request). */
export interface RequestTelemetry {
  requestId: string;
  /** SQL statements sent while serving the request (transaction control excluded). */
  sqlStatements: number;
  /**
   * The operation Apollo resolved from a document that parsed and validated: its name as written
   * in the document (never the request's `operationName` field alone), '' for an anonymous one.
   */
  operationName: string | null;
  /** Who is calling, once authenticated (the account id): scopes caches that must not be shared between accounts. */
  callerKey?: string;
  /** The operation's estimated cost (query-cost.ts), once known: what GATEWAY_MAX_QUERY_COST is sized from. */
  queryCost?: number;
  /**
   * Set when the response is complete. Work started by the request that runs on afterwards (a
   * migration job) still sees this store through AsyncLocalStorage; it is background work then.
   */
  finished?: boolean;
}

/**
 * The current request, across awaits, DataLoader batches and TypeORM calls: the SQL logger counts
 * statements into it, the error formatter logs its request id.
 */
export const requestTelemetry = new AsyncLocalStorage<RequestTelemetry>();

/** The request being served, if any (undefined for background work, even when a request started it). */
export function currentRequest(): RequestTelemetry | undefined {
  const store = requestTelemetry.getStore();
  return store && !store.finished ? store : undefined;
}
