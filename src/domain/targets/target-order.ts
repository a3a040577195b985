import type { HostTarget, PoolTarget } from './migration-targets';

/** Java `String.compareTo`: UTF-16 code units, case-sensitive. */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const rank = (suitable: boolean | null) => (suitable === true ? 0 : suitable === null ? 1 : 2);

/**
 * T29 `sortPoolsBySuitabilityAndName`: suitable pools first, ordered by name; the others after them
 * in listing order (a stable sort, comparator 0 among them), undecidable ones before unsuitable ones.
 */
export function orderPools(pools: readonly PoolTarget[]): PoolTarget[] {
  return [...pools].sort((a, b) => {
    const byRank = rank(a.suitable) - rank(b.suitable);
    if (byRank !== 0) return byRank;
    return a.suitable === true ? byName(a.pool.name ?? '', b.pool.name ?? '') : 0;
  });
}

/** The contract's host order (T19 leaves it open): suitable first, then undecidable, then unsuitable, by name within each. */
export function orderHosts(hosts: readonly HostTarget[]): HostTarget[] {
  return [...hosts].sort((a, b) => rank(a.suitable) - rank(b.suitable) || byName(a.host.name, b.host.name) || a.host.id - b.host.id);
}
