import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { createPortableTable, datetime, str } from './support/column-builders';

/**
 * Gateway-owned secrets generated once and shared by every replica on the database (the key
 * connection cursors are signed with, unless GATEWAY_CURSOR_SECRET is set).
 */
export class GatewaySecrets1732800000400 implements MigrationInterface {
  name = 'GatewaySecrets1732800000400';

  async up(q: QueryRunner): Promise<void> {
    await createPortableTable(
      q,
      new Table({
        name: 'gateway_secret',
        columns: [{ ...str('name', 64, false), isPrimary: true }, str('value', 255, false), datetime('created_at', false)],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('gateway_secret', true);
  }
}
