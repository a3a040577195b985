import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, IdColumn, IntColumn, TextColumn } from './column-types';

/** `account`: `type` is CloudStack's role (0 user, 1 root admin, 2 domain admin, ...). */
@Entity({ name: 'account' })
export class AccountEntity {
  @IdColumn() id: number;
  @TextColumn('account_name', 100, { nullable: true }) accountName: string | null;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @IntColumn('type') type: number;
  @BigIntColumn('domain_id', { nullable: true }) domainId: number | null;
  @TextColumn('state', 10, { default: 'enabled' }) state: string;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
