import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { bigint, createPortableTable, datetime, pk } from './support/column-builders';

/**
 * Gateway-owned: which job holds a (destination pool, template) pair while it stages the template
 * there (R14/R15) or writes its R21 reference. The UNIQUE index on the pair is the lock, shared by
 * every gateway replica on the database, so exactly one `template_spool_ref` row per pair comes out
 * of concurrent migrations and the template is staged once (CloudStack serialises on the reference
 * row with VMTemplatePoolDao.acquireInLockTable; a row that does not exist yet cannot be locked).
 */
export class GatewayTemplateLocks1732800000300 implements MigrationInterface {
  name = 'GatewayTemplateLocks1732800000300';

  async up(q: QueryRunner): Promise<void> {
    await createPortableTable(
      q,
      new Table({
        name: 'gateway_template_lock',
        columns: [pk(), bigint('pool_id'), bigint('template_id'), bigint('job_id'), datetime('acquired_at', false)],
      }),
    );
    await q.createIndex(
      'gateway_template_lock',
      new TableIndex({ name: 'uq_gateway_template_lock__pool_template', columnNames: ['pool_id', 'template_id'], isUnique: true }),
    );
    await q.createIndex('gateway_template_lock', new TableIndex({ name: 'i_gateway_template_lock__job', columnNames: ['job_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('gateway_template_lock', true);
  }
}
