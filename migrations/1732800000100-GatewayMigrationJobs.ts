import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { bigint, createPortableTable, datetime, int, pk, str, text } from './support/column-builders';

/**
 * Gateway-owned job tables (never CloudStack's): one row per migrateVmWithStorage request and
 * its ordered agent command log. `active_vm_id` is set while a job is PENDING or RUNNING and
 * cleared when it ends; its UNIQUE index is what keeps one migration per VM across any number
 * of gateway replicas on one database (both MySQL and SQLite allow many NULLs).
 */
export class GatewayMigrationJobs1732800000100 implements MigrationInterface {
  name = 'GatewayMigrationJobs1732800000100';

  async up(q: QueryRunner): Promise<void> {
    await createPortableTable(
      q,
      new Table({
        name: 'gateway_migration_job',
        columns: [
          pk(),
          { ...str('uuid', 40, false), isUnique: true },
          bigint('vm_id'),
          bigint('active_vm_id', true),
          str('idempotency_key', 255),
          bigint('requested_by_account_id', true),
          str('status', 16, false),
          bigint('source_host_id', true),
          bigint('destination_host_id'),
          text('request_json', false),
          text('plan_json'),
          text('checkpoint_json'),
          str('progress_step', 64),
          int('progress_percent', false, 0),
          str('error_code', 64),
          text('error_message'),
          str('lease_owner', 64),
          datetime('lease_expires_at'),
          datetime('created_at', false),
          datetime('started_at'),
          datetime('finished_at'),
          datetime('updated_at'),
        ],
      }),
    );
    await q.createIndex(
      'gateway_migration_job',
      new TableIndex({ name: 'uq_gateway_migration_job__active_vm', columnNames: ['active_vm_id'], isUnique: true }),
    );
    await q.createIndex(
      'gateway_migration_job',
      new TableIndex({ name: 'uq_gateway_migration_job__idempotency', columnNames: ['idempotency_key'], isUnique: true }),
    );
    await q.createIndex('gateway_migration_job', new TableIndex({ name: 'i_gateway_migration_job__status', columnNames: ['status', 'lease_expires_at'] }));
    await q.createIndex('gateway_migration_job', new TableIndex({ name: 'i_gateway_migration_job__vm', columnNames: ['vm_id'] }));

    await createPortableTable(
      q,
      new Table({
        name: 'gateway_migration_command',
        columns: [
          pk(),
          bigint('job_id'),
          int('seq'),
          bigint('host_id'),
          str('name', 64, false),
          text('request_json', false),
          text('answer_json'),
          str('outcome', 16, false),
          int('duration_ms', false, 0),
          datetime('created_at', false),
        ],
      }),
    );
    await q.createIndex(
      'gateway_migration_command',
      new TableIndex({ name: 'uq_gateway_migration_command__job_seq', columnNames: ['job_id', 'seq'], isUnique: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('gateway_migration_command', true);
    await q.dropTable('gateway_migration_job', true);
  }
}
