import { Entity, PrimaryColumn } from 'typeorm';
import { DateColumn, TextColumn } from './column-types';

/** `gateway_secret` (gateway-owned): secrets generated once per database, by name. */
@Entity({ name: 'gateway_secret' })
export class GatewaySecretEntity {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 64 }) name: string;
  @TextColumn('value') value: string;
  @DateColumn('created_at') createdAt: Date;
}
