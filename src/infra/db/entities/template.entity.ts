import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, FlagColumn, IdColumn, IntColumn, TextColumn } from './column-types';

/** `vm_template`: soft-deleted rows may still back volumes (R35). */
@Entity({ name: 'vm_template' })
export class TemplateEntity {
  @IdColumn() id: number;
  @TextColumn('unique_name') uniqueName: string;
  @TextColumn('name') name: string;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @FlagColumn('public') isPublic: boolean;
  @FlagColumn('featured') featured: boolean;
  @TextColumn('type', 32, { nullable: true }) type: string | null;
  @IntColumn('hvm') hvm: number;
  @IntColumn('bits') bits: number;
  @TextColumn('url', 1024, { nullable: true }) url: string | null;
  @TextColumn('format', 32) format: string;
  @DateColumn('created') created: Date;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
  @BigIntColumn('account_id') accountId: number;
  @TextColumn('checksum', 255, { nullable: true }) checksum: string | null;
  @TextColumn('display_text', 4096, { nullable: true }) displayText: string | null;
  @BigIntColumn('guest_os_id') guestOsId: number;
  @TextColumn('hypervisor_type', 32, { nullable: true }) hypervisorType: string | null;
  @BigIntColumn('size', { nullable: true }) size: number | null;
  @TextColumn('state', 255, { nullable: true }) state: string | null;
  @FlagColumn('direct_download', { nullable: true, default: 0 }) directDownload: boolean | null;
  /** Host tag a VM of this template needs (migration targets T12). */
  @TextColumn('template_tag', 255, { nullable: true }) templateTag: string | null;
}
