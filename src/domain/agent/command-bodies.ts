/**
 * Bodies of the agent commands and answers the migration sends and reads, field names as in
 * shared/reference/kvm-storage-migration.md (R18, R24-R29) in camelCase. These are the wire
 * shapes of `command.body` / `answer.body` in shared/contracts/agent-protocol.md.
 */

/** A primary pool as the agent needs it to find files (KVM pool name = pool uuid). */
export interface PrimaryStoreTO {
  role: 'Primary';
  uuid: string;
  poolType: string;
  path: string;
  host: string;
  port: number;
  managed: boolean;
}

/** An image (secondary) store. */
export interface ImageStoreTO {
  role: 'Image';
  uuid: string;
  url: string | null;
  protocol: string;
}

export interface TemplateObjectTO {
  templateId: number;
  templateUuid: string | null;
  uniqueName: string;
  format: string;
  /** Install path on the store (image store: `template/tmpl/...`; primary: file name in the pool). */
  path: string | null;
  size: number | null;
  store: PrimaryStoreTO | ImageStoreTO;
}

/** R18: `MigrationOptions` carried by the destination volume's CreateObjectCommand. */
export interface MigrationOptionsTO {
  type: 'LinkedClone' | 'FullClone';
  srcPoolUuid: string;
  srcPoolType: string;
  srcPoolClusterId: number | null;
  scopeType: string | null;
  /** LinkedClone: backing file (template file name) to resolve in the source pool. */
  srcBackingFilePath?: string | null;
  /** LinkedClone: copy that backing file into the destination pool under the same name. */
  copySrcTemplate?: boolean;
  /** FullClone: source volume `path`. */
  srcVolumeUuid?: string | null;
  /** `kvm.storage.online.migration.wait`. */
  timeout: number;
}

export interface VolumeObjectTO {
  volumeId: number;
  uuid: string;
  name: string | null;
  size: number;
  path: string | null;
  format: string | null;
  provisioningType: string;
  volumeType: string;
  iscsiName: string | null;
  templateId: number | null;
  store: PrimaryStoreTO;
  migrationOptions?: MigrationOptionsTO | null;
}

export interface DiskTO {
  /** Source volume id (the "data id" R24 keys the detail on). */
  volumeId: number;
  volumeUuid: string | null;
  path: string | null;
  type: string;
  deviceId: number | null;
  poolUuid: string | null;
  poolType: string | null;
  details: Record<string, string>;
}

/** VirtualMachineTO, reduced to what migration commands carry. */
export interface VirtualMachineTO {
  id: number;
  uuid: string | null;
  /** `vm_instance.instance_name` (libvirt domain name). */
  name: string;
  state: string;
  isWindows: boolean;
  disks: DiskTO[];
}

export interface MigrateDiskInfo {
  serialNumber: string;
  diskType: 'file' | 'block';
  driverType: 'qcow2' | 'raw';
  source: 'file' | 'dev';
  sourceText: string;
  backingStoreText: string | null;
  isSourceDiskOnStorageFileSystem: boolean;
}

export interface CopyCommandBody {
  srcTO: TemplateObjectTO;
  destTO: TemplateObjectTO;
}
export interface DirectDownloadCommandBody {
  url: string | null;
  templateId: number;
  templateUuid: string | null;
  checksum: string | null;
  format: string;
  destPool: PrimaryStoreTO;
}
/** Gateway addition to the contract: the file the download produced on the pool. */
export interface DirectDownloadAnswerBody {
  installPath: string;
  templateSize: number;
}

export interface CreateObjectCommandBody {
  data: VolumeObjectTO;
}
export interface CreateObjectAnswerBody {
  data: { path: string; size: number; format: string | null };
}

interface ModifyTargetsTarget {
  /** R25 add=true: the R20 identifier; R31 add=false: the destination's `iscsi_name` (NULL for NFS). */
  iqn: string | null;
  storageType: string;
  storageUuid: string;
  storageHost: string;
  storagePort: number;
}
export interface ModifyTargetsCommandBody {
  targets: ModifyTargetsTarget[];
  add: boolean;
  applyToAllHostsInCluster: boolean;
  targetTypeToRemove: 'DYNAMIC';
}
export interface ModifyTargetsAnswerBody {
  connectedPaths: string[];
}

export interface PrepareForMigrationCommandBody {
  vm: VirtualMachineTO;
  rollback: boolean;
}
export interface PrepareForMigrationAnswerBody {
  newVmCpuShares?: number | null;
}

export interface MigrateCommandBody {
  vmName: string;
  destIp: string;
  isWindows: boolean;
  vmTO: VirtualMachineTO;
  /** Key: source volume `path`. */
  migrateStorage: Record<string, MigrateDiskInfo>;
  migrateDiskInfoList: MigrateDiskInfo[];
  migrateStorageManaged: boolean;
  migrateNonSharedInc: boolean;
  autoConvergence: boolean;
  newVmCpuShares: number | null;
}
export interface MigrateAnswerBody {
  vncPort?: number | null;
}

export interface CheckVirtualMachineCommandBody {
  vmName: string;
}
export interface CheckVirtualMachineAnswerBody {
  state: 'PowerOn' | 'PowerOff' | 'Unknown';
}

/** Expunge of a volume's disk on its pool. */
export interface DeleteCommandBody {
  data: VolumeObjectTO;
}
