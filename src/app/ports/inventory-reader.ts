import type {
  AccountRecord,
  ClusterRecord,
  DomainRecord,
  GuestOsCategoryRecord,
  GuestOsRecord,
  HostRecord,
  ImageStoreRecord,
  PodRecord,
  StoragePoolHostRefRecord,
  StoragePoolRecord,
  TemplatePoolRefRecord,
  TemplateRecord,
  TemplateStoreRefRecord,
  VmRecord,
  VolumeRecord,
  ZoneRecord,
} from '../../domain/inventory/records';

/** The kinds of inventory object with an id and a uuid. */
export interface InventoryRecords {
  zone: ZoneRecord;
  pod: PodRecord;
  cluster: ClusterRecord;
  host: HostRecord;
  storagePool: StoragePoolRecord;
  imageStore: ImageStoreRecord;
  template: TemplateRecord;
  vm: VmRecord;
  volume: VolumeRecord;
  guestOs: GuestOsRecord;
  guestOsCategory: GuestOsCategoryRecord;
  account: AccountRecord;
  domain: DomainRecord;
}
export type InventoryKind = keyof InventoryRecords;
/** What a public id can name: an inventory row or a gateway migration job. */
export type NodeKindOfUuid = InventoryKind | 'migrationJob';

export interface LookupOptions {
  /** Also return soft-deleted rows (`removed IS NOT NULL`), as CloudStack's *IncludingRemoved DAO calls do. */
  includeRemoved?: boolean;
  /** Only rows this scope may see (in SQL): a row outside it is absent, exactly like an unknown id. */
  scope?: ReadScope;
}

/** Who is asking: rows outside this scope are invisible (applied in SQL, so counts and cursors never leak). */
export type ReadScope = { kind: 'all' } | { kind: 'domain'; domainPath: string } | { kind: 'account'; accountId: number };

export interface VmFilter {
  states?: string[];
  hostUuid?: string;
  zoneUuid?: string;
  accountUuid?: string;
  nameContains?: string;
  includeRemoved?: boolean;
}
export interface VolumeFilter {
  vmUuid?: string;
  poolUuid?: string;
  types?: string[];
  states?: string[];
  includeRemoved?: boolean;
}
export interface StoragePoolFilter {
  zoneUuid?: string;
  clusterUuid?: string;
  types?: string[];
  scopes?: string[];
  managed?: boolean;
  includeRemoved?: boolean;
}
export interface HostFilter {
  clusterUuid?: string;
  zoneUuid?: string;
  statuses?: string[];
  hypervisorTypes?: string[];
  types?: string[];
  includeRemoved?: boolean;
}
export interface TemplateFilter {
  directDownload?: boolean;
  formats?: string[];
  nameContains?: string;
  includeRemoved?: boolean;
}
export interface ZoneFilter {
  nameContains?: string;
  includeRemoved?: boolean;
}
export interface ClusterFilter {
  zoneUuid?: string;
  hypervisorTypes?: string[];
  includeRemoved?: boolean;
}
export interface InventoryFilters {
  zone: ZoneFilter;
  cluster: ClusterFilter;
  vm: VmFilter;
  volume: VolumeFilter;
  storagePool: StoragePoolFilter;
  host: HostFilter;
  template: TemplateFilter;
}
export type PageableKind = keyof InventoryFilters;

/** Keyset page request: rows ordered by id, after the row with uuid `afterUuid` (cursors carry uuids, never ids). */
export interface PageRequest {
  first: number;
  afterUuid: string | null;
}
/** Keyset page request over reference rows, which have no uuid: after the row with id `afterRowId`. */
export interface RowPageRequest {
  first: number;
  afterRowId: number | null;
}
export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

/** No filter (the reference lists take none). */
type NoFilter = Record<string, never>;

/**
 * Nested lists read as pages per parent (the nested connections): the child rows, what filters
 * them, and how a page is positioned (uuid rows by uuid, reference rows by row id).
 */
export interface ChildLists {
  /** `StoragePool.volumes`: volumes.pool_id. */
  poolVolumes: { record: VolumeRecord; filter: VolumeFilter; page: PageRequest };
  /** `Host.virtualMachines`: vm_instance.host_id. */
  hostVms: { record: VmRecord; filter: VmFilter; page: PageRequest };
  /** `Template.poolRefs`: template_spool_ref.template_id. */
  templatePoolRefs: { record: TemplatePoolRefRecord; filter: NoFilter; page: RowPageRequest };
  /** `StoragePool.templateRefs`: template_spool_ref.pool_id. */
  poolTemplateRefs: { record: TemplatePoolRefRecord; filter: NoFilter; page: RowPageRequest };
  /** `Template.storeRefs`: template_store_ref.template_id. */
  templateStoreRefs: { record: TemplateStoreRefRecord; filter: NoFilter; page: RowPageRequest };
}
export type ChildList = keyof ChildLists;
export interface ChildPage<T> extends Page<T> {
  parentId: number;
}

/**
 * Batched reads of the CloudStack inventory. Every method is one SQL statement whatever the
 * number of keys, so per-request DataLoaders built on it keep a query's statement count constant.
 * Results come in no particular order; loaders re-order them by key.
 */
export interface InventoryReader {
  byIds<K extends InventoryKind>(kind: K, ids: readonly number[], options?: LookupOptions): Promise<InventoryRecords[K][]>;
  byUuids<K extends InventoryKind>(kind: K, uuids: readonly string[], options?: LookupOptions): Promise<InventoryRecords[K][]>;
  /**
   * Which kind of object each uuid names (one statement across all tables, for `node(id:)`),
   * gateway migration jobs included.
   */
  kindsOfUuids(uuids: readonly string[]): Promise<{ uuid: string; kind: NodeKindOfUuid; id: number }[]>;
  volumesByVmIds(vmIds: readonly number[]): Promise<VolumeRecord[]>;
  poolRefsByTemplateIds(templateIds: readonly number[]): Promise<TemplatePoolRefRecord[]>;
  storeRefsByTemplateIds(templateIds: readonly number[]): Promise<TemplateStoreRefRecord[]>;
  poolHostRefsByHostIds(hostIds: readonly number[]): Promise<StoragePoolHostRefRecord[]>;
  poolHostRefsByPoolIds(poolIds: readonly number[]): Promise<StoragePoolHostRefRecord[]>;
  page<K extends PageableKind>(kind: K, filter: InventoryFilters[K], page: PageRequest, scope: ReadScope): Promise<Page<InventoryRecords[K]>>;
  count<K extends PageableKind>(kind: K, filter: InventoryFilters[K], scope: ReadScope): Promise<number>;
  /**
   * The same page (`first` rows by id, after the same position) of one nested list for each
   * parent, filtered and scoped as the top-level lists are; one statement for all parents. A
   * parent without rows may be absent.
   */
  childPages<L extends ChildList>(
    list: L,
    parentIds: readonly number[],
    filter: ChildLists[L]['filter'],
    page: ChildLists[L]['page'],
    scope: ReadScope,
  ): Promise<ChildPage<ChildLists[L]['record']>[]>;
  /** Rows of one nested list per parent, filtered and scoped; one statement. A parent without rows may be absent. */
  childCounts<L extends ChildList>(
    list: L,
    parentIds: readonly number[],
    filter: ChildLists[L]['filter'],
    scope: ReadScope,
  ): Promise<{ parentId: number; count: number }[]>;
}
