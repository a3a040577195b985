import type { StoragePoolRecord, TemplatePoolRefRecord, TemplateRecord, VmRecord, VolumeRecord } from '../inventory/records';
import type { MigrationSnapshot } from '../migration';
import type {
  DiskOfferingRecord,
  HostCapacityRecord,
  HypervisorCapabilityRecord,
  PoolUsage,
  ServiceOfferingRecord,
  TagRecord,
  TargetCluster,
  TargetHost,
} from './target-records';

/** The points of the reference marked [uncertain], chosen by configuration (documented defaults in the README). */
export interface TargetPolicy {
  /**
   * T11: which hosts the allocator may pick. `ZONE` (default): any Up+Enabled host of the zone, as the
   * 4.19 text's with-storage plan; `SOURCE_CLUSTER`: only the source cluster's, as the refactored text.
   */
  hostScope: 'ZONE' | 'SOURCE_CLUSTER';
  /**
   * T12: how `service_offering.host_tag` matches `host_tags`. `WHOLE_STRING` (default, the text read):
   * the whole value equals one tag row; `ALL_OF_LIST`: split on commas, the host needs every tag.
   */
  hostTagMatch: 'WHOLE_STRING' | 'ALL_OF_LIST';
}

export const DEFAULT_TARGET_POLICY: Readonly<TargetPolicy> = { hostScope: 'ZONE', hostTagMatch: 'WHOLE_STRING' };

/** The `configuration` values the rules read, parsed, with CloudStack's defaults when absent. */
export interface TargetSettings {
  /** `storage.overprovisioning.factor` (global; a pool's `storage_pool_details` row overrides it), default 2. */
  storageOverprovisioningFactor: number;
  /** `pool.storage.capacity.disablethreshold`, default 0.85 (T24, `>=`). */
  poolUsedThreshold: number;
  /** `pool.storage.allocated.capacity.disablethreshold`, default 0.85 (T24, strict `>`). */
  poolAllocatedThreshold: number;
  /** `ha.tag`: hosts with this tag are HA hosts (T12); null when not configured. */
  haTag: string | null;
}

export const DEFAULT_TARGET_SETTINGS: Readonly<TargetSettings> = {
  storageOverprovisioningFactor: 2,
  poolUsedThreshold: 0.85,
  poolAllocatedThreshold: 0.85,
  haTag: null,
};

/** CloudStack `configuration` names of TargetSettings. */
export const TARGET_SETTING_NAMES = {
  storageOverprovisioningFactor: 'storage.overprovisioning.factor',
  poolUsedThreshold: 'pool.storage.capacity.disablethreshold',
  poolAllocatedThreshold: 'pool.storage.allocated.capacity.disablethreshold',
  haTag: 'ha.tag',
} as const satisfies Record<keyof TargetSettings, string>;

/** The storage side of a zone, as the pool allocators see it (§7, T21-T24). */
export interface StorageSnapshot {
  /** Live pools of the zone, and the pools of the volumes concerned (removed or not). */
  pools: ReadonlyMap<number, StoragePoolRecord>;
  /** Clusters of the zone. */
  clusters: ReadonlyMap<number, TargetCluster>;
  poolTags: ReadonlyMap<number, readonly TagRecord[]>;
  /** `storage_pool_details` by pool, then name. */
  poolDetails: ReadonlyMap<number, ReadonlyMap<string, string>>;
  /** Hosts a HOST-scoped pool is on (`storage_pool_host_ref`), by pool. */
  localPoolHosts: ReadonlyMap<number, readonly number[]>;
  poolUsage: ReadonlyMap<number, PoolUsage>;
  /** Disk offerings of the volumes concerned, removed rows included. */
  diskOfferings: ReadonlyMap<number, DiskOfferingRecord>;
  /** Templates of the volumes concerned, removed rows included (T24 template size). */
  templates: ReadonlyMap<number, TemplateRecord>;
  /** `template_spool_ref` rows of those templates, on any pool (T24: is the template on the pool yet). */
  templatePoolRefs: readonly TemplatePoolRefRecord[];
  capabilities: readonly HypervisorCapabilityRecord[];
  settings: TargetSettings;
}

/**
 * The migration-planner snapshot minus what a destination host and a request decide: what
 * `planMigration` needs to tell the clone mode and template staging of a pool.
 */
type PlanningRows = Omit<MigrationSnapshot, 'sourceHost' | 'destinationHost' | 'entries' | 'destinationVolumeUuids'>;

/**
 * Everything the migration-target rules read for one VM, loaded by a reader in a fixed number of
 * statements. A row missing from a map is a row missing from the database.
 */
export interface MigrationTargetsSnapshot {
  vm: VmRecord;
  /** `vm_instance_details` of the VM by name (first row of a name wins). */
  vmDetails: ReadonlyMap<string, string>;
  /** `service_offering` of `vm.serviceOfferingId`, removed rows included (CloudStack's capacity code reads those too). */
  offering: ServiceOfferingRecord | null;
  /** `service_offering_details` of the offering by name. */
  offeringDetails: ReadonlyMap<string, string>;
  /** `vm_template.template_tag` of the VM's template (T12); null when none or no template. */
  templateTag: string | null;
  /** The row of `vm.hostId` (T3), removed or not; null when missing. */
  sourceHost: TargetHost | null;
  /** Live `Routing` hosts of the VM's zone, source included (limited to some hosts when asked). */
  hosts: readonly TargetHost[];
  /** `cluster_details` by cluster, then name. */
  clusterDetails: ReadonlyMap<number, ReadonlyMap<string, string>>;
  hostTags: ReadonlyMap<number, readonly TagRecord[]>;
  /** Hosts whose `host_details` `host.uefi.enable` is `true` (case-insensitive). */
  uefiHostIds: ReadonlySet<number>;
  /** Some host, of any zone, has a `host.uefi.enable` row (T10). */
  anyHostReportsUefi: boolean;
  /** `op_host_capacity` rows of types 0 and 1 of the hosts. */
  hostCapacity: readonly HostCapacityRecord[];
  /** VMs counted against `max_guests_limit`, by host (T15.2). */
  guestCounts: ReadonlyMap<number, number>;
  /** `findCreatedByInstance`: the VM's volumes created on primary storage (not Allocated, not removed), by device. */
  volumes: readonly VolumeRecord[];
  storage: StorageSnapshot;
  /** For the clone mode and template staging per pool (planMigration); its `pools` is `storage.pools`. */
  planning: PlanningRows;
}

/** Everything `findStoragePoolsForMigration` (T25-T29) reads for one volume. */
export interface VolumeTargetsSnapshot {
  volume: VolumeRecord;
  /** The VM the volume is attached to (`instance_id`), if any. */
  vm: VmRecord | null;
  /** Rows of the VM's `host_id` and `last_host_id` (T25, T26, T28). */
  vmHost: TargetHost | null;
  vmLastHost: TargetHost | null;
  storage: StorageSnapshot;
}
