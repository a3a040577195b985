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
  HostDetailEntity,
  HostEntity,
  HostTagEntity,
  HypervisorCapabilityEntity,
  ImageStoreEntity,
  ServiceOfferingEntity,
  StoragePoolEntity,
  StoragePoolHostRefEntity,
  StoragePoolTagEntity,
  TemplateEntity,
  TemplatePoolRefEntity,
  TemplateStoreRefEntity,
  VmEntity,
  VmInstanceDetailEntity,
  VolumeEntity,
} from '../../../src/infra/db/entities';

/** Every row of the inventory tables, read back through the entities (removed rows included). */
export interface InventorySnapshot {
  domains: DomainEntity[];
  accounts: AccountEntity[];
  clusters: ClusterEntity[];
  hosts: HostEntity[];
  pools: StoragePoolEntity[];
  poolHostRefs: StoragePoolHostRefEntity[];
  imageStores: ImageStoreEntity[];
  categories: GuestOsCategoryEntity[];
  guestOs: GuestOsEntity[];
  templates: TemplateEntity[];
  storeRefs: TemplateStoreRefEntity[];
  poolRefs: TemplatePoolRefEntity[];
  vms: VmEntity[];
  volumes: VolumeEntity[];
  snapshots: { volumeId: number; status: string }[];
  // Migration targets (cloudstack-schema.md §7).
  serviceOfferings: ServiceOfferingEntity[];
  diskOfferings: DiskOfferingEntity[];
  hostCapacity: HostCapacityEntity[];
  hostTags: HostTagEntity[];
  poolTags: StoragePoolTagEntity[];
  clusterDetails: ClusterDetailEntity[];
  hostDetails: HostDetailEntity[];
  vmDetails: VmInstanceDetailEntity[];
  capabilities: HypervisorCapabilityEntity[];
}

export async function loadInventory(dataSource: DataSource): Promise<InventorySnapshot> {
  const m = dataSource.manager;
  const snapshots = await m.query<{ volumeId: number | string; status: string }[]>('SELECT volume_id AS volumeId, status FROM snapshots');
  return {
    domains: await m.find(DomainEntity),
    accounts: await m.find(AccountEntity),
    clusters: await m.find(ClusterEntity),
    hosts: await m.find(HostEntity),
    pools: await m.find(StoragePoolEntity),
    poolHostRefs: await m.find(StoragePoolHostRefEntity),
    imageStores: await m.find(ImageStoreEntity),
    categories: await m.find(GuestOsCategoryEntity),
    guestOs: await m.find(GuestOsEntity),
    templates: await m.find(TemplateEntity),
    storeRefs: await m.find(TemplateStoreRefEntity),
    poolRefs: await m.find(TemplatePoolRefEntity),
    vms: await m.find(VmEntity, { order: { id: 'ASC' } }),
    volumes: await m.find(VolumeEntity, { order: { id: 'ASC' } }),
    snapshots: snapshots.map((s) => ({ volumeId: Number(s.volumeId), status: s.status })),
    serviceOfferings: await m.find(ServiceOfferingEntity),
    diskOfferings: await m.find(DiskOfferingEntity),
    hostCapacity: await m.find(HostCapacityEntity),
    hostTags: await m.find(HostTagEntity),
    poolTags: await m.find(StoragePoolTagEntity),
    clusterDetails: await m.find(ClusterDetailEntity),
    hostDetails: await m.find(HostDetailEntity),
    vmDetails: await m.find(VmInstanceDetailEntity),
    capabilities: await m.find(HypervisorCapabilityEntity),
  };
}

/** Lookups over a snapshot by the demo's names. */
export class InventoryIndex {
  constructor(readonly inv: InventorySnapshot) {}

  vm(name: string): VmEntity {
    return this.one(
      this.inv.vms.filter((v) => v.name === name && v.removed === null),
      `vm ${name}`,
    );
  }
  host(idOrName: number | string): HostEntity {
    return this.one(
      this.inv.hosts.filter((h) => h.id === idOrName || h.name === idOrName),
      `host ${idOrName}`,
    );
  }
  pool(idOrName: number | string): StoragePoolEntity {
    return this.one(
      this.inv.pools.filter((p) => p.id === idOrName || p.name === idOrName),
      `pool ${idOrName}`,
    );
  }
  template(id: number): TemplateEntity {
    return this.one(
      this.inv.templates.filter((t) => t.id === id),
      `template ${id}`,
    );
  }
  /** The VM's current volumes (not removed). */
  volumesOf(vm: VmEntity): VolumeEntity[] {
    return this.inv.volumes.filter((v) => v.instanceId === vm.id && v.removed === null);
  }
  /** `ROOT` or `DATA-1` of a VM, as the demo's migration cases name them. */
  disk(vm: VmEntity, disk: 'ROOT' | 'DATA-1'): VolumeEntity {
    const volumes = this.volumesOf(vm);
    return this.one(disk === 'ROOT' ? volumes.filter((v) => v.volumeType === 'ROOT') : volumes.filter((v) => v.deviceId === 1), `${vm.name} ${disk}`);
  }
  poolRef(poolId: number, templateId: number): TemplatePoolRefEntity | undefined {
    return this.inv.poolRefs.find((r) => r.poolId === poolId && r.templateId === templateId);
  }
  categoryOf(vm: VmEntity): string {
    const os = this.inv.guestOs.find((g) => g.id === vm.guestOsId)!;
    return this.inv.categories.find((c) => c.id === os.categoryId)!.name;
  }

  private one<T>(rows: T[], what: string): T {
    if (rows.length !== 1) throw new Error(`expected exactly one ${what}, found ${rows.length}`);
    return rows[0];
  }
}
