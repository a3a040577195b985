import { ApiKeyService } from '../../src/app/auth/api-key-service';
import { parseDatabaseUrl } from '../../src/config/gateway-config';
import { TypeOrmApiKeyStore } from '../../src/infra/auth/typeorm-api-key-store';
import { createDataSource } from '../../src/infra/db/data-source.factory';

/**
 * A root-admin API key for the benchmark database, created the way `npm run apikey` does. The
 * gateway runs as deployed (NODE_ENV=production, GATEWAY_AUTH=required), so every benchmark
 * request carries it; the floor ignores it.
 */
export async function createBenchApiKey(databaseUrl: string, account: string): Promise<string> {
  const dataSource = createDataSource({ database: parseDatabaseUrl(databaseUrl), createSchema: false });
  await dataSource.initialize();
  try {
    const created = await new ApiKeyService(new TypeOrmApiKeyStore(dataSource)).create({ account, name: 'benchmark' });
    return created.key;
  } finally {
    await dataSource.destroy();
  }
}
