import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, DateColumn, IntColumn, TextColumn } from './column-types';
import { LongTextColumn } from './long-text-column';

/** `gateway_migration_job` (gateway-owned): one migrateVmWithStorage request. */
@Entity({ name: 'gateway_migration_job' })
export class MigrationJobEntity {
  @AutoIdColumn() id: number;
  @TextColumn('uuid', 40) uuid: string;
  @BigIntColumn('vm_id') vmId: number;
  /** Set while PENDING/RUNNING, NULL once finished: its unique index serialises migrations per VM. */
  @BigIntColumn('active_vm_id', { nullable: true }) activeVmId: number | null;
  @TextColumn('idempotency_key', 255, { nullable: true }) idempotencyKey: string | null;
  @BigIntColumn('requested_by_account_id', { nullable: true }) requestedByAccountId: number | null;
  @TextColumn('status', 16) status: string;
  @BigIntColumn('source_host_id', { nullable: true }) sourceHostId: number | null;
  @BigIntColumn('destination_host_id') destinationHostId: number;
  @LongTextColumn('request_json', false) requestJson: string;
  @LongTextColumn('plan_json') planJson: string | null;
  @LongTextColumn('checkpoint_json') checkpointJson: string | null;
  @TextColumn('progress_step', 64, { nullable: true }) progressStep: string | null;
  @IntColumn('progress_percent', { default: 0 }) progressPercent: number;
  @TextColumn('error_code', 64, { nullable: true }) errorCode: string | null;
  @LongTextColumn('error_message') errorMessage: string | null;
  @TextColumn('lease_owner', 64, { nullable: true }) leaseOwner: string | null;
  @DateColumn('lease_expires_at', { nullable: true }) leaseExpiresAt: Date | null;
  @DateColumn('created_at') createdAt: Date;
  @DateColumn('started_at', { nullable: true }) startedAt: Date | null;
  @DateColumn('finished_at', { nullable: true }) finishedAt: Date | null;
  @DateColumn('updated_at', { nullable: true }) updatedAt: Date | null;
}
