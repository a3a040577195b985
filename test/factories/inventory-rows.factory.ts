import type { DataSource } from 'typeorm';
import {
  AccountEntity,
  ClusterDetailEntity,
  ClusterEntity,
  DiskOfferingEntity,
  DomainEntity,
  GuestOsCategoryEntity,
  GuestOsEntity,
  HostCapacityEntity,
  HostEntity,
  ImageStoreEntity,
  PodEntity,
  ServiceOfferingEntity,
  StoragePoolEntity,
  StoragePoolHostRefEntity,
  TemplateEntity,
  TemplatePoolRefEntity,
  TemplateStoreRefEntity,
  VmEntity,
  VolumeEntity,
  ZoneEntity,
} from '../../src/infra/db/entities';

const NOW = new Date('2026-01-01T00:00:00Z');
export const uuidOf = (kind: string, n: number) => `00000000-0000-4000-8000-${kind.padEnd(4, '0').slice(0, 4)}${String(n).padStart(8, '0')}`;

export interface GeneratedInventory {
  vmUuids: string[];
  poolUuids: string[];
  templateUuid: string;
}

/**
 * Inserts a synthetic KVM inventory for counting tests: `vms` Running VMs on `hosts` hosts, each VM
 * with a ROOT volume (template-backed) and a DATADISK volume (no template), volumes spread over
 * `pools` NFS pools, one template with a store ref and a pool ref on every pool.
 */
export async function insertInventory(
  ds: DataSource,
  counts: { vms: number; pools: number; hosts?: number; volumesPerVm?: number },
): Promise<GeneratedInventory> {
  const hosts = counts.hosts ?? 3;
  const volumesPerVm = counts.volumesPerVm ?? 2;
  const m = ds.manager;
  await m.insert(DomainEntity, { id: 1, parentId: null, name: 'ROOT', uuid: uuidOf('dom', 1), owner: 2, path: '/', created: NOW, removed: null });
  await m.insert(AccountEntity, { id: 2, accountName: 'admin', uuid: uuidOf('acct', 2), type: 1, domainId: 1, state: 'enabled', created: NOW, removed: null });
  await m.insert(ZoneEntity, {
    id: 1,
    name: 'zone-1',
    uuid: uuidOf('zone', 1),
    dns1: '8.8.8.8',
    internalDns1: '10.0.0.1',
    networkType: 'Advanced',
    allocationState: 'Enabled',
    domainId: null,
    localStorageEnabled: false,
    created: NOW,
    removed: null,
    description: null,
  });
  await m.insert(PodEntity, {
    id: 1,
    name: 'pod-1',
    uuid: uuidOf('pod', 1),
    zoneId: 1,
    gateway: '10.1.0.1',
    cidrAddress: '10.1.0.0',
    cidrSize: 24,
    allocationState: 'Enabled',
    created: NOW,
    removed: null,
  });
  await m.insert(ClusterEntity, {
    id: 1,
    name: 'cluster-1',
    uuid: uuidOf('clu', 1),
    guid: null,
    podId: 1,
    zoneId: 1,
    hypervisorType: 'KVM',
    clusterType: 'CloudManaged',
    allocationState: 'Enabled',
    managedState: 'Managed',
    created: NOW,
    removed: null,
  });
  await m.insert(
    HostEntity,
    range(hosts).map((i) => ({
      id: i,
      name: `kvm-${i}`,
      uuid: uuidOf('host', i),
      status: 'Up',
      type: 'Routing',
      privateIpAddress: `10.1.1.${i}`,
      clusterId: 1,
      zoneId: 1,
      podId: 1,
      hypervisorType: 'KVM',
      hypervisorVersion: null,
      guid: `host-guid-${i}`,
      version: '4.22.0.0',
      dom0Memory: 0,
      lastPing: 0,
      mgmtServerId: null,
      updateCount: 0,
      resourceState: 'Enabled',
      created: NOW,
      removed: null,
    })),
  );
  await m.insert(
    StoragePoolEntity,
    range(counts.pools).map((i) => ({
      id: 200 + i,
      name: `nfs-${i}`,
      uuid: uuidOf('pool', i),
      poolType: 'NetworkFilesystem',
      port: 2049,
      zoneId: 1,
      podId: 1,
      clusterId: 1,
      usedBytes: 0,
      capacityBytes: 1e12,
      hostAddress: '10.2.0.1',
      path: `/export/pool-${i}`,
      status: 'Up',
      storageProviderName: 'DefaultPrimary',
      scope: 'CLUSTER',
      hypervisor: null,
      managed: false,
      capacityIops: null,
      created: NOW,
      removed: null,
    })),
  );
  await m.insert(
    StoragePoolHostRefEntity,
    range(counts.pools).flatMap((p) => range(hosts).map((h) => ({ hostId: h, poolId: 200 + p, created: NOW, localPath: `/mnt/${uuidOf('pool', p)}` }))),
  );
  await m.insert(ImageStoreEntity, {
    id: 1,
    name: 'nfs-secondary',
    providerName: 'NFS',
    protocol: 'nfs',
    url: 'nfs://10.2.0.2/export/secondary',
    zoneId: 1,
    scope: 'ZONE',
    role: 'Image',
    uuid: uuidOf('ims', 1),
    readonly: false,
    created: NOW,
    removed: null,
  });
  await m.insert(GuestOsCategoryEntity, { id: 1, name: 'Ubuntu', uuid: uuidOf('goc', 1) });
  await m.insert(GuestOsEntity, { id: 1, categoryId: 1, name: 'Ubuntu 22.04', uuid: uuidOf('gos', 1), displayName: 'Ubuntu 22.04 LTS' });
  await m.insert(TemplateEntity, {
    id: 201,
    uniqueName: '201-2-tmpl',
    name: 'ubuntu-22.04',
    uuid: uuidOf('tmpl', 201),
    isPublic: true,
    featured: true,
    type: 'USER',
    hvm: 1,
    bits: 64,
    url: 'http://images/ubuntu.qcow2',
    format: 'QCOW2',
    created: NOW,
    removed: null,
    accountId: 2,
    checksum: null,
    displayText: 'Ubuntu',
    guestOsId: 1,
    hypervisorType: 'KVM',
    size: 2e9,
    state: 'Active',
    directDownload: false,
  });
  await m.insert(TemplateStoreRefEntity, {
    storeId: 1,
    templateId: 201,
    created: NOW,
    downloadPct: 100,
    size: 2e9,
    storeRole: 'Image',
    physicalSize: 5e8,
    downloadState: 'DOWNLOADED',
    localPath: null,
    installPath: 'template/tmpl/2/201/ubuntu.qcow2',
    state: 'Ready',
    destroyed: false,
    updateCount: 0,
  });
  await m.insert(
    TemplatePoolRefEntity,
    range(counts.pools).map((p) => ({
      poolId: 200 + p,
      templateId: 201,
      created: NOW,
      lastUpdated: null,
      downloadPct: 100,
      downloadState: 'DOWNLOADED',
      localPath: `tmpl-${p}`,
      installPath: `tmpl-${p}`,
      templateSize: 2e9,
      markedForGc: false,
      state: 'Ready',
      updateCount: 0,
      updated: null,
      deploymentOption: null,
    })),
  );
  const vms = range(counts.vms);
  await chunked(
    vms.map((i) => ({
      id: i,
      name: `vm-${i}`,
      uuid: uuidOf('vm', i),
      instanceName: `i-2-${i}-VM`,
      displayName: `vm-${i}`,
      state: 'Running',
      templateId: 201,
      guestOsId: 1,
      podId: 1,
      zoneId: 1,
      hostId: ((i - 1) % hosts) + 1,
      lastHostId: null,
      vncPassword: 'x',
      updateCount: 0,
      updateTime: null,
      created: NOW,
      removed: null,
      type: 'User',
      vmType: 'User',
      accountId: 2,
      domainId: 1,
      serviceOfferingId: 1,
      hypervisorType: 'KVM',
      powerState: 'PowerOn',
    })),
    (rows) => m.insert(VmEntity, rows),
  );
  let volumeId = 0;
  const volumes = vms.flatMap((vm) =>
    range(volumesPerVm).map((d) => {
      volumeId += 1;
      const uuid = uuidOf('vol', volumeId);
      return {
        id: volumeId,
        accountId: 2,
        domainId: 1,
        poolId: 200 + (((volumeId - 1) % counts.pools) + 1),
        lastPoolId: null,
        instanceId: vm,
        deviceId: d - 1,
        name: d === 1 ? `ROOT-${vm}` : `DATA-${vm}-${d}`,
        uuid,
        size: 10e9,
        folder: null,
        path: uuid,
        podId: 1,
        zoneId: 1,
        iscsiName: null,
        volumeType: d === 1 ? 'ROOT' : 'DATADISK',
        poolType: 'NetworkFilesystem',
        diskOfferingId: 1,
        templateId: d === 1 ? 201 : null,
        recreatable: false,
        created: NOW,
        attached: NOW,
        updated: null,
        removed: null,
        state: 'Ready',
        chainInfo: null,
        updateCount: 0,
        displayVolume: true,
        format: 'QCOW2',
        minIops: null,
        maxIops: null,
        provisioningType: 'thin',
        passphraseId: null,
        encryptFormat: null,
        lastId: null,
      };
    }),
  );
  await chunked(volumes, (rows) => m.insert(VolumeEntity, rows));
  return { vmUuids: vms.map((i) => uuidOf('vm', i)), poolUuids: range(counts.pools).map((i) => uuidOf('pool', i)), templateUuid: uuidOf('tmpl', 201) };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

async function chunked<T>(rows: T[], insert: (rows: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await insert(rows.slice(i, i + 200));
}

/**
 * The migration-target rows of an `insertInventory` world: compute offering 1 (2 x 1000 MHz, 2 GiB)
 * on disk offering 1, both untagged and shared; cluster 1's overcommit ratios; CPU and memory
 * capacity rows for hosts 1..`hosts` (8 x 2000 MHz, 32 GiB each, nothing used).
 */
export async function insertTargetRows(ds: DataSource, counts: { hosts: number }): Promise<void> {
  const m = ds.manager;
  await m.insert(DiskOfferingEntity, {
    id: 1,
    name: 'small',
    uuid: uuidOf('dof', 1),
    displayText: null,
    diskSize: 0,
    tags: null,
    useLocalStorage: false,
    customized: false,
    minIops: null,
    maxIops: null,
    provisioningType: 'thin',
    computeOnly: true,
    encrypt: false,
    state: 'Active',
    created: NOW,
    removed: null,
  });
  await m.insert(ServiceOfferingEntity, {
    id: 1,
    uuid: uuidOf('sof', 1),
    name: 'small',
    displayText: null,
    cpu: 2,
    speed: 1000,
    ramSize: 2048,
    haEnabled: false,
    hostTag: null,
    vmType: null,
    customized: false,
    systemUse: false,
    diskOfferingId: 1,
    vgpuProfileId: null,
    state: 'Active',
    created: NOW,
    removed: null,
  });
  await m.insert(ClusterDetailEntity, [
    { clusterId: 1, name: 'cpuOvercommitRatio', value: '2.0' },
    { clusterId: 1, name: 'memoryOvercommitRatio', value: '1.0' },
  ]);
  await m.update(HostEntity, { clusterId: 1 }, { cpus: 8, speed: 2000, ram: 32 * 1024 ** 3 });
  await chunked(
    range(counts.hosts).flatMap((hostId) => [
      {
        hostId,
        zoneId: 1,
        podId: 1,
        clusterId: 1,
        usedCapacity: 0,
        reservedCapacity: 0,
        totalCapacity: 16_000,
        capacityType: 1,
        capacityState: 'Enabled',
        updateTime: NOW,
        created: NOW,
      },
      {
        hostId,
        zoneId: 1,
        podId: 1,
        clusterId: 1,
        usedCapacity: 0,
        reservedCapacity: 0,
        totalCapacity: 32 * 1024 ** 3,
        capacityType: 0,
        capacityState: 'Enabled',
        updateTime: NOW,
        created: NOW,
      },
    ]),
    (rows) => m.insert(HostCapacityEntity, rows),
  );
}
