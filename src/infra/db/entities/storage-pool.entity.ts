import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, FlagColumn, IdColumn, IntColumn, TextColumn } from './column-types';

/** `storage_pool`: primary storage; ids come from `sequence.storage_pool_seq`. */
@Entity({ name: 'storage_pool' })
export class StoragePoolEntity {
  @IdColumn() id: number;
  @TextColumn('name', 255, { nullable: true }) name: string | null;
  @TextColumn('uuid', 255, { nullable: true }) uuid: string | null;
  @TextColumn('pool_type', 32) poolType: string;
  @IntColumn('port') port: number;
  @BigIntColumn('data_center_id') zoneId: number;
  @BigIntColumn('pod_id', { nullable: true }) podId: number | null;
  @BigIntColumn('cluster_id', { nullable: true }) clusterId: number | null;
  @BigIntColumn('used_bytes', { nullable: true }) usedBytes: number | null;
  @BigIntColumn('capacity_bytes', { nullable: true }) capacityBytes: number | null;
  @TextColumn('host_address') hostAddress: string;
  @TextColumn('path') path: string;
  @TextColumn('status', 32, { nullable: true }) status: string | null;
  @TextColumn('storage_provider_name', 255, { nullable: true }) storageProviderName: string | null;
  @TextColumn('scope', 255, { nullable: true }) scope: string | null;
  @TextColumn('hypervisor', 32, { nullable: true }) hypervisor: string | null;
  @FlagColumn('managed', { default: 0 }) managed: boolean;
  @BigIntColumn('capacity_iops', { nullable: true }) capacityIops: number | null;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
