import type { DataSource } from 'typeorm';
import type { GatewayServices } from './app/gateway-services';
import type { GatewayConfig } from './config/gateway-config';
import { buildGatewaySchema } from './graphql/schema';
import { createDataSource } from './infra/db/data-source.factory';
import { isDatabaseEmpty, seedDemoInventory } from './infra/db/seed/demo-inventory';
import { TypeOrmInventoryReader } from './infra/db/typeorm-inventory-reader';
import type { JsonLogger } from './infra/logging/json-logger';
import { createHttpServer, type GatewayHttpServer } from './server';

export interface RunningGateway {
  url: string;
  dataSource: DataSource;
  http: GatewayHttpServer;
  stop(): Promise<void>;
}

/** Raised when the database cannot be reached or migrated: the message names the database. */
export class StartupError extends Error {}

/**
 * Composition root: database, migrations, demo seed, use cases, GraphQL, HTTP. Used by main.ts
 * and by tests that start a whole gateway in-process.
 */
export async function startGateway(config: GatewayConfig, logger: JsonLogger): Promise<RunningGateway> {
  const dataSource = createDataSource({ database: config.database, createSchema: config.createSchema });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(`Cannot connect to the database ${config.database.displayUrl}: ${describe(error)}`);
  }
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.log({ msg: 'migrations applied', migrations: applied.map((m) => m.name) });
    if (config.seedDemo && (await isDatabaseEmpty(dataSource))) {
      const summary = await seedDemoInventory(dataSource);
      logger.log({ msg: 'demo inventory loaded', summary });
    }
  } catch (error) {
    await dataSource.destroy();
    throw new StartupError(`Cannot prepare the database ${config.database.displayUrl}: ${describe(error)}`);
  }

  const reader = new TypeOrmInventoryReader(dataSource);
  const services: GatewayServices = {};
  const http = await createHttpServer({
    schema: await buildGatewaySchema(),
    context: { reader, services, maxPageSize: config.maxPageSize },
    logger,
    production: config.production,
    introspection: config.introspection,
    corsOrigins: config.corsOrigins,
    checkReady: async () => {
      await dataSource.query('SELECT 1');
    },
  });
  const url = await http.listen(config.port, config.host);
  return {
    url,
    dataSource,
    http,
    async stop() {
      await http.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return describe(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
