import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, DateColumn, IntColumn, TextColumn } from './column-types';

/**
 * `op_host_capacity`: one row per (host or pool, capacity type). `host_id` is a host for types 0
 * (MEMORY, bytes), 1 (CPU, MHz) and 90, a storage pool for 2, 3 and 9; raw totals, no overprovisioning.
 */
@Entity({ name: 'op_host_capacity' })
export class HostCapacityEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('host_id', { nullable: true, unsigned: true }) hostId: number | null;
  @BigIntColumn('data_center_id', { unsigned: true }) zoneId: number;
  @BigIntColumn('pod_id', { nullable: true, unsigned: true }) podId: number | null;
  @BigIntColumn('cluster_id', { nullable: true, unsigned: true }) clusterId: number | null;
  @BigIntColumn('used_capacity') usedCapacity: number;
  @BigIntColumn('reserved_capacity') reservedCapacity: number;
  @BigIntColumn('total_capacity') totalCapacity: number;
  @IntColumn('capacity_type', { unsigned: true }) capacityType: number;
  @TextColumn('capacity_state', 32, { default: 'Enabled' }) capacityState: string;
  @DateColumn('update_time', { nullable: true }) updateTime: Date | null;
  @DateColumn('created', { nullable: true }) created: Date | null;
}
