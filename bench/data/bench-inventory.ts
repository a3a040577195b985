import type { InventoryScale } from './inventory-scale';

/**
 * The benchmark inventory as plain rows, computed without a database: a KVM zone with
 * `clusters` clusters of `hostsPerCluster` hosts, NFS cluster pools, templates with store and pool
 * references, the list VMs (1..5 volumes each) and the VMs the migration benchmarks move.
 * Everything is a pure function of the scale, so every run (and every variant) sees the same rows.
 */
export interface TableRows {
  table: string;
  columns: string[];
  rows: unknown[][];
}

/** A migration request by uuid, as the mutation input takes it. */
export interface BenchMigrationRequest {
  vmId: string;
  destinationHostId: string;
  volumes: { volumeId: string; destinationPoolId: string }[];
}

export interface BenchInventory {
  tables: TableRows[];
  /** The root admin account (not `system`) the benchmark's API key belongs to. */
  adminAccountUuid: string;
  /** uuid of list VM number `n` (1-based, ordered by id). */
  listVmUuid: (n: number) => string;
  /** One planning request per entry of `scale.planVolumeCounts` (every volume of a VM moves). */
  planRequests: { volumes: number; request: BenchMigrationRequest }[];
  /** Two disjoint sets of `scale.migrationVms` requests: one for each concurrency level. */
  migrationRequests: BenchMigrationRequest[][];
  counts: Record<string, number>;
}

const CREATED = new Date('2025-06-01T08:00:00Z');
const GiB = 1024 ** 3;
const ROOT_ADMIN_ACCOUNT = 2;
const ZONE = 1;
const POD = 1;
const DOMAIN = 1;
const FIRST_POOL_ID = 201;
const FIRST_TEMPLATE_ID = 201;
/** Dense KVM hosts (about 250 running VMs each at full scale) and the one compute offering every VM has. */
const HOST = { cpus: 64, speedMhz: 2400, ramBytes: 1024 * GiB, cpuOvercommit: 8, memoryOvercommit: 1.5, hypervisorVersion: '8.2.0' } as const;
const VM_SIZE = { cpu: 2, speedMhz: 2000, ramMiB: 4096 } as const;

/** Deterministic, well-formed uuids: an 8-hex kind code and the row number. */
const KIND = {
  domain: 'd0000000',
  account: 'a0000000',
  zone: 'e0000000',
  pod: 'e1000000',
  cluster: 'c0000000',
  host: 'b0000000',
  pool: 'f0000000',
  store: 'f1000000',
  template: '70000000',
  vm: 'b1000000',
  volume: 'b2000000',
  guestOs: '60000000',
  offering: '50000000',
  capability: '51000000',
} as const;
export const benchUuid = (kind: keyof typeof KIND, n: number) => `${KIND[kind]}-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function buildBenchInventory(scale: InventoryScale): BenchInventory {
  if (scale.pools % scale.clusters !== 0) throw new Error('pools must divide evenly over clusters');
  const poolsPerCluster = scale.pools / scale.clusters;
  if (poolsPerCluster < scale.poolRefsPerTemplate + 1) throw new Error('each cluster needs more pools than a template has pool refs');

  const hostId = (cluster: number, index: number) => (cluster - 1) * scale.hostsPerCluster + (index % scale.hostsPerCluster) + 1;
  const poolId = (cluster: number, index: number) => FIRST_POOL_ID + (cluster - 1) * poolsPerCluster + (index % poolsPerCluster);
  const templateCluster = (k: number) => (k % scale.clusters) + 1;
  // Pool-ref pools of template k: distinct indexes in its cluster (11 is prime to the pool count used).
  const templatePoolIndexes = (k: number) => {
    const indexes = Array.from({ length: scale.poolRefsPerTemplate }, (_, j) => (k * 7 + j * 11) % poolsPerCluster);
    if (new Set(indexes).size !== indexes.length) throw new Error(`template ${k}: pool indexes collide; pick another pool count`);
    return indexes;
  };
  const isDirectDownload = (k: number) => k % 10 === 9;
  const isRemovedTemplate = (k: number) => k % 50 === 49;
  /** A template the migration VMs can use: live, not direct-download, in `cluster`. */
  const plainTemplate = (cluster: number, n: number) => {
    for (let k = cluster - 1 + n * scale.clusters; ; k += scale.clusters) {
      const index = k % scale.templates;
      if (!isDirectDownload(index) && !isRemovedTemplate(index)) return index;
    }
  };

  const tables: TableRows[] = [];
  const table = (name: string, columns: string[]) => {
    const t: TableRows = { table: name, columns, rows: [] };
    tables.push(t);
    return t;
  };

  table('domain', ['id', 'parent', 'name', 'uuid', 'owner', 'path', 'created', 'removed']).rows.push([
    DOMAIN,
    null,
    'ROOT',
    benchUuid('domain', 1),
    ROOT_ADMIN_ACCOUNT,
    '/',
    CREATED,
    null,
  ]);
  table('account', ['id', 'account_name', 'uuid', 'type', 'domain_id', 'state', 'created', 'removed']).rows.push(
    [1, 'system', benchUuid('account', 1), 1, DOMAIN, 'enabled', CREATED, null],
    [ROOT_ADMIN_ACCOUNT, 'admin', benchUuid('account', 2), 1, DOMAIN, 'enabled', CREATED, null],
  );
  table('data_center', [
    'id',
    'name',
    'uuid',
    'description',
    'dns1',
    'internal_dns1',
    'domain_id',
    'networktype',
    'allocation_state',
    'is_local_storage_enabled',
    'created',
    'removed',
  ]).rows.push([ZONE, 'bench-zone-1', benchUuid('zone', 1), 'benchmark zone', '10.0.0.53', '10.0.0.53', null, 'Advanced', 'Enabled', 0, CREATED, null]);
  table('host_pod_ref', ['id', 'name', 'uuid', 'data_center_id', 'gateway', 'cidr_address', 'cidr_size', 'allocation_state', 'created', 'removed']).rows.push([
    POD,
    'pod-1',
    benchUuid('pod', 1),
    ZONE,
    '10.1.0.1',
    '10.1.0.0',
    16,
    'Enabled',
    CREATED,
    null,
  ]);

  const clusters = table('cluster', [
    'id',
    'name',
    'uuid',
    'guid',
    'pod_id',
    'data_center_id',
    'hypervisor_type',
    'cluster_type',
    'allocation_state',
    'managed_state',
    'created',
    'removed',
  ]);
  const hosts = table('host', [
    'id',
    'name',
    'uuid',
    'status',
    'type',
    'private_ip_address',
    'cluster_id',
    'data_center_id',
    'pod_id',
    'hypervisor_type',
    'hypervisor_version',
    'guid',
    'version',
    'dom0_memory',
    'last_ping',
    'mgmt_server_id',
    'update_count',
    'resource_state',
    'cpus',
    'speed',
    'ram',
    'created',
    'removed',
  ]);
  const clusterDetails = table('cluster_details', ['cluster_id', 'name', 'value']);
  for (let c = 1; c <= scale.clusters; c++) {
    clusters.rows.push([
      c,
      `kvm-cluster-${c}`,
      benchUuid('cluster', c),
      `cluster-guid-${c}`,
      POD,
      ZONE,
      'KVM',
      'CloudManaged',
      'Enabled',
      'Managed',
      CREATED,
      null,
    ]);
    clusterDetails.rows.push([c, 'cpuOvercommitRatio', String(HOST.cpuOvercommit)], [c, 'memoryOvercommitRatio', String(HOST.memoryOvercommit)]);
    for (let j = 0; j < scale.hostsPerCluster; j++) {
      const id = hostId(c, j);
      hosts.rows.push([
        id,
        `kvm-${c}-${j + 1}`,
        benchUuid('host', id),
        'Up',
        'Routing',
        `10.1.${c}.${j + 10}`,
        c,
        ZONE,
        POD,
        'KVM',
        HOST.hypervisorVersion,
        `host-guid-${id}`,
        '4.22.0.0',
        0,
        0,
        null,
        0,
        'Enabled',
        HOST.cpus,
        HOST.speedMhz,
        HOST.ramBytes,
        CREATED,
        null,
      ]);
    }
  }
  // The dense hosts run more VMs than the KVM `default` row allows (50): the version row an operator adds.
  table('hypervisor_capabilities', [
    'uuid',
    'hypervisor_type',
    'hypervisor_version',
    'max_guests_limit',
    'max_data_volumes_limit',
    'storage_motion_supported',
    'vm_snapshot_enabled',
  ]).rows.push([benchUuid('capability', 1), 'KVM', HOST.hypervisorVersion, 1000, 32, 1, 1]);
  table('disk_offering', ['id', 'name', 'uuid', 'disk_size', 'use_local_storage', 'compute_only', 'created']).rows.push(
    [1, 'Bench (root)', benchUuid('offering', 1), 0, 0, 1, CREATED],
    [3, 'Bench data disk', benchUuid('offering', 3), 0, 0, 0, CREATED],
  );
  table('service_offering', ['id', 'uuid', 'name', 'cpu', 'speed', 'ram_size', 'disk_offering_id', 'created']).rows.push([
    1,
    benchUuid('offering', 101),
    'Bench small',
    VM_SIZE.cpu,
    VM_SIZE.speedMhz,
    VM_SIZE.ramMiB,
    1,
    CREATED,
  ]);

  const pools = table('storage_pool', [
    'id',
    'name',
    'uuid',
    'pool_type',
    'port',
    'data_center_id',
    'pod_id',
    'cluster_id',
    'used_bytes',
    'capacity_bytes',
    'host_address',
    'path',
    'status',
    'storage_provider_name',
    'scope',
    'hypervisor',
    'managed',
    'capacity_iops',
    'created',
    'removed',
  ]);
  const poolHostRefs = table('storage_pool_host_ref', ['host_id', 'pool_id', 'created', 'local_path']);
  for (let c = 1; c <= scale.clusters; c++) {
    for (let i = 0; i < poolsPerCluster; i++) {
      const id = poolId(c, i);
      const uuid = benchUuid('pool', id);
      pools.rows.push([
        id,
        `nfs-${c}-${i + 1}`,
        uuid,
        'NetworkFilesystem',
        2049,
        ZONE,
        POD,
        c,
        512 * GiB,
        4096 * GiB,
        `10.2.${c}.10`,
        `/export/primary/c${c}-${i + 1}`,
        'Up',
        'DefaultPrimary',
        'CLUSTER',
        null,
        0,
        null,
        CREATED,
        null,
      ]);
      for (let j = 0; j < scale.hostsPerCluster; j++) poolHostRefs.rows.push([hostId(c, j), id, CREATED, `/mnt/${uuid}`]);
    }
  }

  const stores = table('image_store', [
    'id',
    'name',
    'image_provider_name',
    'protocol',
    'url',
    'data_center_id',
    'scope',
    'role',
    'uuid',
    'readonly',
    'created',
    'removed',
  ]);
  for (let s = 1; s <= scale.imageStores; s++) {
    stores.rows.push([
      s,
      `nfs-secondary-${s}`,
      'NFS',
      'nfs',
      `nfs://10.2.0.${s}/export/secondary`,
      ZONE,
      'ZONE',
      'Image',
      benchUuid('store', s),
      0,
      CREATED,
      null,
    ]);
  }
  table('guest_os_category', ['id', 'name', 'uuid']).rows.push([1, 'Ubuntu', benchUuid('guestOs', 1000)]);
  table('guest_os', ['id', 'category_id', 'name', 'uuid', 'display_name']).rows.push([1, 1, 'Ubuntu 22.04', benchUuid('guestOs', 1), 'Ubuntu 22.04 LTS']);

  const templates = table('vm_template', [
    'id',
    'unique_name',
    'name',
    'uuid',
    'public',
    'featured',
    'type',
    'hvm',
    'bits',
    'url',
    'format',
    'created',
    'removed',
    'account_id',
    'checksum',
    'display_text',
    'guest_os_id',
    'hypervisor_type',
    'size',
    'state',
    'direct_download',
  ]);
  const storeRefs = table('template_store_ref', [
    'store_id',
    'template_id',
    'created',
    'download_pct',
    'size',
    'store_role',
    'physical_size',
    'download_state',
    'local_path',
    'install_path',
    'state',
    'destroyed',
    'update_count',
  ]);
  const poolRefs = table('template_spool_ref', [
    'pool_id',
    'template_id',
    'created',
    'download_pct',
    'download_state',
    'local_path',
    'install_path',
    'template_size',
    'marked_for_gc',
    'state',
    'update_count',
  ]);
  for (let k = 0; k < scale.templates; k++) {
    const id = FIRST_TEMPLATE_ID + k;
    const size = (2 + (k % 8)) * GiB;
    templates.rows.push([
      id,
      `${id}-2-tmpl-${k}`,
      `template-${k}`,
      benchUuid('template', id),
      1,
      k % 3 === 0 ? 1 : 0,
      'USER',
      1,
      64,
      `http://images.bench.lan/template-${k}.qcow2`,
      'QCOW2',
      CREATED,
      isRemovedTemplate(k) ? CREATED : null,
      ROOT_ADMIN_ACCOUNT,
      null,
      `Template ${k}`,
      1,
      'KVM',
      size,
      'Active',
      isDirectDownload(k) ? 1 : 0,
    ]);
    for (let s = 1; s <= scale.imageStores; s++) {
      if (s > 1 && k % s !== 0) continue;
      storeRefs.rows.push([s, id, CREATED, 100, size, 'Image', size / 4, 'DOWNLOADED', null, `template/tmpl/2/${id}/template-${k}.qcow2`, 'Ready', 0, 0]);
    }
    for (const index of templatePoolIndexes(k)) {
      const file = `t${id}-p${poolId(templateCluster(k), index)}`;
      poolRefs.rows.push([poolId(templateCluster(k), index), id, CREATED, 100, 'DOWNLOADED', file, file, size, 0, 'Ready', 0]);
    }
  }

  const vms = table('vm_instance', [
    'id',
    'name',
    'uuid',
    'instance_name',
    'display_name',
    'state',
    'vm_template_id',
    'guest_os_id',
    'pod_id',
    'data_center_id',
    'host_id',
    'last_host_id',
    'vnc_password',
    'update_count',
    'update_time',
    'created',
    'removed',
    'type',
    'vm_type',
    'account_id',
    'domain_id',
    'service_offering_id',
    'hypervisor_type',
    'power_state',
  ]);
  const volumes = table('volumes', [
    'id',
    'account_id',
    'domain_id',
    'pool_id',
    'last_pool_id',
    'instance_id',
    'device_id',
    'name',
    'uuid',
    'size',
    'folder',
    'path',
    'pod_id',
    'data_center_id',
    'iscsi_name',
    'volume_type',
    'pool_type',
    'disk_offering_id',
    'template_id',
    'recreatable',
    'created',
    'attached',
    'updated',
    'removed',
    'state',
    'update_count',
    'display_volume',
    'format',
    'provisioning_type',
  ]);
  let vmId = 0;
  let volumeId = 0;
  const addVm = (opts: { templateIndex: number; host: number | null; lastHost: number; name: string }) => {
    vmId += 1;
    const running = opts.host !== null;
    vms.rows.push([
      vmId,
      opts.name,
      benchUuid('vm', vmId),
      `i-2-${vmId}-VM`,
      opts.name,
      running ? 'Running' : 'Stopped',
      FIRST_TEMPLATE_ID + opts.templateIndex,
      1,
      POD,
      ZONE,
      opts.host,
      opts.lastHost,
      `vnc-${vmId}`,
      running ? 2 : 4,
      CREATED,
      CREATED,
      null,
      'User',
      'User',
      ROOT_ADMIN_ACCOUNT,
      DOMAIN,
      1,
      'KVM',
      running ? 'PowerOn' : 'PowerOff',
    ]);
    return vmId;
  };
  const addVolume = (vm: number, device: number, pool: number, templateIndex: number | null, sizeGiB: number) => {
    volumeId += 1;
    const uuid = benchUuid('volume', volumeId);
    const root = device === 0;
    volumes.rows.push([
      volumeId,
      ROOT_ADMIN_ACCOUNT,
      DOMAIN,
      pool,
      null,
      vm,
      device,
      root ? `ROOT-${vm}` : `DATA-${vm}-${device}`,
      uuid,
      sizeGiB * GiB,
      null,
      uuid,
      POD,
      ZONE,
      null,
      root ? 'ROOT' : 'DATADISK',
      'NetworkFilesystem',
      root ? 1 : 3,
      templateIndex === null ? null : FIRST_TEMPLATE_ID + templateIndex,
      0,
      CREATED,
      CREATED,
      CREATED,
      null,
      'Ready',
      2,
      1,
      'QCOW2',
      'thin',
    ]);
    return uuid;
  };
  /** ROOT on one of the template's pool-ref pools (linked clone), data disks anywhere in the cluster. */
  const rootPoolIndex = (templateIndex: number, pick: number) => templatePoolIndexes(templateIndex)[pick % scale.poolRefsPerTemplate];

  for (let k = 0; k < scale.listVms; k++) {
    const t = k % scale.templates;
    const c = templateCluster(t);
    const stopped = k % 20 === 19;
    const host = hostId(c, Math.floor(k / scale.clusters));
    const vm = addVm({ templateIndex: t, host: stopped ? null : host, lastHost: host, name: `vm-${k + 1}` });
    const disks = 1 + (k % 5);
    addVolume(vm, 0, poolId(c, rootPoolIndex(t, k)), t, 20);
    for (let d = 1; d < disks; d++) addVolume(vm, d, poolId(c, k * 3 + d * 17), null, 10 * d);
  }

  /** A running VM of `cluster` with `disks` volumes, and the request that moves all of them within the cluster. */
  const migratableVm = (name: string, cluster: number, n: number, disks: number): BenchMigrationRequest => {
    const t = plainTemplate(cluster, n);
    const sourceHost = hostId(cluster, n);
    const vm = addVm({ templateIndex: t, host: sourceHost, lastHost: sourceHost, name });
    const refIndexes = templatePoolIndexes(t);
    const moves: BenchMigrationRequest['volumes'] = [];
    // ROOT: from one pool holding the template to another one (NFS -> NFS, linked clone, no template copy).
    const rootFrom = poolId(cluster, refIndexes[0]);
    moves.push({ volumeId: addVolume(vm, 0, rootFrom, t, 20), destinationPoolId: benchUuid('pool', poolId(cluster, refIndexes[1])) });
    for (let d = 1; d < disks; d++) {
      const from = n * 5 + d;
      moves.push({ volumeId: addVolume(vm, d, poolId(cluster, from), null, 5), destinationPoolId: benchUuid('pool', poolId(cluster, from + 1)) });
    }
    return { vmId: benchUuid('vm', vm), destinationHostId: benchUuid('host', hostId(cluster, n + 1)), volumes: moves };
  };
  const planRequests = scale.planVolumeCounts.map((count, i) => ({ volumes: count, request: migratableVm(`plan-${count}-disks`, 1, i, count) }));
  const migrationRequests = [0, 1].map((set) =>
    Array.from({ length: scale.migrationVms }, (_, i) => migratableVm(`migrate-${set}-${i + 1}`, (i % scale.clusters) + 1, set * scale.migrationVms + i, 2)),
  );

  // op_host_capacity as CloudStack's capacity checker leaves it: used = the running VMs' sizes.
  const capacity = table('op_host_capacity', [
    'host_id',
    'data_center_id',
    'pod_id',
    'cluster_id',
    'used_capacity',
    'reserved_capacity',
    'total_capacity',
    'capacity_type',
    'capacity_state',
    'created',
  ]);
  const runningPerHost = new Map<number, number>();
  for (const row of vms.rows) if (row[10] !== null) runningPerHost.set(Number(row[10]), (runningPerHost.get(Number(row[10])) ?? 0) + 1);
  for (const row of hosts.rows) {
    const id = Number(row[0]);
    const running = runningPerHost.get(id) ?? 0;
    capacity.rows.push(
      [id, ZONE, POD, row[6], running * VM_SIZE.ramMiB * 1024 * 1024, 0, HOST.ramBytes, 0, 'Enabled', CREATED],
      [id, ZONE, POD, row[6], running * VM_SIZE.cpu * VM_SIZE.speedMhz, 0, HOST.cpus * HOST.speedMhz, 1, 'Enabled', CREATED],
    );
  }

  const counts = Object.fromEntries(tables.map((t) => [t.table, t.rows.length]));
  return { tables, adminAccountUuid: benchUuid('account', ROOT_ADMIN_ACCOUNT), listVmUuid: (n) => benchUuid('vm', n), planRequests, migrationRequests, counts };
}

/** CloudStack `sequence` rows to move past the ids the inventory used (the value is the next id handed out). */
export function sequenceValues(inventory: BenchInventory): Record<string, number> {
  const maxId = (name: string) => inventory.tables.find((t) => t.table === name)!.rows.reduce((max, r) => Math.max(max, Number(r[0])), 0);
  return {
    vm_instance_seq: maxId('vm_instance') + 1,
    volume_seq: maxId('volumes') + 1,
    vm_template_seq: maxId('vm_template') + 1,
    storage_pool_seq: maxId('storage_pool') + 1,
    image_store_seq: maxId('image_store') + 1,
  };
}
