import type {
  AccountRecord, ClusterRecord, DomainRecord, GuestOsCategoryRecord, GuestOsRecord, HostRecord, ImageStoreRecord,
  PodRecord, StoragePoolHostRefRecord, StoragePoolRecord, TemplatePoolRefRecord, TemplateRecord, TemplateStoreRefRecord,
  VmRecord, VolumeRecord, ZoneRecord,
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
export type ReadScope =
  | { kind: 'all' }
  | { kind: 'domain'; domainPath: string }
  | { kind: 'account'; accountId: number };

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
export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
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
  /** At most `limitPerParent` rows for each parent, by id. */
  volumesByPoolIds(poolIds: readonly number[], limitPerParent: number): Promise<VolumeRecord[]>;
  vmsByHostIds(hostIds: readonly number[], limitPerParent: number): Promise<VmRecord[]>;
  poolRefsByTemplateIds(templateIds: readonly number[]): Promise<TemplatePoolRefRecord[]>;
  poolRefsByPoolIds(poolIds: readonly number[]): Promise<TemplatePoolRefRecord[]>;
  storeRefsByTemplateIds(templateIds: readonly number[]): Promise<TemplateStoreRefRecord[]>;
  poolHostRefsByHostIds(hostIds: readonly number[]): Promise<StoragePoolHostRefRecord[]>;
  poolHostRefsByPoolIds(poolIds: readonly number[]): Promise<StoragePoolHostRefRecord[]>;
  page<K extends PageableKind>(kind: K, filter: InventoryFilters[K], page: PageRequest, scope: ReadScope): Promise<Page<InventoryRecords[K]>>;
  count<K extends PageableKind>(kind: K, filter: InventoryFilters[K], scope: ReadScope): Promise<number>;
}
