import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, IdColumn, TextColumn } from './column-types';

/** `domain`: `path` (`/ROOT/sub/`) orders the tree; a subdomain's path starts with its parent's. */
@Entity({ name: 'domain' })
export class DomainEntity {
  @IdColumn() id: number;
  @BigIntColumn('parent', { nullable: true }) parentId: number | null;
  @TextColumn('name', 255, { nullable: true }) name: string | null;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @BigIntColumn('owner') owner: number;
  @TextColumn('path') path: string;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
