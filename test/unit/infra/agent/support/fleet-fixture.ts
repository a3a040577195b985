/**
 * Records and command bodies for the agent adapter tests: a small KVM fleet as the `cloud`
 * database would describe it, and builders of the commands the migration sends (§8).
 */
import type { AgentCommand, AgentCommandName, AgentHost } from '../../../../../src/domain/agent/agent-command';
import type {
  MigrateCommandBody,
  MigrateDiskInfo,
  MigrationOptionsTO,
  PrimaryStoreTO,
  VirtualMachineTO,
  VolumeObjectTO,
} from '../../../../../src/domain/agent/command-bodies';
import type {
  HostRecord,
  ImageStoreRecord,
  StoragePoolRecord,
  TemplatePoolRefRecord,
  TemplateRecord,
  TemplateStoreRefRecord,
  VmRecord,
  VolumeRecord,
} from '../../../../../src/domain/inventory/records';
import type { AgentDispatcher } from '../../../../../src/app/ports/agent-dispatcher';
import type { FleetInventory } from '../../../../../src/infra/agent/fleet-inventory';
import { KvmFleetSimulator } from '../../../../../src/infra/agent/kvm-fleet-simulator';

/** Wire seq of the fixture's commands: one per command, as a job's log numbers them. */
let wireSeq = 0;

export const GiB = 1024 ** 3;
const CREATED = new Date('2024-01-01T00:00:00Z');

export function makeHost(o: Partial<HostRecord> & Pick<HostRecord, 'id'>): HostRecord {
  return {
    uuid: `host-uuid-${o.id}`,
    name: `kvm-0${o.id}`,
    status: 'Up',
    type: 'Routing',
    privateIpAddress: `10.1.1.${10 + o.id}`,
    clusterId: 1,
    podId: 1,
    zoneId: 1,
    hypervisorType: 'KVM',
    hypervisorVersion: null,
    resourceState: 'Enabled',
    mgmtServerId: 1,
    created: CREATED,
    removed: null,
    ...o,
  };
}

export function makePool(o: Partial<StoragePoolRecord> & Pick<StoragePoolRecord, 'id' | 'uuid' | 'poolType' | 'path'>): StoragePoolRecord {
  return {
    name: o.uuid,
    port: 2049,
    zoneId: 1,
    podId: 1,
    clusterId: 1,
    hostAddress: '10.1.0.5',
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
    ...o,
  };
}

function makeImageStore(o: Partial<ImageStoreRecord> & Pick<ImageStoreRecord, 'id' | 'uuid'>): ImageStoreRecord {
  return {
    name: `store-${o.id}`,
    providerName: 'NFS',
    protocol: 'nfs',
    url: 'nfs://10.1.0.6/export/secondary',
    zoneId: 1,
    scope: 'ZONE',
    role: 'Image',
    readonly: false,
    removed: null,
    ...o,
  };
}

function makeTemplate(o: Partial<TemplateRecord> & Pick<TemplateRecord, 'id'>): TemplateRecord {
  return {
    uuid: `tmpl-uuid-${o.id}`,
    uniqueName: `${o.id}-2-tmpl`,
    name: `template-${o.id}`,
    displayText: null,
    isPublic: true,
    featured: false,
    type: 'USER',
    format: 'QCOW2',
    url: `http://repo/${o.id}.qcow2`,
    accountId: 2,
    guestOsId: 1,
    hypervisorType: 'KVM',
    size: 2 * GiB,
    state: 'Active',
    directDownload: false,
    created: CREATED,
    removed: null,
    ...o,
  };
}

function makeTemplateStoreRef(o: Partial<TemplateStoreRefRecord> & Pick<TemplateStoreRefRecord, 'id' | 'storeId' | 'templateId'>): TemplateStoreRefRecord {
  return {
    storeRole: 'Image',
    downloadPct: 100,
    downloadState: 'DOWNLOADED',
    state: 'Ready',
    installPath: null,
    localPath: null,
    size: 2 * GiB,
    physicalSize: 2 * GiB,
    destroyed: false,
    created: CREATED,
    ...o,
  };
}

export function makeTemplatePoolRef(o: Partial<TemplatePoolRefRecord> & Pick<TemplatePoolRefRecord, 'id' | 'poolId' | 'templateId'>): TemplatePoolRefRecord {
  return {
    downloadPct: 100,
    downloadState: 'DOWNLOADED',
    state: 'Ready',
    installPath: null,
    localPath: null,
    templateSize: 2 * GiB,
    markedForGc: false,
    deploymentOption: null,
    updateCount: 0,
    created: CREATED,
    ...o,
  };
}

export function makeVm(o: Partial<VmRecord> & Pick<VmRecord, 'id' | 'instanceName'>): VmRecord {
  return {
    uuid: `vm-uuid-${o.id}`,
    name: `vm-${o.id}`,
    displayName: null,
    state: 'Running',
    type: 'User',
    templateId: 201,
    guestOsId: 1,
    podId: 1,
    zoneId: 1,
    hostId: 1,
    lastHostId: null,
    accountId: 2,
    domainId: 1,
    serviceOfferingId: 1,
    hypervisorType: 'KVM',
    powerState: 'PowerOn',
    updateCount: 3,
    created: CREATED,
    removed: null,
    ...o,
  };
}

export function makeVolume(o: Partial<VolumeRecord> & Pick<VolumeRecord, 'id'>): VolumeRecord {
  return {
    uuid: `vol-uuid-${o.id}`,
    name: `vol-${o.id}`,
    accountId: 2,
    domainId: 1,
    poolId: null,
    lastPoolId: null,
    instanceId: null,
    deviceId: null,
    size: 10 * GiB,
    folder: null,
    path: null,
    podId: 1,
    zoneId: 1,
    iscsiName: null,
    volumeType: 'DATADISK',
    poolType: null,
    diskOfferingId: 1,
    templateId: null,
    state: 'Ready',
    updateCount: 0,
    format: 'QCOW2',
    provisioningType: 'thin',
    minIops: null,
    maxIops: null,
    chainInfo: null,
    recreatable: false,
    displayVolume: true,
    passphraseId: null,
    encryptFormat: null,
    lastId: null,
    attached: null,
    created: CREATED,
    removed: null,
    ...o,
  };
}

export const VM_NAME = 'i-2-10-VM';
export const IMAGE_STORE_TEMPLATE_PATH = 'template/tmpl/2/201/201-2-abc.qcow2';

/**
 * Host 1 runs i-2-10-VM with a ROOT disk on NFS pool `nfs-src` (backed by template 201's file
 * `tmpl-201-src`) and a data disk on host 1's local pool; host 2 is the destination; host 3 is down.
 * The two local pools share their path, as local pools of different hosts do.
 */
export function demoInventory(): Required<FleetInventory> {
  return {
    hosts: [makeHost({ id: 1 }), makeHost({ id: 2 }), makeHost({ id: 3, status: 'Down' }), makeHost({ id: 4, removed: CREATED })],
    pools: [
      makePool({ id: 11, uuid: 'nfs-src', poolType: 'NetworkFilesystem', path: '/export/nfs-src' }),
      makePool({ id: 12, uuid: 'nfs-dst', poolType: 'NetworkFilesystem', path: '/export/nfs-dst/' }),
      makePool({ id: 13, uuid: 'local-src', poolType: 'Filesystem', path: '/var/lib/libvirt/images', scope: 'HOST' }),
      makePool({ id: 14, uuid: 'local-dst', poolType: 'Filesystem', path: '/var/lib/libvirt/images', scope: 'HOST' }),
      makePool({ id: 15, uuid: 'flex-1', poolType: 'PowerFlex', path: '/flex-1', managed: true, scope: 'ZONE' }),
    ],
    imageStores: [makeImageStore({ id: 21, uuid: 'img-1' })],
    templates: [makeTemplate({ id: 201 }), makeTemplate({ id: 202, directDownload: true, url: 'http://repo/dd.qcow2', size: GiB })],
    templateStoreRefs: [
      makeTemplateStoreRef({ id: 1, storeId: 21, templateId: 201, installPath: IMAGE_STORE_TEMPLATE_PATH }),
      makeTemplateStoreRef({ id: 2, storeId: 21, templateId: 202, installPath: null }),
    ],
    templatePoolRefs: [makeTemplatePoolRef({ id: 1, poolId: 11, templateId: 201, installPath: 'tmpl-201-src' })],
    vms: [makeVm({ id: 10, instanceName: VM_NAME, hostId: 1 }), makeVm({ id: 11, instanceName: 'i-2-11-VM', hostId: null, state: 'Stopped' })],
    volumes: [
      makeVolume({ id: 101, instanceId: 10, deviceId: 1, poolId: 13, path: 'vol-101', size: 5 * GiB }),
      makeVolume({ id: 100, instanceId: 10, deviceId: 0, poolId: 11, path: 'vol-100', templateId: 201, volumeType: 'ROOT' }),
      makeVolume({ id: 102, poolId: 11, path: 'vol-102', removed: CREATED, state: 'Expunged' }),
      makeVolume({ id: 103, poolId: 11, path: null, state: 'Allocated' }),
    ],
  };
}

/** The fleet state demoInventory() yields, pool by pool. */
export const DEMO_SOURCE_FILES = {
  'nfs-src': { 'tmpl-201-src': { size: 2 * GiB, backingFile: null }, 'vol-100': { size: 10 * GiB, backingFile: 'tmpl-201-src' } },
  'local-src': { 'vol-101': { size: 5 * GiB, backingFile: null } },
};

const POOLS: Record<string, PrimaryStoreTO> = Object.fromEntries(
  demoInventory().pools.map((p) => [
    p.uuid,
    { role: 'Primary', uuid: p.uuid!, poolType: p.poolType, path: p.path, host: p.hostAddress, port: p.port, managed: p.managed },
  ]),
);

export function primaryStore(uuid: string): PrimaryStoreTO {
  return { ...POOLS[uuid] };
}

export function agentHost(id: number): AgentHost {
  return { id, uuid: `host-uuid-${id}`, name: `kvm-0${id}`, privateIpAddress: `10.1.1.${10 + id}` };
}

export function command(name: AgentCommandName, body: object, wait = 3600): AgentCommand {
  return { name, wait, executeInSequence: name === 'MigrateCommand' || name === 'PrepareForMigrationCommand', body: { ...body } };
}

export function volumeTO(o: Partial<VolumeObjectTO> & Pick<VolumeObjectTO, 'uuid' | 'store'>): VolumeObjectTO {
  return {
    volumeId: 1000,
    name: 'ROOT-10',
    size: 10 * GiB,
    path: null,
    format: 'QCOW2',
    provisioningType: 'thin',
    volumeType: 'ROOT',
    iscsiName: null,
    templateId: 201,
    migrationOptions: null,
    ...o,
  };
}

export function linkedClone(o: Partial<MigrationOptionsTO> = {}): MigrationOptionsTO {
  return {
    type: 'LinkedClone',
    srcPoolUuid: 'nfs-src',
    srcPoolType: 'NetworkFilesystem',
    srcPoolClusterId: 1,
    scopeType: 'CLUSTER',
    srcBackingFilePath: 'tmpl-201-src',
    copySrcTemplate: true,
    timeout: 3600,
    ...o,
  };
}

export function fullClone(o: Partial<MigrationOptionsTO> = {}): MigrationOptionsTO {
  return {
    type: 'FullClone',
    srcPoolUuid: 'nfs-src',
    srcPoolType: 'NetworkFilesystem',
    srcPoolClusterId: 1,
    scopeType: 'CLUSTER',
    srcVolumeUuid: 'vol-100',
    timeout: 3600,
    ...o,
  };
}

export function vmTO(): VirtualMachineTO {
  return { id: 10, uuid: 'vm-uuid-10', name: VM_NAME, state: 'Migrating', isWindows: false, disks: [] };
}

export function diskInfo(o: Partial<MigrateDiskInfo> & Pick<MigrateDiskInfo, 'serialNumber' | 'sourceText'>): MigrateDiskInfo {
  return {
    diskType: 'file',
    driverType: 'qcow2',
    source: 'file',
    backingStoreText: null,
    isSourceDiskOnStorageFileSystem: false,
    ...o,
  };
}

/** MigrateCommand of i-2-10-VM to host 2 moving the given disks (keyed by source volume path). */
export function migrateBody(disks: MigrateDiskInfo[], o: Partial<MigrateCommandBody> = {}): MigrateCommandBody {
  return {
    vmName: VM_NAME,
    destIp: '10.1.1.12',
    isWindows: false,
    vmTO: vmTO(),
    migrateStorage: Object.fromEntries(disks.map((d) => [d.serialNumber, d])),
    migrateDiskInfoList: disks,
    migrateStorageManaged: false,
    migrateNonSharedInc: false,
    autoConvergence: false,
    newVmCpuShares: null,
    ...o,
  };
}

/** A counter-based uuid source so generated file names are exact in assertions. */
function sequentialUuids(prefix = 'gen'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** A simulator loaded with demoInventory() and sequential generated names. */
export function demoSimulator(): KvmFleetSimulator {
  const simulator = new KvmFleetSimulator({ newUuid: sequentialUuids() });
  simulator.loadInventory(demoInventory());
  return simulator;
}

/** Send one command through the agent port of a simulator. */
export function sendTo(simulator: AgentDispatcher, hostId: number, name: AgentCommandName, body: object, wait?: number) {
  return simulator.send(agentHost(hostId), command(name, body, wait), { jobId: 'job-1', seq: ++wireSeq });
}
