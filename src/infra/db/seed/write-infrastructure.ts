import {
  AccountEntity,
  ClusterDetailEntity,
  ClusterEntity,
  DomainEntity,
  HostDetailEntity,
  HostEntity,
  HostTagEntity,
  ImageStoreEntity,
  PodEntity,
  StoragePoolEntity,
  StoragePoolHostRefEntity,
  StoragePoolTagEntity,
  ZoneEntity,
} from '../entities';
import { SequenceName } from '../sequence-allocator';
import { DEMO_ACCOUNTS, DEMO_DOMAINS } from './demo-catalog';
import { demoTime, demoUuid, GiB } from './demo-ids';
import {
  DEFAULT_HOST_HARDWARE,
  DEMO_CLUSTERS,
  DEMO_HOSTS,
  DEMO_IMAGE_STORE,
  DEMO_POD,
  DEMO_POOLS,
  DEMO_ZONE,
  type HostSpec,
  type PoolSpec,
} from './demo-topology';
import type { SeedContext } from './seed-context';

/** The management server id the demo hosts report being connected to. */
const DEMO_MSID = 90520734025;
const ZONE_ID = 1;
const POD_ID = 1;

/** Domains, zone, accounts, pod, clusters, hosts, pools (+ host refs) and the image store, in FK order. */
export async function writeInfrastructure(ctx: SeedContext): Promise<void> {
  const m = ctx.manager;
  for (const d of DEMO_DOMAINS) {
    await m.insert(DomainEntity, {
      id: d.id,
      parentId: d.parent,
      name: d.name,
      uuid: demoUuid('domain', d.name),
      owner: 2,
      path: d.path,
      created: demoTime(0),
      removed: null,
    } satisfies DomainEntity);
  }
  await m.insert(ZoneEntity, {
    id: ZONE_ID,
    name: DEMO_ZONE.name,
    uuid: demoUuid('zone', DEMO_ZONE.name),
    description: DEMO_ZONE.description,
    dns1: DEMO_ZONE.dns,
    internalDns1: DEMO_ZONE.dns,
    networkType: 'Advanced',
    allocationState: 'Enabled',
    domainId: null,
    localStorageEnabled: true,
    created: demoTime(0),
    removed: null,
  } satisfies ZoneEntity);
  for (const a of DEMO_ACCOUNTS) {
    await m.insert(AccountEntity, {
      id: a.id,
      accountName: a.name,
      uuid: demoUuid('account', a.name),
      type: a.type,
      domainId: a.domain,
      state: 'enabled',
      created: demoTime(0),
      removed: null,
    } satisfies AccountEntity);
  }
  await m.insert(PodEntity, {
    id: POD_ID,
    name: DEMO_POD.name,
    uuid: demoUuid('pod', DEMO_POD.name),
    zoneId: ZONE_ID,
    gateway: DEMO_POD.gateway,
    cidrAddress: DEMO_POD.cidrAddress,
    cidrSize: DEMO_POD.cidrSize,
    allocationState: 'Enabled',
    created: demoTime(0),
    removed: null,
  } satisfies PodEntity);
  ctx.zoneId = ZONE_ID;
  ctx.podId = POD_ID;
  await writeClustersAndHosts(ctx);
  for (const spec of DEMO_POOLS) await writePool(ctx, spec);
  await writeImageStore(ctx);
}

async function writeClustersAndHosts(ctx: SeedContext): Promise<void> {
  for (const [index, c] of DEMO_CLUSTERS.entries()) {
    const id = index + 1;
    await ctx.manager.insert(ClusterEntity, {
      id,
      name: c.name,
      uuid: demoUuid('cluster', c.name),
      // KVM clusters have no hypervisor-side guid; XenServer pools have one.
      guid: c.hypervisor === 'KVM' ? null : demoUuid('xen-pool', c.name),
      podId: ctx.podId,
      zoneId: ctx.zoneId,
      hypervisorType: c.hypervisor,
      clusterType: 'CloudManaged',
      allocationState: 'Enabled',
      managedState: 'Managed',
      arch: 'arch' in c ? c.arch : 'x86_64',
      created: demoTime(0, 1),
      removed: null,
    } satisfies ClusterEntity);
    ctx.clusterIds.set(c.name, id);
    // Cluster creation writes both ratios (T17: CloudStack has no fallback for a missing row).
    await ctx.manager.insert(ClusterDetailEntity, [
      { clusterId: id, name: 'cpuOvercommitRatio', value: c.overcommit.cpu },
      { clusterId: id, name: 'memoryOvercommitRatio', value: c.overcommit.memory },
    ]);
  }
  for (const [index, h] of (DEMO_HOSTS as readonly HostSpec[]).entries()) {
    const cluster = DEMO_CLUSTERS.find((c) => c.name === h.cluster)!;
    const kvm = cluster.hypervisor === 'KVM';
    const uuid = demoUuid('host', h.name);
    const hardware = h.hardware ?? DEFAULT_HOST_HARDWARE;
    const host: HostEntity = {
      id: index + 1,
      name: h.name,
      uuid,
      status: 'Up',
      type: 'Routing',
      privateIpAddress: h.privateIp,
      clusterId: ctx.clusterIds.get(h.cluster)!,
      zoneId: ctx.zoneId,
      podId: ctx.podId,
      hypervisorType: cluster.hypervisor,
      hypervisorVersion: kvm ? null : '8.2.1',
      guid: kvm ? `${uuid}-LibvirtComputingResource` : demoUuid('xen-host', h.name),
      version: '4.22.0.0',
      dom0Memory: 0,
      lastPing: 1_740_000_000 + index,
      mgmtServerId: DEMO_MSID,
      updateCount: 3,
      resourceState: h.resourceState ?? 'Enabled',
      cpus: hardware.cpus,
      speed: hardware.speedMhz,
      ram: hardware.ramGiB * GiB,
      arch: 'arch' in cluster ? cluster.arch : 'x86_64',
      created: demoTime(0, 2),
      removed: null,
    };
    await ctx.manager.insert(HostEntity, host);
    ctx.hosts.set(h.name, host);
    await writeHostTagsAndDetails(ctx, host, h);
  }
}

/** host_tags (explicit and agent-reported) and the UEFI capability the KVM agent reports (T10, T12). */
async function writeHostTagsAndDetails(ctx: SeedContext, host: HostEntity, spec: HostSpec): Promise<void> {
  const tags = [
    ...(spec.tags ?? []).map((tag) => ({ hostId: host.id, tag, isTagARule: false, isImplicit: false })),
    ...(spec.implicitTags ?? []).map((tag) => ({ hostId: host.id, tag, isTagARule: false, isImplicit: true })),
  ];
  if (tags.length) await ctx.manager.insert(HostTagEntity, tags);
  if (spec.uefi) await ctx.manager.insert(HostDetailEntity, { hostId: host.id, name: 'host.uefi.enable', value: 'true' });
}

async function writePool(ctx: SeedContext, spec: PoolSpec): Promise<void> {
  const uuid = demoUuid('pool', spec.name);
  const zoneWide = spec.scope === 'ZONE';
  const pool: StoragePoolEntity = {
    id: await ctx.sequences.next(SequenceName.StoragePool, ctx.manager),
    name: spec.name,
    uuid,
    poolType: spec.poolType,
    port: spec.port,
    zoneId: ctx.zoneId,
    podId: zoneWide ? null : ctx.podId,
    clusterId: spec.cluster ? ctx.clusterIds.get(spec.cluster)! : null,
    usedBytes: Math.round(spec.capacityGiB * GiB * (spec.usedShare ?? 0.35)),
    capacityBytes: spec.capacityGiB * GiB,
    hostAddress: spec.hostAddress,
    path: spec.path,
    status: 'Up',
    storageProviderName: spec.provider,
    scope: spec.scope,
    hypervisor: zoneWide ? (spec.hypervisor ?? null) : null,
    managed: spec.managed ?? false,
    capacityIops: spec.managed ? 500_000 : null,
    created: demoTime(0, 3),
    removed: null,
  };
  await ctx.manager.insert(StoragePoolEntity, pool);
  ctx.pools.set(spec.name, pool);
  if (spec.tags?.length)
    await ctx.manager.insert(
      StoragePoolTagEntity,
      spec.tags.map((tag) => ({ poolId: pool.id, tag, isTagARule: false })),
    );
  // storage_pool_host_ref: a local pool is on its own host; a shared one is mounted on every host it serves.
  const connected = DEMO_HOSTS.filter((h) => (spec.host ? h.name === spec.host : spec.cluster ? h.cluster === spec.cluster : h.cluster.startsWith('kvm-')));
  for (const h of connected) {
    await ctx.manager.insert(StoragePoolHostRefEntity, {
      hostId: ctx.hosts.get(h.name)!.id,
      poolId: pool.id,
      created: demoTime(0, 3),
      localPath: spec.scope === 'HOST' ? spec.path : `/mnt/${uuid}`,
    } satisfies Omit<StoragePoolHostRefEntity, 'id'>);
  }
}

async function writeImageStore(ctx: SeedContext): Promise<void> {
  const id = await ctx.sequences.next(SequenceName.ImageStore, ctx.manager);
  await ctx.manager.insert(ImageStoreEntity, {
    id,
    name: DEMO_IMAGE_STORE.name,
    providerName: DEMO_IMAGE_STORE.provider,
    protocol: DEMO_IMAGE_STORE.protocol,
    url: DEMO_IMAGE_STORE.url,
    zoneId: ctx.zoneId,
    scope: 'ZONE',
    role: 'Image',
    uuid: demoUuid('image-store', DEMO_IMAGE_STORE.name),
    readonly: false,
    created: demoTime(0, 4),
    removed: null,
  } satisfies ImageStoreEntity);
  ctx.imageStoreId = id;
}
