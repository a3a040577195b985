import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, FlagColumn, TextColumn } from './column-types';
import { LongTextColumn } from './long-text-column';

/*
 * The key/value `*_details` tables the migration-target rules read (cloudstack-schema.md §7), one
 * entity each with CloudStack's column names: the owner column differs per table.
 */

/** `cluster_details`: `cpuOvercommitRatio` / `memoryOvercommitRatio` among others; no unique key, no display column. */
@Entity({ name: 'cluster_details' })
export class ClusterDetailEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('cluster_id', { unsigned: true }) clusterId: number;
  @TextColumn('name', 255) name: string;
  @TextColumn('value', 255) value: string;
}

/** `host_details`: unique (host_id, name); e.g. `host.uefi.enable`. */
@Entity({ name: 'host_details' })
export class HostDetailEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('host_id', { unsigned: true }) hostId: number;
  @TextColumn('name', 255) name: string;
  @TextColumn('value', 255) value: string;
}

/** `vm_instance_details` (`user_vm_details` before 4.21), every VM type; e.g. `cpuNumber`, `UEFI`. */
@Entity({ name: 'vm_instance_details' })
export class VmInstanceDetailEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('vm_id', { unsigned: true }) vmId: number;
  @TextColumn('name', 255) name: string;
  @TextColumn('value', 5120) value: string;
  @FlagColumn('display', { default: 1 }) display: boolean;
}

/** `service_offering_details` (value TEXT since 4.13, (offering, name) not unique); e.g. `pciDevice`, `vgpuType`. */
@Entity({ name: 'service_offering_details' })
export class ServiceOfferingDetailEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('service_offering_id', { unsigned: true }) serviceOfferingId: number;
  @TextColumn('name', 255) name: string;
  @LongTextColumn('value', false) value: string;
  @FlagColumn('display', { default: 1 }) display: boolean;
}

/** `storage_pool_details`: per-pool values of pool-scoped settings such as `storage.overprovisioning.factor`. */
@Entity({ name: 'storage_pool_details' })
export class StoragePoolDetailEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('pool_id', { unsigned: true }) poolId: number;
  @TextColumn('name', 255) name: string;
  @TextColumn('value', 255) value: string;
  @FlagColumn('display', { default: 1 }) display: boolean;
}
