import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, IdColumn, IntColumn, TextColumn } from './column-types';

/** `host`: hypervisor hosts are `type = Routing`. */
@Entity({ name: 'host' })
export class HostEntity {
  @IdColumn() id: number;
  @TextColumn('name') name: string;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @TextColumn('status', 32) status: string;
  @TextColumn('type', 32) type: string;
  @TextColumn('private_ip_address', 40) privateIpAddress: string;
  @BigIntColumn('cluster_id', { nullable: true }) clusterId: number | null;
  @BigIntColumn('data_center_id') zoneId: number;
  @BigIntColumn('pod_id', { nullable: true }) podId: number | null;
  @TextColumn('hypervisor_type', 32, { nullable: true }) hypervisorType: string | null;
  @TextColumn('hypervisor_version', 32, { nullable: true }) hypervisorVersion: string | null;
  @TextColumn('guid', 255, { nullable: true }) guid: string | null;
  @TextColumn('version', 40) version: string;
  @BigIntColumn('dom0_memory') dom0Memory: number;
  @IntColumn('last_ping') lastPing: number;
  @BigIntColumn('mgmt_server_id', { nullable: true }) mgmtServerId: number | null;
  @BigIntColumn('update_count', { default: 0 }) updateCount: number;
  @TextColumn('resource_state', 32, { default: 'Enabled' }) resourceState: string;
  @IntColumn('cpus', { nullable: true, unsigned: true }) cpus: number | null;
  /** MHz per core. */
  @IntColumn('speed', { nullable: true, unsigned: true }) speed: number | null;
  /** Bytes. */
  @BigIntColumn('ram', { nullable: true, unsigned: true }) ram: number | null;
  @TextColumn('arch', 8, { nullable: true, default: 'x86_64' }) arch: string | null;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
