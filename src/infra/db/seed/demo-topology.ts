/**
 * The demo zone's infrastructure, as data: one Advanced zone and pod, two KVM clusters, one
 * XenServer cluster (the "source host is not KVM" case, R2/R4), an ARM cluster, and primary pools
 * of every kind the migration rules distinguish. Besides the hosts VMs run on, a few hosts fail a
 * migration-target check each (migration-targets.md): disabled, in maintenance, full, another CPU
 * architecture; host tags and UEFI split the others. Ids are assigned by the writer.
 */

export const DEMO_ZONE = { name: 'demo-zone-1', description: 'Demo KVM zone', dns: '10.1.0.53' } as const;
export const DEMO_POD = { name: 'pod-1', gateway: '10.1.1.1', cidrAddress: '10.1.1.0', cidrSize: 24 } as const;

export interface ClusterSpec {
  name: string;
  hypervisor: 'KVM' | 'XenServer';
  /** `cluster.arch` (T18); default x86_64. */
  arch?: 'x86_64' | 'aarch64';
  /** `cluster_details` cpuOvercommitRatio / memoryOvercommitRatio (T17, T20), as CloudStack stores them. */
  overcommit: { cpu: string; memory: string };
}

export const DEMO_CLUSTERS = [
  { name: 'kvm-cluster-a', hypervisor: 'KVM', overcommit: { cpu: '4.0', memory: '1.5' } },
  { name: 'kvm-cluster-b', hypervisor: 'KVM', overcommit: { cpu: '2.0', memory: '1.0' } },
  { name: 'xen-cluster-x', hypervisor: 'XenServer', overcommit: { cpu: '1.0', memory: '1.0' } },
  { name: 'kvm-cluster-arm', hypervisor: 'KVM', arch: 'aarch64', overcommit: { cpu: '1.0', memory: '1.0' } },
] as const satisfies readonly ClusterSpec[];

type DemoClusterName = (typeof DEMO_CLUSTERS)[number]['name'];

export interface HostSpec {
  name: string;
  cluster: DemoClusterName;
  privateIp: string;
  /** Default Enabled. */
  resourceState?: 'Enabled' | 'Disabled' | 'Maintenance';
  /** `host.cpus` x `host.speed` MHz, `host.ram`; default 32 x 2600 MHz, 256 GiB. */
  hardware?: { cpus: number; speedMhz: number; ramGiB: number };
  /** `host_tags`; `implicit` ones are reported by the agent (is_implicit = 1). */
  tags?: readonly string[];
  implicitTags?: readonly string[];
  /** The agent reports `host.uefi.enable=true` (host_details, T10). */
  uefi?: boolean;
}

/** Windows VMs need the `windows` host tag (their offering's host_tag, T12). */
const WINDOWS = ['windows'] as const;

export const DEMO_HOSTS = [
  { name: 'kvm-a1', cluster: 'kvm-cluster-a', privateIp: '10.1.1.11', tags: WINDOWS },
  { name: 'kvm-a2', cluster: 'kvm-cluster-a', privateIp: '10.1.1.12' },
  { name: 'kvm-a3', cluster: 'kvm-cluster-a', privateIp: '10.1.1.13' },
  { name: 'kvm-b1', cluster: 'kvm-cluster-b', privateIp: '10.1.1.21', tags: WINDOWS, implicitTags: ['avx512'], uefi: true },
  { name: 'kvm-b2', cluster: 'kvm-cluster-b', privateIp: '10.1.1.22', tags: WINDOWS, implicitTags: ['avx512'], uefi: true },
  { name: 'kvm-b3', cluster: 'kvm-cluster-b', privateIp: '10.1.1.23', tags: WINDOWS, implicitTags: ['avx512'], uefi: true },
  { name: 'xen-x1', cluster: 'xen-cluster-x', privateIp: '10.1.1.31', hardware: { cpus: 16, speedMhz: 2400, ramGiB: 128 } },
  // Hosts that fail a migration-target check (T11, T17, T18); no VM runs on them but kvm-b5's two.
  { name: 'kvm-a4', cluster: 'kvm-cluster-a', privateIp: '10.1.1.14', resourceState: 'Disabled' },
  { name: 'kvm-b4', cluster: 'kvm-cluster-b', privateIp: '10.1.1.24', resourceState: 'Maintenance', tags: WINDOWS },
  { name: 'kvm-b5', cluster: 'kvm-cluster-b', privateIp: '10.1.1.25', hardware: { cpus: 8, speedMhz: 2000, ramGiB: 32 } },
  { name: 'kvm-arm1', cluster: 'kvm-cluster-arm', privateIp: '10.1.1.41', hardware: { cpus: 64, speedMhz: 2800, ramGiB: 256 } },
] as const satisfies readonly HostSpec[];

export const DEFAULT_HOST_HARDWARE = { cpus: 32, speedMhz: 2600, ramGiB: 256 } as const;

export type DemoHostName = (typeof DEMO_HOSTS)[number]['name'];

export interface PoolSpec {
  name: string;
  poolType: string;
  scope: 'HOST' | 'CLUSTER' | 'ZONE';
  /** Cluster of a CLUSTER or HOST pool. */
  cluster?: DemoClusterName;
  /** Owner of a HOST (local) pool. */
  host?: DemoHostName;
  hostAddress: string;
  path: string;
  port: number;
  provider: string;
  managed?: boolean;
  /** Hypervisor of a ZONE pool (CLUSTER/HOST pools take it from the cluster). */
  hypervisor?: string;
  capacityGiB: number;
  /** `used_bytes` as a share of the capacity; default 0.35. */
  usedShare?: number;
  /** `storage_pool_tags` (T22). */
  tags?: readonly string[];
}

const nfs = <N extends string>(name: N, cluster: DemoClusterName, server: string, exportPath: string): PoolSpec & { name: N } => ({
  name,
  poolType: 'NetworkFilesystem',
  scope: 'CLUSTER',
  cluster,
  hostAddress: server,
  path: exportPath,
  port: 2049,
  provider: 'DefaultPrimary',
  capacityGiB: 4096,
});

/** A KVM host's local disk pool: CloudStack's default libvirt directory. */
function local<H extends DemoHostName>(hostName: H): PoolSpec & { name: `local-${H}` } {
  const host = DEMO_HOSTS.find((h) => h.name === hostName)!;
  return {
    name: `local-${hostName}`,
    poolType: 'Filesystem',
    scope: 'HOST',
    cluster: host.cluster,
    host: hostName,
    hostAddress: host.privateIp,
    path: '/var/lib/libvirt/images',
    port: 0,
    provider: 'DefaultPrimary',
    capacityGiB: 1800,
  };
}

export const DEMO_POOLS = [
  // Two NFS pools per KVM cluster: the NFS -> NFS shortcut (R2a) needs a CLUSTER-scoped NFS destination.
  nfs('nfs-a1', 'kvm-cluster-a', '10.1.2.10', '/export/primary/cluster-a-1'),
  nfs('nfs-a2', 'kvm-cluster-a', '10.1.2.10', '/export/primary/cluster-a-2'),
  nfs('nfs-b1', 'kvm-cluster-b', '10.1.2.11', '/export/primary/cluster-b-1'),
  nfs('nfs-b2', 'kvm-cluster-b', '10.1.2.11', '/export/primary/cluster-b-2'),
  local('kvm-a1'),
  local('kvm-a2'),
  local('kvm-a3'),
  local('kvm-b1'),
  local('kvm-b2'),
  local('kvm-b3'),
  {
    // Nearly full: above pool.storage.capacity.disablethreshold (T24), so no migration target.
    name: 'gfs2-a',
    poolType: 'SharedMountPoint',
    scope: 'CLUSTER',
    cluster: 'kvm-cluster-a',
    hostAddress: 'localhost',
    path: '/mnt/gfs2/primary',
    port: 0,
    provider: 'DefaultPrimary',
    capacityGiB: 2048,
    usedShare: 0.9,
  },
  {
    // Managed: PowerFlex volumes are attached as block devices; `path` is the PowerFlex storage pool id.
    name: 'powerflex-z1',
    poolType: 'PowerFlex',
    scope: 'ZONE',
    hostAddress: 'powerflex-gw.demo.lan',
    path: '4f5a9c1e00000000',
    port: 443,
    provider: 'PowerFlex',
    managed: true,
    hypervisor: 'KVM',
    capacityGiB: 8192,
    tags: ['powerflex'],
  },
  {
    // Not a file pool and not managed: shouldMigrateVolume is false for it (R8), and alone it has no strategy (R2).
    name: 'ceph-rbd-z1',
    poolType: 'RBD',
    scope: 'ZONE',
    hostAddress: 'ceph-mon1.demo.lan',
    path: 'cloudstack',
    port: 6789,
    provider: 'DefaultPrimary',
    hypervisor: 'KVM',
    capacityGiB: 16384,
    tags: ['ceph'],
  },
  nfs('nfs-xen-1', 'xen-cluster-x', '10.1.2.12', '/export/primary/xen-1'),
] as const satisfies readonly PoolSpec[];

export type DemoPoolName = (typeof DEMO_POOLS)[number]['name'];

export const DEMO_IMAGE_STORE = {
  name: 'nfs-secondary-1',
  url: 'nfs://10.1.2.20/export/secondary',
  protocol: 'nfs',
  provider: 'NFS',
} as const;
