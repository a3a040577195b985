import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { bigint, createPortableTable, datetime, pk, str } from './support/column-builders';

/** Gateway-owned API keys bound to CloudStack accounts; only a hash of each key is stored. */
export class GatewayApiKeys1732800000200 implements MigrationInterface {
  name = 'GatewayApiKeys1732800000200';

  async up(q: QueryRunner): Promise<void> {
    await createPortableTable(
      q,
      new Table({
        name: 'gateway_api_key',
        columns: [
          pk(),
          { ...str('uuid', 40, false), isUnique: true },
          str('name', 255, false),
          str('key_prefix', 16, false),
          str('key_hash', 128, false),
          bigint('account_id'),
          datetime('created_at', false),
          datetime('revoked_at'),
          datetime('last_used_at'),
        ],
      }),
    );
    await q.createIndex('gateway_api_key', new TableIndex({ name: 'uq_gateway_api_key__hash', columnNames: ['key_hash'], isUnique: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('gateway_api_key', true);
  }
}
