import DataLoader from 'dataloader';
import type {
  ChildList,
  ChildLists,
  InventoryKind,
  InventoryReader,
  InventoryRecords,
  NodeKindOfUuid,
  Page,
  ReadScope,
} from '../../app/ports/inventory-reader';
import type { StoragePoolHostRefRecord, VolumeRecord } from '../../domain/inventory/records';

/**
 * Per-request DataLoaders, one per access path, created with the request context (never shared
 * between requests). Each batch is one statement of the InventoryReader, so the number of
 * statements of a query depends on its depth, not on its page size.
 */
export class InventoryLoaders {
  private readonly byIdLoaders = new Map<string, DataLoader<number, unknown>>();
  private readonly byUuidLoaders = new Map<string, DataLoader<string, unknown>>();
  private readonly childPageLoaders = new Map<string, DataLoader<number, Page<unknown> | null>>();
  private readonly childCountLoaders = new Map<string, DataLoader<number, { count: number } | null>>();

  readonly volumesByVmId: DataLoader<number, VolumeRecord[]>;
  readonly poolHostRefsByHostId: DataLoader<number, StoragePoolHostRefRecord[]>;
  readonly poolHostRefsByPoolId: DataLoader<number, StoragePoolHostRefRecord[]>;
  /** Which table a uuid lives in (one UNION statement per batch), for `node(id:)`. */
  readonly kindOfUuid: DataLoader<string, { uuid: string; kind: NodeKindOfUuid; id: number } | null>;

  /**
   * `scope` limits the root lookups (`byUuid`, `byIdInScope`) and the nested connections in SQL, as it
   * limits the top-level lists; to-one relation loaders follow links from rows already visible.
   */
  constructor(
    private readonly reader: InventoryReader,
    private readonly scope: ReadScope = { kind: 'all' },
  ) {
    this.volumesByVmId = groupLoader(
      (ids) => reader.volumesByVmIds(ids),
      (v) => v.instanceId,
    );
    this.poolHostRefsByHostId = groupLoader(
      (ids) => reader.poolHostRefsByHostIds(ids),
      (r) => r.hostId,
    );
    this.poolHostRefsByPoolId = groupLoader(
      (ids) => reader.poolHostRefsByPoolIds(ids),
      (r) => r.poolId,
    );
    this.kindOfUuid = keyedLoader(
      async (uuids) => (await reader.kindsOfUuids(uuids)).map((r) => ({ uuid: r.uuid, kind: r.kind, id: r.id })),
      (r) => r.uuid,
      // The UNION repeats the uuid list once per table: keep it well under SQLite's 32766 placeholders.
      { maxBatchSize: 1000 },
    );
  }

  /** Live (non-removed) row by numeric id; `null` for a missing or removed row. */
  byId<K extends InventoryKind>(kind: K): DataLoader<number, InventoryRecords[K] | null> {
    return this.idLoader(kind, false);
  }

  /** Row by numeric id including soft-deleted ones (CloudStack's findByIdIncludingRemoved). */
  byIdIncludingRemoved<K extends InventoryKind>(kind: K): DataLoader<number, InventoryRecords[K] | null> {
    return this.idLoader(kind, true);
  }

  /**
   * Live row by uuid (the public id), within the request's scope: a row the caller may not see is
   * `null`, exactly like an unknown uuid, so existence does not leak (`volume(id:)`, `virtualMachine(id:)`).
   */
  byUuid<K extends InventoryKind>(kind: K): DataLoader<string, InventoryRecords[K] | null> {
    const loader = cached(this.byUuidLoaders, kind, () =>
      keyedLoader(
        (uuids) => this.reader.byUuids(kind, uuids, { scope: this.scope }),
        (r) => (r as { uuid: string }).uuid,
      ),
    );
    return loader as DataLoader<string, InventoryRecords[K] | null>;
  }

  /** Live row by numeric id within the request's scope (`node(id:)` after the uuid's table is known). */
  byIdInScope<K extends InventoryKind>(kind: K): DataLoader<number, InventoryRecords[K] | null> {
    // Unscoped callers share the relation loader (one statement for both paths).
    return this.scope.kind === 'all' ? this.byId(kind) : this.idLoader(kind, false, this.scope);
  }

  /**
   * Row by uuid including soft-deleted ones, unscoped: for views only root admins reach (a job's
   * plan names the volume a client asked to move, which may since have been expunged).
   */
  byUuidIncludingRemoved<K extends InventoryKind>(kind: K): DataLoader<string, InventoryRecords[K] | null> {
    const loader = cached(this.byUuidLoaders, `${kind}:removed`, () =>
      keyedLoader(
        (uuids) => this.reader.byUuids(kind, uuids, { includeRemoved: true }),
        (r) => (r as { uuid: string }).uuid,
      ),
    );
    return loader as DataLoader<string, InventoryRecords[K] | null>;
  }

  /**
   * One page of a nested list per parent id (`StoragePool.volumes(first: 10)` under every pool of a
   * page): parents asked for with the same filter and page share one statement; other arguments
   * get a loader of their own.
   */
  childPage<L extends ChildList>(
    list: L,
    filter: ChildLists[L]['filter'],
    page: ChildLists[L]['page'],
  ): DataLoader<number, Page<ChildLists[L]['record']> | null> {
    const loader = cached(this.childPageLoaders, JSON.stringify([list, filter, page]), () =>
      keyedLoader(
        (parentIds) => this.reader.childPages(list, parentIds, filter, page, this.scope),
        (p) => p.parentId,
      ),
    );
    return loader as DataLoader<number, Page<ChildLists[L]['record']>>;
  }

  /** How many rows a nested list holds per parent id (its `totalCount`; null for none), one statement per filter. */
  childCount<L extends ChildList>(list: L, filter: ChildLists[L]['filter']): DataLoader<number, { count: number } | null> {
    return cached(this.childCountLoaders, JSON.stringify([list, filter]), () =>
      keyedLoader(
        (parentIds) => this.reader.childCounts(list, parentIds, filter, this.scope),
        (c) => c.parentId,
      ),
    );
  }

  private idLoader<K extends InventoryKind>(kind: K, includeRemoved: boolean, scope?: ReadScope): DataLoader<number, InventoryRecords[K] | null> {
    const key = `${kind}:${includeRemoved}:${scope ? 'scoped' : 'related'}`;
    // A row without a uuid has no public id (a migrated-away source volume, R30): it is not an
    // object of the API, exactly like a missing row, so it never reaches a non-null `id`.
    const loader = cached(this.byIdLoaders, key, () =>
      keyedLoader(
        async (ids) => (await this.reader.byIds(kind, ids, { includeRemoved, scope })).filter(hasPublicId),
        (r) => (r as { id: number }).id,
      ),
    );
    return loader as DataLoader<number, InventoryRecords[K] | null>;
  }
}

function hasPublicId(row: unknown): boolean {
  return (row as { uuid?: string | null }).uuid !== null;
}

function cached<K, V>(loaders: Map<K, V>, key: K, create: () => V): V {
  let loader = loaders.get(key);
  if (loader === undefined) {
    loader = create();
    loaders.set(key, loader);
  }
  return loader;
}

/**
 * A loader of single rows by key: one batch statement, rows matched back to the keys asked for
 * (`null` for a key with no row, as the DataLoader contract wants).
 */
export function keyedLoader<K, T>(fetch: (keys: readonly K[]) => Promise<T[]>, keyOf: (row: T) => K, options?: DataLoader.Options<K, T | null>) {
  return new DataLoader<K, T | null>(async (keys) => {
    const found = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => found.get(key) ?? null);
  }, options);
}

/** A loader of child lists: one batch statement, rows grouped back by parent key (empty list for none). */
function groupLoader<T>(fetch: (ids: readonly number[]) => Promise<T[]>, parentOf: (row: T) => number | null) {
  return new DataLoader<number, T[]>(async (ids) => {
    const groups = new Map<number, T[]>(ids.map((id) => [id, []]));
    for (const row of await fetch(ids)) {
      const parent = parentOf(row);
      if (parent !== null) groups.get(parent)?.push(row);
    }
    return ids.map((id) => groups.get(id) ?? []);
  });
}
