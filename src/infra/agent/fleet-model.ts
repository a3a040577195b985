import type { CheckVirtualMachineAnswerBody } from '../../domain/agent/command-bodies';

/** A disk image in a pool; `backingFile` names the qcow2 backing file in the same pool (the chain). */
export interface SimFile {
  size: number;
  backingFile: string | null;
}

export type PowerState = CheckVirtualMachineAnswerBody['state'];

/** Where a libvirt source path lands: a file (or managed volume) of a pool. */
export interface FileRef {
  poolUuid: string;
  name: string;
}

/** A disk of a running domain: its libvirt `<source>` path and the pool file behind it. */
export interface SimDisk extends FileRef {
  path: string;
}

/** One KVM host: its agent's reachability and what its libvirt holds. */
export interface SimHost {
  id: number;
  uuid: string | null;
  name: string;
  privateIp: string;
  reachable: boolean;
  /** instanceName -> disks of the running domain. */
  running: Map<string, SimDisk[]>;
  /** Domains a PrepareForMigrationCommand announced (networks/bridges set up). */
  prepared: Set<string>;
  /** Paths ModifyTargets add=true connected on this host (block devices of managed pools). */
  connected: Map<string, FileRef>;
  /** setPowerState overrides for CheckVirtualMachine. */
  powerOverrides: Map<string, PowerState>;
  /** `newVmCpuShares` the next PrepareForMigrationAnswer carries (cgroup v1/v2 rescaling). */
  prepareCpuShares: number | null;
}

/** A primary pool; the KVM pool name is its uuid. */
export interface SimPool {
  uuid: string;
  type: string;
  path: string;
  managed: boolean;
  files: Map<string, SimFile>;
}

/** An image (secondary) store: templates by install path. */
export interface SimImageStore {
  uuid: string;
  templates: Map<string, SimFile>;
}

/** The fleet as JSON, for assertions and `GET /_sim/state`. */
export interface FleetStateSnapshot {
  hosts: Array<{
    id: number;
    name: string;
    privateIp: string;
    reachable: boolean;
    runningVms: Record<string, string[]>;
    preparedVms: string[];
  }>;
  pools: Record<string, { type: string; path: string; managed: boolean; files: Record<string, SimFile> }>;
  imageStores: Record<string, { templates: Record<string, SimFile> }>;
}

/**
 * State of the simulated KVM fleet and the primitives command handlers build on: hosts with their
 * libvirt domains, primary pools with their files (backing chains), image stores with templates.
 * Seeding methods are public so tests can build a fleet without database records.
 */
export class FleetModel {
  readonly hosts = new Map<number, SimHost>();
  readonly pools = new Map<string, SimPool>();
  readonly imageStores = new Map<string, SimImageStore>();
  /** Template sizes by template id (DirectDownload has only the URL to go by). */
  readonly templateSizes = new Map<number, number>();

  /** Forget the whole fleet. */
  reset(): void {
    this.hosts.clear();
    this.pools.clear();
    this.imageStores.clear();
    this.templateSizes.clear();
  }

  addHost(host: { id: number; uuid?: string | null; name: string; privateIp: string; reachable?: boolean }): SimHost {
    const added: SimHost = {
      id: host.id,
      uuid: host.uuid ?? null,
      name: host.name,
      privateIp: host.privateIp,
      reachable: host.reachable ?? true,
      running: new Map(),
      prepared: new Set(),
      connected: new Map(),
      powerOverrides: new Map(),
      prepareCpuShares: null,
    };
    this.hosts.set(host.id, added);
    return added;
  }

  addPool(pool: { uuid: string; type: string; path: string; managed?: boolean }): SimPool {
    // Paths are compared as prefixes: a trailing slash would make `<path>/<file>` joins ambiguous.
    const added: SimPool = {
      uuid: pool.uuid,
      type: pool.type,
      path: trimTrailingSlash(pool.path),
      managed: pool.managed ?? false,
      files: new Map(),
    };
    this.pools.set(pool.uuid, added);
    return added;
  }

  addImageStore(uuid: string): SimImageStore {
    const store: SimImageStore = { uuid, templates: new Map() };
    this.imageStores.set(uuid, store);
    return store;
  }

  /** Create or overwrite a file in a pool. */
  putFile(poolUuid: string, name: string, file: SimFile): void {
    this.requirePool(poolUuid).files.set(name, { ...file });
  }

  deleteFile(poolUuid: string, name: string): void {
    this.requirePool(poolUuid).files.delete(name);
  }

  /** Start a domain on a host with disks given as pool files (paths derived like the agent does). */
  startVm(hostId: number, instanceName: string, disks: FileRef[]): void {
    const host = this.requireHost(hostId);
    host.running.set(
      instanceName,
      disks.map((d) => ({ ...d, path: this.diskPath(this.requirePool(d.poolUuid), d.name) })),
    );
  }

  /** The host a domain runs on, if any. */
  hostRunning(instanceName: string): SimHost | null {
    for (const host of this.hosts.values()) if (host.running.has(instanceName)) return host;
    return null;
  }

  hostByIp(ip: string): SimHost | null {
    for (const host of this.hosts.values()) if (host.privateIp === ip) return host;
    return null;
  }

  /** The path a domain uses for a pool file: block device for managed pools, `<pool path>/<name>` otherwise. */
  diskPath(pool: SimPool, name: string): string {
    return pool.managed ? blockDevicePath(pool, name) : `${pool.path}/${name}`;
  }

  /**
   * Resolve a libvirt source path as seen from a host: first the devices ModifyTargets connected
   * there, then `<pool path>/<name>` of the file pools. Pools may share a path (local pools of
   * different hosts), so a pool that holds the file wins over one that does not.
   */
  resolvePath(path: string, hostId: number): FileRef | null {
    const connected = this.hosts.get(hostId)?.connected.get(path);
    if (connected) return connected;
    let fallback: FileRef | null = null;
    for (const pool of this.pools.values()) {
      if (pool.managed || !path.startsWith(`${pool.path}/`)) continue;
      const name = path.slice(pool.path.length + 1);
      if (name.length === 0 || name.includes('/')) continue;
      if (pool.files.has(name)) return { poolUuid: pool.uuid, name };
      fallback ??= { poolUuid: pool.uuid, name };
    }
    return fallback;
  }

  fileAt(ref: FileRef | null): SimFile | null {
    return ref ? (this.pools.get(ref.poolUuid)?.files.get(ref.name) ?? null) : null;
  }

  snapshot(): FleetStateSnapshot {
    return {
      hosts: [...this.hosts.values()].map((h) => ({
        id: h.id,
        name: h.name,
        privateIp: h.privateIp,
        reachable: h.reachable,
        runningVms: Object.fromEntries([...h.running].map(([vm, disks]) => [vm, disks.map((d) => d.path)])),
        preparedVms: [...h.prepared],
      })),
      pools: Object.fromEntries(
        [...this.pools.values()].map((p) => [p.uuid, { type: p.type, path: p.path, managed: p.managed, files: filesToRecord(p.files) }]),
      ),
      imageStores: Object.fromEntries([...this.imageStores.values()].map((s) => [s.uuid, { templates: filesToRecord(s.templates) }])),
    };
  }

  requireHost(hostId: number): SimHost {
    const host = this.hosts.get(hostId);
    if (!host) throw new Error(`simulator has no host ${hostId}`);
    return host;
  }

  requirePool(poolUuid: string): SimPool {
    const pool = this.pools.get(poolUuid);
    if (!pool) throw new Error(`simulator has no pool ${poolUuid}`);
    return pool;
  }
}

/** Device path a managed pool's volume gets once connected (udev by-id link, as iSCSI/PowerFlex give). */
function blockDevicePath(pool: SimPool, name: string): string {
  return `/dev/disk/by-id/${pool.type.toLowerCase()}-${name.replace(/\//g, '-')}`;
}

function trimTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function filesToRecord(files: Map<string, SimFile>): Record<string, SimFile> {
  return Object.fromEntries([...files].map(([name, f]) => [name, { size: f.size, backingFile: f.backingFile }]));
}
