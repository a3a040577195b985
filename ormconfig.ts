import 'reflect-metadata';
import { loadConfig } from './src/config/gateway-config';
import { createDataSource } from './src/infra/db/data-source.factory';

/**
 * DataSource for the TypeORM CLI (`npx typeorm-ts-node-commonjs migration:show -d ormconfig.ts`),
 * built by the same factory and configuration (GATEWAY_* variables) as the gateway.
 */
const config = loadConfig();
export default createDataSource({ database: config.database, createSchema: config.createSchema });
