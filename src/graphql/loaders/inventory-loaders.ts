import DataLoader from 'dataloader';
import type { InventoryKind, InventoryReader, InventoryRecords, NodeKindOfUuid, ReadScope } from '../../app/ports/inventory-reader';
import type {
  StoragePoolHostRefRecord, TemplatePoolRefRecord, TemplateStoreRefRecord, VmRecord, VolumeRecord,
} from '../../domain/inventory/records';

/** How many children a nested list (pool.volumes, host.virtualMachines) shows; use the top-level connections to page. */
export const NESTED_LIST_LIMIT = 50;

/**
 * Per-request DataLoaders, one per access path, created with the request context (never shared
 * between requests). Each batch is one statement of the InventoryReader, so the number of
 * statements of a query depends on its depth, not on its page size.
 */
export class InventoryLoaders {
  private readonly byIdLoaders = new Map<string, DataLoader<number, unknown>>();
  private readonly byUuidLoaders = new Map<string, DataLoader<string, unknown>>();

  readonly volumesByVmId: DataLoader<number, VolumeRecord[]>;
  readonly volumesByPoolId: DataLoader<number, VolumeRecord[]>;
  readonly vmsByHostId: DataLoader<number, VmRecord[]>;
  readonly poolRefsByTemplateId: DataLoader<number, TemplatePoolRefRecord[]>;
  readonly poolRefsByPoolId: DataLoader<number, TemplatePoolRefRecord[]>;
  readonly storeRefsByTemplateId: DataLoader<number, TemplateStoreRefRecord[]>;
  readonly poolHostRefsByHostId: DataLoader<number, StoragePoolHostRefRecord[]>;
  readonly poolHostRefsByPoolId: DataLoader<number, StoragePoolHostRefRecord[]>;
  /** Which table a uuid lives in (one UNION statement per batch), for `node(id:)`. */
  readonly kindOfUuid: DataLoader<string, { uuid: string; kind: NodeKindOfUuid; id: number } | null>;

  /** `scope` limits the root lookups (`byUuid`, `byIdInScope`) in SQL; relation loaders follow links from rows already visible. */
  constructor(
    private readonly reader: InventoryReader,
    private readonly scope: ReadScope = { kind: 'all' },
  ) {
    this.volumesByVmId = groupLoader((ids) => reader.volumesByVmIds(ids), (v) => v.instanceId);
    this.volumesByPoolId = groupLoader((ids) => reader.volumesByPoolIds(ids, NESTED_LIST_LIMIT), (v) => v.poolId);
    this.vmsByHostId = groupLoader((ids) => reader.vmsByHostIds(ids, NESTED_LIST_LIMIT), (v) => v.hostId);
    this.poolRefsByTemplateId = groupLoader((ids) => reader.poolRefsByTemplateIds(ids), (r) => r.templateId);
    this.poolRefsByPoolId = groupLoader((ids) => reader.poolRefsByPoolIds(ids), (r) => r.poolId);
    this.storeRefsByTemplateId = groupLoader((ids) => reader.storeRefsByTemplateIds(ids), (r) => r.templateId);
    this.poolHostRefsByHostId = groupLoader((ids) => reader.poolHostRefsByHostIds(ids), (r) => r.hostId);
    this.poolHostRefsByPoolId = groupLoader((ids) => reader.poolHostRefsByPoolIds(ids), (r) => r.poolId);
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
    let loader = this.byUuidLoaders.get(kind);
    if (!loader) {
      loader = keyedLoader((uuids) => this.reader.byUuids(kind, uuids, { scope: this.scope }), (r) => (r as { uuid: string }).uuid);
      this.byUuidLoaders.set(kind, loader);
    }
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
    const key = `${kind}:removed`;
    let loader = this.byUuidLoaders.get(key);
    if (!loader) {
      loader = keyedLoader((uuids) => this.reader.byUuids(kind, uuids, { includeRemoved: true }), (r) => (r as { uuid: string }).uuid);
      this.byUuidLoaders.set(key, loader);
    }
    return loader as DataLoader<string, InventoryRecords[K] | null>;
  }

  private idLoader<K extends InventoryKind>(kind: K, includeRemoved: boolean, scope?: ReadScope): DataLoader<number, InventoryRecords[K] | null> {
    const key = `${kind}:${includeRemoved}:${scope ? 'scoped' : 'related'}`;
    let loader = this.byIdLoaders.get(key);
    if (!loader) {
      // A row without a uuid has no public id (a migrated-away source volume, R30): it is not an
      // object of the API, exactly like a missing row, so it never reaches a non-null `id`.
      const fetch = async (ids: readonly number[]) => (await this.reader.byIds(kind, ids, { includeRemoved, scope })).filter(hasPublicId);
      loader = keyedLoader(fetch, (r) => (r as { id: number }).id);
      this.byIdLoaders.set(key, loader);
    }
    return loader as DataLoader<number, InventoryRecords[K] | null>;
  }
}

function hasPublicId(row: unknown): boolean {
  return (row as { uuid?: string | null }).uuid !== null;
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
