import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, DateColumn, TextColumn } from './column-types';

/** `storage_pool_host_ref`: which host has a pool connected (no soft delete). */
@Entity({ name: 'storage_pool_host_ref' })
export class StoragePoolHostRefEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('host_id') hostId: number;
  @BigIntColumn('pool_id') poolId: number;
  @DateColumn('created') created: Date;
  @TextColumn('local_path', 255, { nullable: true }) localPath: string | null;
}
