import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** What one subscription delivered, and how it ended. */
interface Subscription<T = any> {
  events: T[];
  /** Resolves when the server completes the subscription (or rejects with the error it sent). */
  ended: Promise<void>;
  /** Errors sent in `next` payloads (a refused operation comes as one result with errors). */
  errors: any[];
  /** Resolves once `count` events arrived. */
  waitFor(count: number): Promise<void>;
}

export interface SubscriptionClient {
  client: Client;
  subscribe<T = any>(query: string, variables?: Record<string, unknown>): Subscription<T>;
  /** The close event if the server closed the socket (code and reason). */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/** A real graphql-ws client (graphql-transport-ws) to `<url>/graphql`, the API key in connectionParams. */
export function connectSubscriptions(httpUrl: string, key: string | null, options: { authorization?: string } = {}): SubscriptionClient {
  let onClosed: (event: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    onClosed = resolve;
  });
  const client = createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    onNonLazyError: () => {},
    retryAttempts: 0,
    connectionParams: options.authorization !== undefined ? { authorization: options.authorization } : key ? { authorization: `Bearer ${key}` } : {},
    on: {
      closed: (event) => {
        const e = event as { code: number; reason: string };
        onClosed({ code: e.code, reason: String(e.reason) });
      },
    },
  });
  client.on('error', () => {});
  return {
    client,
    closed,
    subscribe<T>(query: string, variables: Record<string, unknown> = {}) {
      const events: T[] = [];
      const errors: any[] = [];
      const waiters: { count: number; resolve: () => void }[] = [];
      const ended = new Promise<void>((resolve, reject) => {
        client.subscribe<T>(
          { query, variables },
          {
            next: (result) => {
              if (result.errors) errors.push(...result.errors);
              if (result.data) events.push(result.data);
              for (const w of waiters.filter((w) => events.length >= w.count)) w.resolve();
            },
            error: reject,
            complete: resolve,
          },
        );
      });
      ended.catch(() => {});
      return {
        events,
        ended,
        errors,
        waitFor: (count) => (events.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }))),
      };
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}
