import { VmEntity, VmInstanceDetailEntity, VolumeEntity } from '../entities';
import { SequenceName } from '../sequence-allocator';
import { DEMO_ACCOUNTS, DEMO_GUEST_OS } from './demo-catalog';
import { demoTime, demoUuid, GiB } from './demo-ids';
import { DATA_DISK_OFFERING, DEMO_SERVICE_OFFERINGS, type DemoServiceOfferingName } from './demo-offerings';
import { DEMO_VMS, type DiskSpec, type VmSpec } from './demo-vms';
import type { SeedContext } from './seed-context';

const WINDOWS_CATEGORY = 6;

/** Every demo VM with its volumes (and snapshots), ids from `vm_instance_seq` / `volume_seq`. */
export async function writeVms(ctx: SeedContext): Promise<void> {
  for (const [index, spec] of DEMO_VMS.entries()) await writeVm(ctx, spec, index);
}

async function writeVm(ctx: SeedContext, spec: VmSpec, index: number): Promise<void> {
  const account = DEMO_ACCOUNTS.find((a) => a.name === spec.owner)!;
  const template = ctx.templates.get(spec.template)!;
  const host = ctx.hosts.get(spec.host)!;
  const id = await ctx.sequences.next(SequenceName.VmInstance, ctx.manager);
  const created = demoTime(10 + Math.floor(index / 2), (index % 2) * 6);
  const running = spec.state === 'Running';
  const windows = DEMO_GUEST_OS.find((os) => os.id === template.guestOsId)!.category === WINDOWS_CATEGORY;
  const offering = DEMO_SERVICE_OFFERINGS.find((o) => o.name === offeringName(ctx, spec, windows))!;
  const vm: VmEntity = {
    id,
    name: spec.name,
    uuid: demoUuid('vm', spec.name),
    instanceName: `i-${account.id}-${id}-VM`,
    displayName: spec.name,
    state: spec.state,
    templateId: template.id,
    guestOsId: template.guestOsId,
    podId: host.podId,
    zoneId: ctx.zoneId,
    hostId: running ? host.id : null,
    lastHostId: host.id,
    vncPassword: demoUuid('vnc', spec.name).slice(0, 24),
    // Each start/stop is two optimistic-lock transitions (Stopped -> Starting -> Running, ...).
    updateCount: running ? 2 : spec.state === 'Stopped' ? 4 : 6,
    updateTime: created,
    created,
    removed: spec.state === 'Expunging' ? demoTime(45) : null,
    type: 'User',
    vmType: 'User',
    accountId: account.id,
    domainId: account.domain,
    serviceOfferingId: offering.id,
    hypervisorType: host.hypervisorType,
    powerState: running ? 'PowerOn' : 'PowerOff',
  };
  await ctx.manager.insert(VmEntity, vm);
  const details = Object.entries(spec.details ?? {}).map(([name, value]) => ({ vmId: id, name, value, display: true }));
  if (details.length) await ctx.manager.insert(VmInstanceDetailEntity, details);
  const size = offering.size ?? { cpu: Number(spec.details?.cpuNumber), speedMhz: Number(spec.details?.cpuSpeed), ramMiB: Number(spec.details?.memory) };
  ctx.vmPlacements.push({ hostId: vm.hostId, size });

  const rootOffering = offering.diskOffering;
  const root = spec.migratedFrom ? await writeMigratedRoot(ctx, vm, spec, rootOffering) : await writeVolume(ctx, vm, 'ROOT', spec.root, 0, rootOffering);
  const data: VolumeEntity[] = [];
  for (const [i, disk] of (spec.data ?? []).entries()) data.push(await writeVolume(ctx, vm, `DATA-${i + 1}`, disk, i + 1, dataDiskOffering(ctx, disk)));
  if (spec.snapshot) await writeSnapshot(ctx, spec.snapshot.disk === 'root' ? root : data[0], spec.snapshot.status, host.hypervisorType!);
}

/**
 * A ROOT disk live-migrated earlier (R16, R30): the new row took the old row's uuid, so its `path`
 * (the file name it was created with) differs from its uuid, and the old row remains expunged
 * with a NULL uuid and the original file name as path.
 */
async function writeMigratedRoot(ctx: SeedContext, vm: VmEntity, spec: VmSpec, diskOffering: number): Promise<VolumeEntity> {
  const publicUuid = demoUuid('volume', `${vm.name}/ROOT`);
  const source = await writeVolume(ctx, vm, 'migrated-source', { ...spec.root, pool: spec.migratedFrom! }, null, diskOffering, { path: publicUuid });
  return writeVolume(ctx, vm, 'ROOT', spec.root, 0, diskOffering, {
    lastId: source.id,
    lastPoolId: source.poolId,
    path: demoUuid('volume', `${vm.name}/ROOT-migrated`),
  });
}

type VolumeRole = 'ROOT' | `DATA-${number}` | 'migrated-source';

async function writeVolume(
  ctx: SeedContext,
  vm: VmEntity,
  role: VolumeRole,
  disk: DiskSpec,
  deviceId: number | null,
  diskOfferingId: number,
  extra: Partial<VolumeEntity> = {},
): Promise<VolumeEntity> {
  const pool = ctx.pools.get(disk.pool)!;
  const id = await ctx.sequences.next(SequenceName.Volume, ctx.manager);
  const uuid = demoUuid('volume', `${vm.name}/${role}`);
  // A migrated-away source is detached (its ROOT turned DATADISK) and handed its uuid to the new row (R30).
  const migratedSource = role === 'migrated-source';
  const fromTemplate = role === 'ROOT' || migratedSource;
  const expunged = migratedSource || vm.removed !== null;
  const iscsiName = pool.poolType === 'PowerFlex' ? powerFlexVolumeName(id, uuid) : null;
  const volume: VolumeEntity = {
    id,
    accountId: vm.accountId,
    domainId: vm.domainId,
    poolId: pool.id,
    lastPoolId: null,
    instanceId: migratedSource ? null : vm.id,
    deviceId,
    name: fromTemplate ? `ROOT-${vm.id}` : `${vm.name}-${role}`,
    uuid: migratedSource ? null : uuid,
    size: disk.sizeGiB * GiB,
    folder: null,
    path: iscsiName ?? uuid,
    podId: pool.podId,
    zoneId: vm.zoneId,
    iscsiName,
    volumeType: role === 'ROOT' ? 'ROOT' : 'DATADISK',
    poolType: pool.poolType,
    diskOfferingId,
    templateId: fromTemplate ? vm.templateId : disk.template ? ctx.templates.get(disk.template)!.id : null,
    recreatable: false,
    created: vm.created,
    attached: migratedSource ? null : vm.created,
    updated: vm.created,
    removed: expunged ? demoTime(45) : null,
    state: expunged ? 'Expunged' : 'Ready',
    chainInfo: null,
    updateCount: expunged ? 6 : 2,
    displayVolume: true,
    format: volumeFormat(pool.poolType, vm.hypervisorType),
    minIops: null,
    maxIops: null,
    provisioningType: 'THIN',
    passphraseId: null,
    encryptFormat: null,
    lastId: null,
    ...extra,
  };
  await ctx.manager.insert(VolumeEntity, volume);
  return volume;
}

/**
 * The compute offering a VM was deployed with: the spec's, else Windows Large for Windows guests
 * (host tag `windows`), a local-storage offering for a ROOT disk on a local pool, the PowerFlex one
 * (storage tag `powerflex`) for a ROOT disk on PowerFlex, Small Instance otherwise.
 */
function offeringName(ctx: SeedContext, spec: VmSpec, windows: boolean): DemoServiceOfferingName {
  if (spec.offering) return spec.offering;
  if (windows) return 'Windows Large';
  const pool = ctx.pools.get(spec.root.pool)!;
  if (pool.scope === 'HOST') return 'Small Local';
  return pool.poolType === 'PowerFlex' ? 'PowerFlex Small' : 'Small Instance';
}

function dataDiskOffering(ctx: SeedContext, disk: DiskSpec): number {
  const pool = ctx.pools.get(disk.pool)!;
  if (pool.scope === 'HOST') return DATA_DISK_OFFERING.local;
  return pool.poolType === 'PowerFlex' ? DATA_DISK_OFFERING.powerFlex : DATA_DISK_OFFERING.shared;
}

/** Managed PowerFlex volumes are addressed as "<PowerFlex volume id>:<volume name>" (iscsi_name = path). */
const powerFlexVolumeName = (id: number, uuid: string) => `${uuid.replace(/-/g, '').slice(0, 16)}:vol-${id}-${uuid.slice(0, 8)}`;

/** Block storage (PowerFlex, RBD) holds RAW images; KVM file pools QCOW2; XenServer VHD. */
function volumeFormat(poolType: string, hypervisor: string | null): string {
  if (poolType === 'PowerFlex' || poolType === 'RBD') return 'RAW';
  return hypervisor === 'XenServer' ? 'VHD' : 'QCOW2';
}

/**
 * `snapshots` rows go in by SQL: SnapshotEntity maps only what migration touches, and the table's
 * other NOT NULL columns (name, account, offering, type, size, hypervisor) need values.
 */
async function writeSnapshot(ctx: SeedContext, volume: VolumeEntity, status: string, hypervisor: string): Promise<void> {
  const created = demoTime(30).toISOString().slice(0, 19).replace('T', ' ');
  await ctx.manager.query(
    `INSERT INTO snapshots (data_center_id, account_id, domain_id, volume_id, disk_offering_id, status, name, uuid,
       snapshot_type, size, hypervisor_type, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      volume.zoneId,
      volume.accountId,
      volume.domainId,
      volume.id,
      volume.diskOfferingId,
      status,
      `${volume.name}-snap`,
      demoUuid('snapshot', String(volume.uuid)),
      0,
      volume.size,
      hypervisor,
      created,
    ],
  );
}
