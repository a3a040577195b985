import 'reflect-metadata';
import { ConfigError, loadConfig } from '../../config/gateway-config';
import { createDataSource } from '../../infra/db/data-source.factory';
import { withSchemaLock } from '../../infra/db/schema-lock';
import { isDatabaseEmpty, seedDemoInventory } from '../../infra/db/seed/demo-inventory';

/**
 * `npm run seed`: migrates the configured database and loads the demo inventory into it.
 * Refuses a database that already has a zone, so it never mixes demo rows into a real CloudStack.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = createDataSource({ database: config.database, createSchema: config.createSchema });
  await dataSource.initialize();
  try {
    await withSchemaLock(dataSource, async () => {
      await dataSource.runMigrations({ transaction: 'each' });
      if (!(await isDatabaseEmpty(dataSource))) {
        process.stderr.write(`${config.database.displayUrl} already holds a zone: not seeding.\n`);
        process.exitCode = 1;
        return;
      }
      const summary = await seedDemoInventory(dataSource);
      process.stdout.write(`${JSON.stringify({ msg: 'demo inventory loaded', counts: summary.counts })}\n`);
    });
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
