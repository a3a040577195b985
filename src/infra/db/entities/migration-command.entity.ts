import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, DateColumn, IntColumn, TextColumn } from './column-types';
import { LongTextColumn } from './long-text-column';

/** `gateway_migration_command` (gateway-owned): one agent command a job sent, in order. */
@Entity({ name: 'gateway_migration_command' })
export class MigrationCommandEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('job_id') jobId: number;
  @IntColumn('seq') seq: number;
  @BigIntColumn('host_id') hostId: number;
  @TextColumn('name', 64) name: string;
  @LongTextColumn('request_json', false) requestJson: string;
  @LongTextColumn('answer_json') answerJson: string | null;
  @TextColumn('outcome', 16) outcome: string;
  @IntColumn('duration_ms', { default: 0 }) durationMs: number;
  @DateColumn('created_at') createdAt: Date;
}
