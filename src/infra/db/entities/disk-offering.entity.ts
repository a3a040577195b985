import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, FlagColumn, IdColumn, TextColumn } from './column-types';

/** `disk_offering`: the columns the storage allocators read (tags, local storage, encryption, IOPS). */
@Entity({ name: 'disk_offering' })
export class DiskOfferingEntity {
  @IdColumn() id: number;
  @TextColumn('name', 255) name: string;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @TextColumn('display_text', 4096, { nullable: true }) displayText: string | null;
  /** Bytes. */
  @BigIntColumn('disk_size', { unsigned: true }) diskSize: number;
  /** Comma-separated storage tags. */
  @TextColumn('tags', 4096, { nullable: true }) tags: string | null;
  @FlagColumn('use_local_storage', { default: 0 }) useLocalStorage: boolean;
  @FlagColumn('customized', { default: 0 }) customized: boolean;
  @BigIntColumn('min_iops', { nullable: true, unsigned: true }) minIops: number | null;
  @BigIntColumn('max_iops', { nullable: true, unsigned: true }) maxIops: number | null;
  @TextColumn('provisioning_type', 32, { default: 'thin' }) provisioningType: string;
  @FlagColumn('compute_only', { default: 0 }) computeOnly: boolean;
  @FlagColumn('encrypt', { nullable: true, default: 0 }) encrypt: boolean | null;
  @TextColumn('state', 40, { default: 'Active' }) state: string;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
