import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, FlagColumn, IdColumn, TextColumn } from './column-types';
import { LongTextColumn } from './long-text-column';

/** `volumes`: ids from `sequence.volume_seq`; `uuid` is NULL on a migrated-away source row. */
@Entity({ name: 'volumes' })
export class VolumeEntity {
  @IdColumn() id: number;
  @BigIntColumn('account_id') accountId: number;
  @BigIntColumn('domain_id') domainId: number;
  @BigIntColumn('pool_id', { nullable: true }) poolId: number | null;
  @BigIntColumn('last_pool_id', { nullable: true }) lastPoolId: number | null;
  @BigIntColumn('instance_id', { nullable: true }) instanceId: number | null;
  @BigIntColumn('device_id', { nullable: true }) deviceId: number | null;
  @TextColumn('name', 255, { nullable: true }) name: string | null;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @BigIntColumn('size') size: number;
  @TextColumn('folder', 255, { nullable: true }) folder: string | null;
  @TextColumn('path', 255, { nullable: true }) path: string | null;
  @BigIntColumn('pod_id', { nullable: true }) podId: number | null;
  @BigIntColumn('data_center_id') zoneId: number;
  @TextColumn('iscsi_name', 255, { nullable: true }) iscsiName: string | null;
  @TextColumn('volume_type', 64) volumeType: string;
  @TextColumn('pool_type', 64, { nullable: true }) poolType: string | null;
  @BigIntColumn('disk_offering_id') diskOfferingId: number;
  @BigIntColumn('template_id', { nullable: true }) templateId: number | null;
  @FlagColumn('recreatable', { default: 0 }) recreatable: boolean;
  @DateColumn('created', { nullable: true }) created: Date | null;
  @DateColumn('attached', { nullable: true }) attached: Date | null;
  @DateColumn('updated', { nullable: true }) updated: Date | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
  @TextColumn('state', 32, { nullable: true }) state: string | null;
  @LongTextColumn('chain_info') chainInfo: string | null;
  @BigIntColumn('update_count', { default: 0 }) updateCount: number;
  @FlagColumn('display_volume', { default: 1 }) displayVolume: boolean;
  @TextColumn('format', 255, { nullable: true }) format: string | null;
  @BigIntColumn('min_iops', { nullable: true }) minIops: number | null;
  @BigIntColumn('max_iops', { nullable: true }) maxIops: number | null;
  @TextColumn('provisioning_type', 32, { default: 'thin' }) provisioningType: string;
  @BigIntColumn('passphrase_id', { nullable: true }) passphraseId: number | null;
  @TextColumn('encrypt_format', 64, { nullable: true }) encryptFormat: string | null;
  @BigIntColumn('last_id', { nullable: true }) lastId: number | null;
}
