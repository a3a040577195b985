import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, FlagColumn, IdColumn, TextColumn } from './column-types';

/** `image_store`: secondary storage. */
@Entity({ name: 'image_store' })
export class ImageStoreEntity {
  @IdColumn() id: number;
  @TextColumn('name') name: string;
  @TextColumn('image_provider_name') providerName: string;
  @TextColumn('protocol') protocol: string;
  @TextColumn('url', 2048, { nullable: true }) url: string | null;
  @BigIntColumn('data_center_id', { nullable: true }) zoneId: number | null;
  @TextColumn('scope', 255, { nullable: true }) scope: string | null;
  @TextColumn('role', 255, { nullable: true }) role: string | null;
  @TextColumn('uuid', 255, { nullable: true }) uuid: string | null;
  @FlagColumn('readonly', { nullable: true, default: 0 }) readonly: boolean | null;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
