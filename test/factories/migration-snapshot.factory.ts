import type {
  ClusterRecord,
  HostRecord,
  ImageStoreRecord,
  StoragePoolRecord,
  TemplatePoolRefRecord,
  TemplateRecord,
  TemplateStoreRefRecord,
  VmRecord,
  VolumeRecord,
} from '../../src/domain/inventory/records';
import { DEFAULT_MIGRATION_SETTINGS, type MigrationSnapshot, type MigrationSnapshotEntry } from '../../src/domain/migration/migration-snapshot';

/**
 * Default world: VM 10 (`i-2-10-VM`, Running) on KVM host 1, moving to KVM host 2 of the same
 * cluster 1; ROOT volume 1000 (template 500) on cluster-scoped NFS pool 100 -> NFS pool 200. The
 * template sits on pool 100 (`tmpl-500-on-100`) and on image store 1, not yet on pool 200.
 */
export const Ids = {
  zone: 1,
  cluster: 1,
  sourceHost: 1,
  destinationHost: 2,
  vm: 10,
  sourcePool: 100,
  destinationPool: 200,
  volume: 1000,
  template: 500,
  imageStore: 1,
} as const;

const CREATED = new Date('2024-01-01T00:00:00Z');

export function makeCluster(overrides: Partial<ClusterRecord> = {}): ClusterRecord {
  const id = overrides.id ?? Ids.cluster;
  return {
    id,
    uuid: `cluster-${id}-uuid`,
    name: `cluster-${id}`,
    podId: 1,
    zoneId: Ids.zone,
    hypervisorType: 'KVM',
    clusterType: 'CloudManaged',
    allocationState: 'Enabled',
    managedState: 'Managed',
    removed: null,
    ...overrides,
  };
}

export function makeHost(overrides: Partial<HostRecord> = {}): HostRecord {
  const id = overrides.id ?? Ids.sourceHost;
  return {
    id,
    uuid: `host-${id}-uuid`,
    name: `kvm-0${id}`,
    status: 'Up',
    type: 'Routing',
    privateIpAddress: `10.1.1.${id}`,
    clusterId: Ids.cluster,
    podId: 1,
    zoneId: Ids.zone,
    hypervisorType: 'KVM',
    hypervisorVersion: null,
    resourceState: 'Enabled',
    mgmtServerId: 1,
    created: CREATED,
    removed: null,
    ...overrides,
  };
}

export function makeVm(overrides: Partial<VmRecord> = {}): VmRecord {
  const id = overrides.id ?? Ids.vm;
  return {
    id,
    uuid: `vm-${id}-uuid`,
    name: `vm-${id}`,
    displayName: null,
    instanceName: `i-2-${id}-VM`,
    state: 'Running',
    type: 'User',
    templateId: Ids.template,
    guestOsId: 1,
    podId: 1,
    zoneId: Ids.zone,
    hostId: Ids.sourceHost,
    lastHostId: null,
    accountId: 2,
    domainId: 1,
    serviceOfferingId: 1,
    hypervisorType: 'KVM',
    powerState: 'PowerOn',
    updateCount: 3,
    created: CREATED,
    removed: null,
    ...overrides,
  };
}

/** An NFS, cluster-scoped, non-managed pool unless overridden. */
export function makePool(overrides: Partial<StoragePoolRecord> = {}): StoragePoolRecord {
  const id = overrides.id ?? Ids.sourcePool;
  return {
    id,
    uuid: `pool-${id}-uuid`,
    name: `pool-${id}`,
    poolType: 'NetworkFilesystem',
    port: 2049,
    zoneId: Ids.zone,
    podId: 1,
    clusterId: Ids.cluster,
    hostAddress: `nfs-${id}.example`,
    path: `/export/pool-${id}`,
    status: 'Up',
    storageProviderName: 'DefaultPrimary',
    scope: 'CLUSTER',
    managed: false,
    hypervisor: null,
    capacityBytes: null,
    usedBytes: null,
    capacityIops: null,
    created: CREATED,
    removed: null,
    ...overrides,
  };
}

/** A managed, zone-wide PowerFlex pool. */
export function makePowerFlexPool(overrides: Partial<StoragePoolRecord> = {}): StoragePoolRecord {
  return makePool({
    poolType: 'PowerFlex',
    storageProviderName: 'PowerFlex',
    managed: true,
    scope: 'ZONE',
    hypervisor: 'KVM',
    clusterId: null,
    port: 0,
    path: 'pd-1:sp-1',
    ...overrides,
  });
}

/** A ROOT volume of the default VM on the default source pool with the default template. */
export function makeVolume(overrides: Partial<VolumeRecord> = {}): VolumeRecord {
  const id = overrides.id ?? Ids.volume;
  return {
    id,
    uuid: `vol-${id}-uuid`,
    name: `vol-${id}`,
    accountId: 2,
    domainId: 1,
    poolId: Ids.sourcePool,
    lastPoolId: null,
    instanceId: Ids.vm,
    deviceId: 0,
    size: 10 * 1024 ** 3,
    folder: null,
    path: `vol-${id}-path`,
    podId: 1,
    zoneId: Ids.zone,
    iscsiName: null,
    volumeType: 'ROOT',
    poolType: 'NetworkFilesystem',
    diskOfferingId: 1,
    templateId: Ids.template,
    state: 'Ready',
    updateCount: 1,
    format: 'QCOW2',
    provisioningType: 'THIN',
    minIops: null,
    maxIops: null,
    chainInfo: null,
    recreatable: false,
    displayVolume: true,
    passphraseId: null,
    encryptFormat: null,
    lastId: null,
    attached: CREATED,
    created: CREATED,
    removed: null,
    ...overrides,
  };
}

/** A blank data disk (no template). */
export function makeDataDisk(overrides: Partial<VolumeRecord> = {}): VolumeRecord {
  return makeVolume({ volumeType: 'DATADISK', deviceId: 1, templateId: null, ...overrides });
}

export function makeTemplate(overrides: Partial<TemplateRecord> = {}): TemplateRecord {
  const id = overrides.id ?? Ids.template;
  return {
    id,
    uuid: `tmpl-${id}-uuid`,
    uniqueName: `${id}-2-tmpl`,
    name: `template-${id}`,
    displayText: null,
    isPublic: true,
    featured: false,
    type: 'USER',
    format: 'QCOW2',
    url: `http://images.example/template-${id}.qcow2`,
    accountId: 2,
    guestOsId: 1,
    hypervisorType: 'KVM',
    size: 2 * 1024 ** 3,
    state: 'Active',
    directDownload: false,
    created: CREATED,
    removed: null,
    ...overrides,
  };
}

export function makeDirectDownloadTemplate(overrides: Partial<TemplateRecord> = {}): TemplateRecord {
  return makeTemplate({ directDownload: true, ...overrides });
}

let nextRefId = 1;

/** `template_spool_ref` of the default template on the default source pool, install path `tmpl-<t>-on-<p>`. */
export function makePoolRef(overrides: Partial<TemplatePoolRefRecord> = {}): TemplatePoolRefRecord {
  const poolId = overrides.poolId ?? Ids.sourcePool;
  const templateId = overrides.templateId ?? Ids.template;
  return {
    id: nextRefId++,
    poolId,
    templateId,
    downloadPct: 100,
    downloadState: 'DOWNLOADED',
    state: 'Ready',
    installPath: `tmpl-${templateId}-on-${poolId}`,
    localPath: `tmpl-${templateId}-on-${poolId}`,
    templateSize: 2 * 1024 ** 3,
    markedForGc: false,
    deploymentOption: null,
    updateCount: 1,
    created: CREATED,
    ...overrides,
  };
}

export function makeImageStore(overrides: Partial<ImageStoreRecord> = {}): ImageStoreRecord {
  const id = overrides.id ?? Ids.imageStore;
  return {
    id,
    uuid: `store-${id}-uuid`,
    name: `store-${id}`,
    providerName: 'NFS',
    protocol: 'nfs',
    url: `nfs://secondary-${id}.example/export`,
    zoneId: Ids.zone,
    scope: 'ZONE',
    role: 'Image',
    readonly: false,
    removed: null,
    ...overrides,
  };
}

/** A ready copy of the default template on the default image store. */
export function makeStoreRef(overrides: Partial<TemplateStoreRefRecord> = {}): TemplateStoreRefRecord {
  const templateId = overrides.templateId ?? Ids.template;
  return {
    id: nextRefId++,
    storeId: Ids.imageStore,
    templateId,
    storeRole: 'Image',
    downloadPct: 100,
    downloadState: 'DOWNLOADED',
    state: 'Ready',
    installPath: `template/tmpl/2/${templateId}/${templateId}.qcow2`,
    localPath: null,
    size: 2 * 1024 ** 3,
    physicalSize: 1024 ** 3,
    destroyed: false,
    created: CREATED,
    ...overrides,
  };
}

export function entry(
  volume: VolumeRecord,
  destinationPoolId: number | null = Ids.destinationPool,
  destinationPoolUuid = `pool-${destinationPoolId}-uuid`,
): MigrationSnapshotEntry {
  return { volume, destinationPoolId, destinationPoolUuid };
}

type RowsOf<T> = readonly T[] | ReadonlyMap<number, T>;

export type SnapshotOverrides = Partial<Omit<MigrationSnapshot, 'pools' | 'clusters' | 'templates' | 'vmVolumes'>> & {
  pools?: RowsOf<StoragePoolRecord>;
  clusters?: RowsOf<ClusterRecord>;
  templates?: RowsOf<TemplateRecord>;
  /** Defaults to the request volumes that belong to the VM. */
  vmVolumes?: readonly VolumeRecord[];
};

/** The default world with any part replaced; arrays of rows become id-keyed maps. */
export function makeSnapshot(overrides: SnapshotOverrides = {}): MigrationSnapshot {
  const vm = overrides.vm ?? makeVm();
  const entries = overrides.entries ?? [entry(makeVolume())];
  const template = makeTemplate();
  return {
    vm,
    vmTemplate: 'vmTemplate' in overrides ? (overrides.vmTemplate ?? null) : template,
    guestOsCategoryName: 'guestOsCategoryName' in overrides ? (overrides.guestOsCategoryName ?? null) : 'Ubuntu',
    sourceHost: 'sourceHost' in overrides ? (overrides.sourceHost ?? null) : makeHost({ id: Ids.sourceHost }),
    destinationHost: overrides.destinationHost ?? makeHost({ id: Ids.destinationHost }),
    entries,
    vmVolumes: overrides.vmVolumes ?? entries.map((e) => e.volume).filter((v) => v.instanceId === vm.id),
    pools: toMap(overrides.pools ?? [makePool({ id: Ids.sourcePool }), makePool({ id: Ids.destinationPool })]),
    clusters: toMap(overrides.clusters ?? [makeCluster()]),
    templates: toMap(overrides.templates ?? [template]),
    templatePoolRefs: overrides.templatePoolRefs ?? [makePoolRef()],
    imageStores: overrides.imageStores ?? [makeImageStore()],
    templateStoreRefs: overrides.templateStoreRefs ?? [makeStoreRef()],
    snapshotsInProgress: overrides.snapshotsInProgress ?? new Set<number>(),
    settings: overrides.settings ?? { ...DEFAULT_MIGRATION_SETTINGS },
    ...(overrides.destinationVolumeUuids ? { destinationVolumeUuids: overrides.destinationVolumeUuids } : {}),
  };
}

function toMap<T extends { id: number }>(rows: RowsOf<T>): ReadonlyMap<number, T> {
  if (rows instanceof Map) return rows;
  return new Map((rows as readonly T[]).map((row) => [row.id, row]));
}

/** A read-only map that records every key passed to `get`/`has`, to prove what was (not) read. */
export class RecordingMap<K, V> extends Map<K, V> {
  readonly reads: K[] = [];

  override get(key: K): V | undefined {
    this.reads.push(key);
    return super.get(key);
  }

  override has(key: K): boolean {
    this.reads.push(key);
    return super.has(key);
  }
}

export function recordingTemplates(...templates: TemplateRecord[]): RecordingMap<number, TemplateRecord> {
  return new RecordingMap(templates.map((t) => [t.id, t]));
}
