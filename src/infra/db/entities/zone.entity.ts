import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, FlagColumn, IdColumn, TextColumn } from './column-types';

/** `data_center`: a zone. */
@Entity({ name: 'data_center' })
export class ZoneEntity {
  @IdColumn() id: number;
  @TextColumn('name', 255, { nullable: true }) name: string | null;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @TextColumn('description', 255, { nullable: true }) description: string | null;
  @TextColumn('dns1') dns1: string;
  @TextColumn('internal_dns1') internalDns1: string;
  @TextColumn('networktype', 255, { default: 'Basic' }) networkType: string;
  @TextColumn('allocation_state', 32, { default: 'Enabled' }) allocationState: string;
  @BigIntColumn('domain_id', { nullable: true }) domainId: number | null;
  @FlagColumn('is_local_storage_enabled', { default: 0 }) localStorageEnabled: boolean;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
