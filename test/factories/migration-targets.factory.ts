import type { ClusterRecord, HostRecord, StoragePoolRecord, VolumeRecord } from '../../src/domain/inventory/records';
import { DEFAULT_MIGRATION_SETTINGS } from '../../src/domain/migration/migration-snapshot';
import {
  DEFAULT_TARGET_SETTINGS,
  type DiskOfferingRecord,
  type HostCapacityRecord,
  type HypervisorCapabilityRecord,
  type MigrationTargetsSnapshot,
  type ServiceOfferingRecord,
  type StorageSnapshot,
  type TagRecord,
  type TargetCluster,
  type TargetHost,
  type VolumeTargetsSnapshot,
} from '../../src/domain/targets';
import { makeCluster, makeHost, makeImageStore, makePool, makePoolRef, makeStoreRef, makeTemplate, makeVm, makeVolume } from './migration-snapshot.factory';

/**
 * Default world of the migration-target rules: VM 10 (Running, offering 1: 2 x 1000 MHz, 2 GiB) on
 * KVM host 1 of cluster 1; host 2 in cluster 1 and host 3 in cluster 2, all 8 x 2000 MHz, 32 GiB,
 * x86_64, Up and Enabled, with empty capacity rows and ratios 1.0; NFS pools 100 (the ROOT volume's)
 * and 200 in cluster 1, 300 in cluster 2, each 1 TiB and empty; disk offering 1 shared and untagged;
 * KVM capabilities: CloudStack's `default` row.
 */
export const TargetIds = { sourceHost: 1, sameClusterHost: 2, otherClusterHost: 3, sourcePool: 100, sameClusterPool: 200, otherClusterPool: 300 } as const;

const GiB = 1024 ** 3;
const TiB = 1024 * GiB;

export function makeTargetHost(overrides: Partial<TargetHost> = {}): TargetHost {
  const id = overrides.id ?? TargetIds.sourceHost;
  const base: HostRecord = makeHost({ id, clusterId: id === TargetIds.otherClusterHost ? 2 : 1 });
  return { ...base, cpus: 8, speed: 2000, ram: 32 * GiB, arch: 'x86_64', ...overrides };
}

export function makeTargetCluster(overrides: Partial<TargetCluster> = {}): TargetCluster {
  const base: ClusterRecord = makeCluster({ id: overrides.id ?? 1 });
  return { ...base, arch: 'x86_64', ...overrides };
}

export function makeServiceOffering(overrides: Partial<ServiceOfferingRecord> = {}): ServiceOfferingRecord {
  return {
    id: 1,
    uuid: 'so-1-uuid',
    name: 'small',
    cpu: 2,
    speed: 1000,
    ramSize: 2048,
    hostTag: null,
    diskOfferingId: 1,
    vgpuProfileId: null,
    removed: null,
    ...overrides,
  };
}

export function makeDiskOffering(overrides: Partial<DiskOfferingRecord> = {}): DiskOfferingRecord {
  const id = overrides.id ?? 1;
  return { id, uuid: `do-${id}-uuid`, name: `disk-${id}`, tags: null, useLocalStorage: false, encrypt: false, minIops: null, removed: null, ...overrides };
}

/** CPU (type 1) and memory (type 0) rows of a host: the whole raw capacity of the default host, nothing used. */
export function makeCapacityRows(
  hostId: number,
  overrides: { cpuUsed?: number; cpuTotal?: number; memUsed?: number; memTotal?: number; cpuReserved?: number; memReserved?: number } = {},
): HostCapacityRecord[] {
  return [
    {
      hostId,
      capacityType: 1,
      usedCapacity: overrides.cpuUsed ?? 0,
      reservedCapacity: overrides.cpuReserved ?? 0,
      totalCapacity: overrides.cpuTotal ?? 16_000,
    },
    {
      hostId,
      capacityType: 0,
      usedCapacity: overrides.memUsed ?? 0,
      reservedCapacity: overrides.memReserved ?? 0,
      totalCapacity: overrides.memTotal ?? 32 * GiB,
    },
  ];
}

const KVM_DEFAULT_CAPABILITY: HypervisorCapabilityRecord = {
  hypervisorType: 'KVM',
  hypervisorVersion: 'default',
  maxGuestsLimit: 50,
  storageMotionSupported: true,
};

export function makeTargetPool(overrides: Partial<StoragePoolRecord> = {}): StoragePoolRecord {
  const id = overrides.id ?? TargetIds.sourcePool;
  return makePool({ id, clusterId: id === TargetIds.otherClusterPool ? 2 : 1, capacityBytes: TiB, usedBytes: 0, ...overrides });
}

export const ratios = (cpu = '1.0', memory = '1.0') =>
  new Map([
    ['cpuOvercommitRatio', cpu],
    ['memoryOvercommitRatio', memory],
  ]);
export const tag = (ownerId: number, value: string, isTagARule = false): TagRecord => ({ ownerId, tag: value, isTagARule });

type Rows<T> = readonly T[];
const byId = <T extends { id: number }>(rows: Rows<T>) => new Map(rows.map((r) => [r.id, r]));
const byOwner = (rows: Rows<TagRecord>) => {
  const map = new Map<number, TagRecord[]>();
  for (const row of rows) map.set(row.ownerId, [...(map.get(row.ownerId) ?? []), row]);
  return map;
};

export interface StorageOverrides {
  pools?: Rows<StoragePoolRecord>;
  clusters?: Rows<TargetCluster>;
  poolTags?: Rows<TagRecord>;
  poolDetails?: ReadonlyMap<number, ReadonlyMap<string, string>>;
  localPoolHosts?: ReadonlyMap<number, readonly number[]>;
  poolUsage?: StorageSnapshot['poolUsage'];
  diskOfferings?: Rows<DiskOfferingRecord>;
  templatePoolRefs?: StorageSnapshot['templatePoolRefs'];
  capabilities?: Rows<HypervisorCapabilityRecord>;
  settings?: Partial<StorageSnapshot['settings']>;
}

export function makeStorage(overrides: StorageOverrides = {}): StorageSnapshot {
  return {
    pools: byId(overrides.pools ?? [makeTargetPool(), makeTargetPool({ id: TargetIds.sameClusterPool }), makeTargetPool({ id: TargetIds.otherClusterPool })]),
    clusters: byId(overrides.clusters ?? [makeTargetCluster({ id: 1 }), makeTargetCluster({ id: 2 })]),
    poolTags: byOwner(overrides.poolTags ?? []),
    poolDetails: overrides.poolDetails ?? new Map(),
    localPoolHosts: overrides.localPoolHosts ?? new Map(),
    poolUsage: overrides.poolUsage ?? new Map(),
    diskOfferings: byId(overrides.diskOfferings ?? [makeDiskOffering()]),
    templates: byId([makeTemplate()]),
    templatePoolRefs: overrides.templatePoolRefs ?? [makePoolRef()],
    capabilities: overrides.capabilities ?? [KVM_DEFAULT_CAPABILITY],
    settings: { ...DEFAULT_TARGET_SETTINGS, ...overrides.settings },
  };
}

export type TargetsSnapshotOverrides = Partial<Omit<MigrationTargetsSnapshot, 'storage' | 'hostTags' | 'planning'>> & {
  storage?: StorageOverrides;
  hostTags?: Rows<TagRecord>;
};

/** The default world with any part replaced (rows as arrays). */
export function makeTargetsSnapshot(overrides: TargetsSnapshotOverrides = {}): MigrationTargetsSnapshot {
  const vm = overrides.vm ?? makeVm();
  const hosts = overrides.hosts ?? [makeTargetHost({ id: 1 }), makeTargetHost({ id: 2 }), makeTargetHost({ id: 3 })];
  const sourceHost = 'sourceHost' in overrides ? (overrides.sourceHost ?? null) : (hosts.find((h) => h.id === vm.hostId) ?? null);
  const volumes = overrides.volumes ?? [makeVolume()];
  const storage = makeStorage(overrides.storage);
  const template = makeTemplate();
  return {
    vm,
    vmDetails: overrides.vmDetails ?? new Map(),
    offering: 'offering' in overrides ? (overrides.offering ?? null) : makeServiceOffering(),
    offeringDetails: overrides.offeringDetails ?? new Map(),
    templateTag: overrides.templateTag ?? null,
    sourceHost,
    hosts,
    clusterDetails:
      overrides.clusterDetails ??
      new Map([
        [1, ratios()],
        [2, ratios()],
      ]),
    hostTags: byOwner(overrides.hostTags ?? []),
    uefiHostIds: overrides.uefiHostIds ?? new Set(),
    anyHostReportsUefi: overrides.anyHostReportsUefi ?? false,
    hostCapacity: overrides.hostCapacity ?? hosts.flatMap((h) => makeCapacityRows(h.id)),
    guestCounts: overrides.guestCounts ?? new Map(),
    volumes,
    storage,
    planning: {
      vm,
      vmTemplate: template,
      guestOsCategoryName: 'Ubuntu',
      vmVolumes: volumes,
      pools: storage.pools,
      clusters: storage.clusters,
      templates: storage.templates,
      templatePoolRefs: storage.templatePoolRefs,
      imageStores: [makeImageStore()],
      templateStoreRefs: [makeStoreRef()],
      snapshotsInProgress: new Set(),
      settings: { ...DEFAULT_MIGRATION_SETTINGS },
    },
  };
}

export function makeVolumeTargetsSnapshot(
  overrides: Partial<Omit<VolumeTargetsSnapshot, 'storage'>> & { storage?: StorageOverrides } = {},
): VolumeTargetsSnapshot {
  const volume: VolumeRecord = overrides.volume ?? makeVolume();
  const vm = 'vm' in overrides ? (overrides.vm ?? null) : makeVm();
  return {
    volume,
    vm,
    vmHost: 'vmHost' in overrides ? (overrides.vmHost ?? null) : makeTargetHost({ id: 1 }),
    vmLastHost: overrides.vmLastHost ?? null,
    storage: makeStorage(overrides.storage),
  };
}
