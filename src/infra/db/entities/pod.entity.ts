import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, IdColumn, TextColumn } from './column-types';

/** `host_pod_ref`: a pod. */
@Entity({ name: 'host_pod_ref' })
export class PodEntity {
  @IdColumn() id: number;
  @TextColumn('name', 255, { nullable: true }) name: string | null;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @BigIntColumn('data_center_id') zoneId: number;
  @TextColumn('gateway') gateway: string;
  @TextColumn('cidr_address', 15) cidrAddress: string;
  @BigIntColumn('cidr_size') cidrSize: number;
  @TextColumn('allocation_state', 32, { default: 'Enabled' }) allocationState: string;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
