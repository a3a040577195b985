import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, FlagColumn } from './column-types';
import { LongTextColumn } from './long-text-column';

/** `host_tags`: one row per tag (TEXT since 4.19); `is_tag_a_rule` 1 = a JavaScript rule; `is_implicit` 1 = reported by the agent. */
@Entity({ name: 'host_tags' })
export class HostTagEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('host_id', { unsigned: true }) hostId: number;
  @LongTextColumn('tag', false) tag: string;
  @FlagColumn('is_tag_a_rule', { type: 'int', unsigned: true, default: 0 }) isTagARule: boolean;
  @FlagColumn('is_implicit', { type: 'int', unsigned: true, default: 0 }) isImplicit: boolean;
}

/** `storage_pool_tags` (4.10+): one row per tag; all tags of a pool share `is_tag_a_rule`. */
@Entity({ name: 'storage_pool_tags' })
export class StoragePoolTagEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('pool_id', { unsigned: true }) poolId: number;
  @LongTextColumn('tag', false) tag: string;
  @FlagColumn('is_tag_a_rule', { type: 'int', unsigned: true, default: 0 }) isTagARule: boolean;
}
