import 'reflect-metadata';
import { ConfigError, loadConfig } from '../../config/gateway-config';
import { createDataSource } from '../../infra/db/data-source.factory';
import { runMigrationsExclusively } from '../../infra/db/schema-lock';

/**
 * `npm run migration:run` applies pending migrations; `npm run migration:revert` reverts the last one.
 * On a CloudStack database (GATEWAY_CREATE_SCHEMA=false) only the gateway's own tables are touched.
 */
async function main(direction: string | undefined): Promise<void> {
  const config = loadConfig();
  const dataSource = createDataSource({ database: config.database, createSchema: config.createSchema });
  await dataSource.initialize();
  try {
    if (direction === 'down') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } else {
      const applied = await runMigrationsExclusively(dataSource);
      process.stdout.write(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}\n` : 'nothing to apply\n');
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
