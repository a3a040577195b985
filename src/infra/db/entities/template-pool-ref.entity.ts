import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, DateColumn, FlagColumn, IntColumn, TextColumn } from './column-types';

/** `template_spool_ref`: a template on a primary pool; `install_path` is the linked-clone backing file. */
@Entity({ name: 'template_spool_ref' })
export class TemplatePoolRefEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('pool_id') poolId: number;
  @BigIntColumn('template_id') templateId: number;
  @DateColumn('created') created: Date;
  @DateColumn('last_updated', { nullable: true }) lastUpdated: Date | null;
  @IntColumn('download_pct', { nullable: true }) downloadPct: number | null;
  @TextColumn('download_state', 255, { nullable: true }) downloadState: string | null;
  @TextColumn('local_path', 255, { nullable: true }) localPath: string | null;
  @TextColumn('install_path', 255, { nullable: true }) installPath: string | null;
  @BigIntColumn('template_size') templateSize: number;
  @FlagColumn('marked_for_gc', { default: 0 }) markedForGc: boolean;
  @TextColumn('state', 255, { nullable: true }) state: string | null;
  @BigIntColumn('update_count', { nullable: true }) updateCount: number | null;
  @DateColumn('updated', { nullable: true }) updated: Date | null;
  @TextColumn('deployment_option', 255, { nullable: true }) deploymentOption: string | null;
}
