import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, DateColumn, FlagColumn, IntColumn, TextColumn } from './column-types';

/** `template_store_ref`: a template on an image store (no `removed`; deleted = destroyed). */
@Entity({ name: 'template_store_ref' })
export class TemplateStoreRefEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('store_id', { nullable: true }) storeId: number | null;
  @BigIntColumn('template_id') templateId: number;
  @DateColumn('created') created: Date;
  @IntColumn('download_pct', { nullable: true }) downloadPct: number | null;
  @BigIntColumn('size', { nullable: true }) size: number | null;
  @TextColumn('store_role', 255, { nullable: true }) storeRole: string | null;
  @BigIntColumn('physical_size', { nullable: true, default: 0 }) physicalSize: number | null;
  @TextColumn('download_state', 255, { nullable: true }) downloadState: string | null;
  @TextColumn('local_path', 255, { nullable: true }) localPath: string | null;
  @TextColumn('install_path', 255, { nullable: true }) installPath: string | null;
  @TextColumn('state', 255) state: string;
  @FlagColumn('destroyed', { nullable: true }) destroyed: boolean | null;
  @BigIntColumn('update_count', { nullable: true }) updateCount: number | null;
}
