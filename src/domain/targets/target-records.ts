import type { ClusterRecord, HostRecord } from '../inventory/records';

/**
 * Rows of the tables the migration-target rules read (cloudstack-schema.md §7), as plain records.
 * Like ../inventory/records.ts: camelCase column names, CloudStack's stored strings kept as they are.
 */

/** `service_offering` (compute offering). NULL `cpu`/`speed`/`ramSize` mark a custom (dynamic) offering. */
export interface ServiceOfferingRecord {
  id: number;
  uuid: string | null;
  name: string;
  cpu: number | null;
  /** MHz per core. */
  speed: number | null;
  /** MB. */
  ramSize: number | null;
  /** Host tag(s) the offering requires (T12). */
  hostTag: string | null;
  diskOfferingId: number | null;
  /** 4.21 GPU feature: set means a vGPU profile (table outside the subset, T2). */
  vgpuProfileId: number | null;
  removed: Date | null;
}

/** `disk_offering`: the columns the storage allocators read. */
export interface DiskOfferingRecord {
  id: number;
  uuid: string | null;
  name: string;
  /** Comma-separated storage tags (T22). */
  tags: string | null;
  /** `DiskProfile.useLocalStorage()` (T1 usesLocal, T21). */
  useLocalStorage: boolean;
  /** Volumes of this offering are encrypted (T23.2). */
  encrypt: boolean;
  minIops: number | null;
  removed: Date | null;
}

/** A `host_tags` or `storage_pool_tags` row; `ownerId` is the host or the pool. */
export interface TagRecord {
  ownerId: number;
  tag: string;
  /** 1: `tag` is a JavaScript rule, not a plain tag (4.19 flexible tags). */
  isTagARule: boolean;
}

/** A key/value row of `cluster_details`, `host_details`, `vm_instance_details`, `service_offering_details` or `storage_pool_details`. */
export interface DetailRecord {
  ownerId: number;
  name: string;
  value: string;
}

/** `op_host_capacity` code (com.cloud.capacity.Capacity). */
export const CapacityType = { Memory: 0, Cpu: 1 } as const;

/** An `op_host_capacity` row of a host (types 0 MEMORY in bytes, 1 CPU in MHz). */
export interface HostCapacityRecord {
  hostId: number;
  capacityType: number;
  usedCapacity: number;
  reservedCapacity: number;
  /** Raw: overprovisioning NOT applied. */
  totalCapacity: number;
}

/** `hypervisor_capabilities`. */
export interface HypervisorCapabilityRecord {
  hypervisorType: string;
  /** `default` is the fallback row of a hypervisor. */
  hypervisorVersion: string | null;
  maxGuestsLimit: number | null;
  storageMotionSupported: boolean;
}

/** The `host` columns the capacity and architecture rules read. */
interface HostHardware {
  cpus: number | null;
  /** MHz per core. */
  speed: number | null;
  /** Bytes. */
  ram: number | null;
  arch: string | null;
}

export type TargetHost = HostRecord & HostHardware;
export type TargetCluster = ClusterRecord & { arch: string | null };

/** What the pools already hold, from the database (T23.6, T24). */
export interface PoolUsage {
  /** Σ size of the pool's non-destroyed volumes + Σ template_spool_ref.template_size. */
  allocatedBytes: number;
  /** Σ min_iops of the pool's non-destroyed volumes. */
  usedIops: number;
}
