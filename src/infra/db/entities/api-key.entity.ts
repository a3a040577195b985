import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, DateColumn, TextColumn } from './column-types';

/** `gateway_api_key` (gateway-owned): API keys bound to CloudStack accounts, stored hashed. */
@Entity({ name: 'gateway_api_key' })
export class ApiKeyEntity {
  @AutoIdColumn() id: number;
  @TextColumn('uuid', 40) uuid: string;
  @TextColumn('name') name: string;
  @TextColumn('key_prefix', 16) keyPrefix: string;
  @TextColumn('key_hash', 128) keyHash: string;
  @BigIntColumn('account_id') accountId: number;
  @DateColumn('created_at') createdAt: Date;
  @DateColumn('revoked_at', { nullable: true }) revokedAt: Date | null;
  @DateColumn('last_used_at', { nullable: true }) lastUsedAt: Date | null;
}
