import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, FlagColumn, IntColumn, TextColumn } from './column-types';

/** `hypervisor_capabilities`: unique (hypervisor_type, hypervisor_version); `default` is a hypervisor's fallback row. */
@Entity({ name: 'hypervisor_capabilities' })
export class HypervisorCapabilityEntity {
  @AutoIdColumn() id: number;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @TextColumn('hypervisor_type', 32) hypervisorType: string;
  @TextColumn('hypervisor_version', 32, { nullable: true }) hypervisorVersion: string | null;
  @BigIntColumn('max_guests_limit', { nullable: true, unsigned: true, default: 50 }) maxGuestsLimit: number | null;
  @IntColumn('max_data_volumes_limit', { nullable: true, unsigned: true, default: 6 }) maxDataVolumesLimit: number | null;
  @IntColumn('max_hosts_per_cluster', { nullable: true, unsigned: true }) maxHostsPerCluster: number | null;
  @FlagColumn('storage_motion_supported', { type: 'int', nullable: true, unsigned: true, default: 0 }) storageMotionSupported: boolean | null;
  @FlagColumn('vm_snapshot_enabled', { default: 0 }) vmSnapshotEnabled: boolean;
}
