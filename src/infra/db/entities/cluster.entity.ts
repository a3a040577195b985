import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, IdColumn, TextColumn } from './column-types';

/** `cluster`. */
@Entity({ name: 'cluster' })
export class ClusterEntity {
  @IdColumn() id: number;
  @TextColumn('name', 255, { nullable: true }) name: string | null;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @TextColumn('guid', 255, { nullable: true }) guid: string | null;
  @BigIntColumn('pod_id') podId: number;
  @BigIntColumn('data_center_id') zoneId: number;
  @TextColumn('hypervisor_type', 32, { nullable: true }) hypervisorType: string | null;
  @TextColumn('cluster_type', 64, { nullable: true, default: 'CloudManaged' }) clusterType: string | null;
  @TextColumn('allocation_state', 32, { default: 'Enabled' }) allocationState: string;
  @TextColumn('managed_state', 32, { default: 'Managed' }) managedState: string;
  @TextColumn('arch', 8, { nullable: true, default: 'x86_64' }) arch: string | null;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
