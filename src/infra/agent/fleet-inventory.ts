import { VmState } from '../../domain/inventory/cloudstack-values';
import type {
  HostRecord,
  ImageStoreRecord,
  StoragePoolRecord,
  TemplatePoolRefRecord,
  TemplateRecord,
  TemplateStoreRefRecord,
  VmRecord,
  VolumeRecord,
} from '../../domain/inventory/records';
import type { FileRef, FleetModel } from './fleet-model';

/**
 * The `cloud` rows a simulated fleet is seeded from. Every list is optional so a test (or
 * `POST /_sim/inventory`) can send only what it needs; dates may arrive as JSON strings.
 */
export interface FleetInventory {
  hosts?: HostRecord[];
  pools?: StoragePoolRecord[];
  imageStores?: ImageStoreRecord[];
  vms?: VmRecord[];
  volumes?: VolumeRecord[];
  templatePoolRefs?: TemplatePoolRefRecord[];
  templateStoreRefs?: TemplateStoreRefRecord[];
  templates?: TemplateRecord[];
}

/**
 * Replace the model's fleet with what the database says exists: hosts (agent connected iff
 * status `Up`), pools and image stores with uuids, template files on pools and stores, volume
 * files backed by their template's file on the same pool, and Running VMs on their host.
 */
export function loadFleetInventory(model: FleetModel, inventory: FleetInventory): void {
  model.reset();
  for (const h of (inventory.hosts ?? []).filter(notRemoved)) {
    model.addHost({ id: h.id, uuid: h.uuid, name: h.name, privateIp: h.privateIpAddress, reachable: h.status === 'Up' });
  }
  // Pools and stores are addressed by uuid on the wire; a row without one cannot be addressed.
  const poolUuidById = new Map<number, string>();
  for (const p of (inventory.pools ?? []).filter(notRemoved)) {
    if (!p.uuid) continue;
    poolUuidById.set(p.id, p.uuid);
    model.addPool({ uuid: p.uuid, type: p.poolType, path: p.path, managed: p.managed });
  }
  const templates = new Map((inventory.templates ?? []).map((t) => [t.id, t]));
  for (const t of templates.values()) if (t.size !== null) model.templateSizes.set(t.id, t.size);

  loadImageStoreTemplates(model, inventory, templates);
  const backingByPoolTemplate = loadPoolTemplates(model, inventory, poolUuidById);
  const diskByVolumeId = loadVolumes(model, inventory, poolUuidById, backingByPoolTemplate);

  for (const vm of inventory.vms ?? []) {
    if (vm.removed != null || vm.state !== VmState.Running || vm.hostId === null || !model.hosts.has(vm.hostId)) continue;
    const disks = (inventory.volumes ?? [])
      .filter((v) => v.instanceId === vm.id && diskByVolumeId.has(v.id))
      .sort((a, b) => (a.deviceId ?? Number.MAX_SAFE_INTEGER) - (b.deviceId ?? Number.MAX_SAFE_INTEGER))
      .map((v) => diskByVolumeId.get(v.id)!);
    model.startVm(vm.hostId, vm.instanceName, disks);
  }
}

function loadImageStoreTemplates(model: FleetModel, inventory: FleetInventory, templates: Map<number, TemplateRecord>) {
  const storeUuidById = new Map<number, string>();
  for (const s of (inventory.imageStores ?? []).filter(notRemoved)) {
    if (!s.uuid) continue;
    storeUuidById.set(s.id, s.uuid);
    model.addImageStore(s.uuid);
  }
  for (const ref of inventory.templateStoreRefs ?? []) {
    const storeUuid = ref.storeId === null ? undefined : storeUuidById.get(ref.storeId);
    if (!storeUuid || ref.destroyed || !ref.installPath) continue;
    const size = ref.size ?? ref.physicalSize ?? templates.get(ref.templateId)?.size ?? 0;
    model.imageStores.get(storeUuid)!.templates.set(ref.installPath, { size, backingFile: null });
  }
}

/** Template files on primary pools; returns `poolId/templateId -> install_path` (the backing file, R11). */
function loadPoolTemplates(model: FleetModel, inventory: FleetInventory, poolUuidById: Map<number, string>) {
  const backing = new Map<string, string>();
  for (const ref of inventory.templatePoolRefs ?? []) {
    const poolUuid = poolUuidById.get(ref.poolId);
    if (!poolUuid || !ref.installPath) continue;
    backing.set(`${ref.poolId}/${ref.templateId}`, ref.installPath);
    model.putFile(poolUuid, ref.installPath, { size: ref.templateSize, backingFile: null });
  }
  return backing;
}

function loadVolumes(
  model: FleetModel,
  inventory: FleetInventory,
  poolUuidById: Map<number, string>,
  backingByPoolTemplate: Map<string, string>,
): Map<number, FileRef> {
  const disks = new Map<number, FileRef>();
  for (const v of inventory.volumes ?? []) {
    const poolUuid = v.poolId === null ? undefined : poolUuidById.get(v.poolId);
    // An expunged volume has no file any more, even if its row still names a pool and path.
    if (!poolUuid || !v.path || v.removed != null || v.state === 'Expunged') continue;
    const backingFile = v.templateId === null ? null : (backingByPoolTemplate.get(`${v.poolId}/${v.templateId}`) ?? null);
    // A managed pool knows its volumes by iSCSI name: that is the target ModifyTargets asks for (R20, R25).
    const name = model.pools.get(poolUuid)!.managed ? (v.iscsiName ?? v.path) : v.path;
    model.putFile(poolUuid, name, { size: v.size, backingFile });
    disks.set(v.id, { poolUuid, name });
  }
  return disks;
}

function notRemoved(row: { removed: unknown }): boolean {
  return row.removed == null;
}
