import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';

/** Room for persisted documents, all callers together (Apollo's own default is about 30 MiB). */
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * Apollo's persisted-query (APQ) cache, partitioned by caller: a document registered by one
 * account is found only by that account, so a hash cannot be used to probe what another account
 * sent (or to run it). A request without a caller (not authenticated) neither reads nor writes.
 */
export class CallerScopedCache implements KeyValueCache<string> {
  private readonly entries = new InMemoryLRUCache<string>({ maxSize: MAX_BYTES, sizeCalculation: InMemoryLRUCache.sizeCalculation });

  /** `caller` names who is asking, for the request being served (undefined: nobody known). */
  constructor(private readonly caller: () => string | undefined) {}

  async get(key: string): Promise<string | undefined> {
    const scoped = this.scoped(key);
    return scoped === null ? undefined : this.entries.get(scoped);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const scoped = this.scoped(key);
    if (scoped !== null) await this.entries.set(scoped, value, options);
  }

  async delete(key: string): Promise<boolean | void> {
    const scoped = this.scoped(key);
    return scoped === null ? false : this.entries.delete(scoped);
  }

  private scoped(key: string): string | null {
    const caller = this.caller();
    return caller === undefined ? null : `${caller}\u0000${key}`;
  }
}
