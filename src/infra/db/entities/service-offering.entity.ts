import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, FlagColumn, IdColumn, IntColumn, TextColumn } from './column-types';

/**
 * `service_offering` (compute offerings, 4.17+ stand-alone). No AUTO_INCREMENT on `id` in the
 * replayed 4.22 DDL: rows need explicit ids. NULL cpu/speed/ram_size mark a custom offering.
 */
@Entity({ name: 'service_offering' })
export class ServiceOfferingEntity {
  @IdColumn() id: number;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @TextColumn('name', 255) name: string;
  @TextColumn('display_text', 4096, { nullable: true }) displayText: string | null;
  @IntColumn('cpu', { nullable: true, unsigned: true }) cpu: number | null;
  /** MHz per core. */
  @IntColumn('speed', { nullable: true, unsigned: true }) speed: number | null;
  /** MB. */
  @BigIntColumn('ram_size', { nullable: true, unsigned: true }) ramSize: number | null;
  @FlagColumn('ha_enabled', { default: 0 }) haEnabled: boolean;
  @TextColumn('host_tag', 255, { nullable: true }) hostTag: string | null;
  @TextColumn('vm_type', 32, { nullable: true }) vmType: string | null;
  @FlagColumn('customized', { default: 0 }) customized: boolean;
  @FlagColumn('system_use', { default: 0 }) systemUse: boolean;
  @BigIntColumn('disk_offering_id', { nullable: true, unsigned: true }) diskOfferingId: number | null;
  @BigIntColumn('vgpu_profile_id', { nullable: true, unsigned: true }) vgpuProfileId: number | null;
  @TextColumn('state', 40, { default: 'Active' }) state: string;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
