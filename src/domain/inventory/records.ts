/**
 * Plain records of the CloudStack `cloud` database rows the gateway works with.
 * Field names are camelCase versions of CloudStack's columns (see
 * shared/reference/cloudstack-schema.md). Numeric ids are internal only: the API
 * exposes uuids. CloudStack ids stay far below 2^53, so they are carried as numbers.
 * Enum-like columns are kept as CloudStack's stored strings (e.g. `NetworkFilesystem`,
 * `Running`): plugins may register values the gateway does not know.
 */

export interface ZoneRecord {
  id: number;
  uuid: string | null;
  name: string | null;
  description: string | null;
  networkType: string;
  allocationState: string;
  domainId: number | null;
  removed: Date | null;
}

export interface PodRecord {
  id: number;
  uuid: string | null;
  name: string | null;
  zoneId: number;
  allocationState: string;
  removed: Date | null;
}

export interface ClusterRecord {
  id: number;
  uuid: string | null;
  name: string | null;
  podId: number;
  zoneId: number;
  hypervisorType: string | null;
  clusterType: string | null;
  allocationState: string;
  managedState: string;
  removed: Date | null;
}

export interface HostRecord {
  id: number;
  uuid: string | null;
  name: string;
  status: string;
  type: string;
  privateIpAddress: string;
  clusterId: number | null;
  podId: number | null;
  zoneId: number;
  hypervisorType: string | null;
  hypervisorVersion: string | null;
  resourceState: string;
  mgmtServerId: number | null;
  created: Date | null;
  removed: Date | null;
}

export interface StoragePoolRecord {
  id: number;
  uuid: string | null;
  name: string | null;
  /** `storage_pool.pool_type`: `NetworkFilesystem`, `Filesystem`, `PowerFlex`, ... (open set). */
  poolType: string;
  port: number;
  zoneId: number;
  podId: number | null;
  clusterId: number | null;
  hostAddress: string;
  path: string;
  status: string | null;
  storageProviderName: string | null;
  /** `HOST`, `CLUSTER`, `ZONE` (or NULL on very old rows). */
  scope: string | null;
  managed: boolean;
  /** Hypervisor of a ZONE-scoped pool. */
  hypervisor: string | null;
  capacityBytes: number | null;
  usedBytes: number | null;
  capacityIops: number | null;
  created: Date | null;
  removed: Date | null;
}

export interface StoragePoolHostRefRecord {
  id: number;
  hostId: number;
  poolId: number;
  localPath: string | null;
}

export interface ImageStoreRecord {
  id: number;
  uuid: string | null;
  name: string;
  providerName: string;
  protocol: string;
  url: string | null;
  zoneId: number | null;
  scope: string | null;
  /** `Image` or `ImageCache`. */
  role: string | null;
  readonly: boolean;
  removed: Date | null;
}

export interface TemplateRecord {
  id: number;
  uuid: string | null;
  uniqueName: string;
  name: string;
  displayText: string | null;
  isPublic: boolean;
  featured: boolean;
  type: string | null;
  format: string;
  url: string | null;
  accountId: number;
  guestOsId: number;
  hypervisorType: string | null;
  size: number | null;
  state: string | null;
  directDownload: boolean;
  created: Date;
  removed: Date | null;
}

/** `template_store_ref`: a template on an image (secondary) store. */
export interface TemplateStoreRefRecord {
  id: number;
  storeId: number | null;
  templateId: number;
  storeRole: string | null;
  downloadPct: number | null;
  downloadState: string | null;
  state: string;
  installPath: string | null;
  localPath: string | null;
  size: number | null;
  physicalSize: number | null;
  destroyed: boolean;
  created: Date;
}

/** `template_spool_ref`: a template on a primary pool; `installPath` is the linked-clone backing file. */
export interface TemplatePoolRefRecord {
  id: number;
  poolId: number;
  templateId: number;
  downloadPct: number | null;
  downloadState: string | null;
  state: string | null;
  installPath: string | null;
  localPath: string | null;
  templateSize: number;
  markedForGc: boolean;
  deploymentOption: string | null;
  updateCount: number | null;
  created: Date;
}

export interface VmRecord {
  id: number;
  uuid: string | null;
  name: string;
  displayName: string | null;
  /** libvirt domain name, `i-<account>-<id>-VM`. */
  instanceName: string;
  state: string;
  type: string;
  templateId: number | null;
  guestOsId: number;
  podId: number | null;
  zoneId: number;
  hostId: number | null;
  lastHostId: number | null;
  accountId: number;
  domainId: number;
  serviceOfferingId: number;
  hypervisorType: string | null;
  powerState: string | null;
  updateCount: number;
  created: Date;
  removed: Date | null;
}

export interface VolumeRecord {
  id: number;
  uuid: string | null;
  name: string | null;
  accountId: number;
  domainId: number;
  poolId: number | null;
  lastPoolId: number | null;
  instanceId: number | null;
  deviceId: number | null;
  size: number;
  folder: string | null;
  path: string | null;
  podId: number | null;
  zoneId: number;
  iscsiName: string | null;
  /** `ROOT`, `DATADISK`, `SWAP`, `ISO`, `UNKNOWN`. */
  volumeType: string;
  poolType: string | null;
  diskOfferingId: number;
  templateId: number | null;
  state: string | null;
  updateCount: number;
  format: string | null;
  provisioningType: string;
  minIops: number | null;
  maxIops: number | null;
  chainInfo: string | null;
  recreatable: boolean;
  displayVolume: boolean;
  passphraseId: number | null;
  encryptFormat: string | null;
  lastId: number | null;
  attached: Date | null;
  created: Date | null;
  removed: Date | null;
}

export interface GuestOsRecord {
  id: number;
  uuid: string | null;
  name: string | null;
  displayName: string;
  categoryId: number;
}

export interface GuestOsCategoryRecord {
  id: number;
  uuid: string | null;
  name: string;
}

export interface AccountRecord {
  id: number;
  uuid: string | null;
  accountName: string | null;
  /** 0 user, 1 root admin, 2 domain admin, 3 resource-domain admin, 4 read-only admin, 5 project. */
  type: number;
  domainId: number | null;
  state: string;
  removed: Date | null;
}

export interface DomainRecord {
  id: number;
  uuid: string | null;
  name: string | null;
  parentId: number | null;
  /** e.g. `/ROOT/sub/`: a subdomain's path starts with its parent's. */
  path: string;
  removed: Date | null;
}
