/**
 * The naive baseline: the gateway's own code (server, schema, resolvers, reader) with every
 * DataLoader constructed as `{ batch: false, cache: false }`. Each `loader.load(key)` a field
 * resolver makes then runs its own single-key statement at once, and the same row is read again
 * for every parent that names it: exactly what resolvers that query the reader directly cost
 * (the N+1 pattern), with nothing else changed.
 *
 * It works by replacing the `dataloader` module's export in the require cache, so it must run in
 * a process of its own, before anything imports `dataloader` (server-process.ts calls it first).
 */
export function installNaiveDataLoader(): void {
  const RealDataLoader = require('dataloader') as typeof import('dataloader');
  class UnbatchedDataLoader<K, V, C = K> extends RealDataLoader<K, V, C> {
    constructor(batchLoadFn: import('dataloader').BatchLoadFn<K, V>, options?: import('dataloader').Options<K, V, C>) {
      super(batchLoadFn, { ...options, batch: false, cache: false });
    }
  }
  const cached = require.cache[require.resolve('dataloader')];
  if (!cached) throw new Error('dataloader is not in the require cache');
  cached.exports = UnbatchedDataLoader;
}
