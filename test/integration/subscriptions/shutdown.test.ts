import 'reflect-metadata';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '../../../src/app/auth/api-key-service';
import { loadConfig } from '../../../src/config/gateway-config';
import { startGateway } from '../../../src/composition/gateway';
import { TypeOrmApiKeyStore } from '../../../src/infra/auth/typeorm-api-key-store';
import { createJsonLogger } from '../../../src/infra/logging/json-logger';
import { connectSubscriptions } from '../../support/subscription-client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

describe('a stopping gateway and its subscriptions', () => {
  let db: TestDatabase | undefined;
  afterAll(async () => db?.dispose());

  it('closes every socket with 1001 (going away) and counts no open subscription after the stop', async () => {
    db = await createTestDatabase('sqlite', { migrate: false });
    const config = loadConfig({ GATEWAY_DATABASE_URL: db.url, GATEWAY_PORT: '0', GATEWAY_LOG_LEVEL: 'error' });
    const gateway = await startGateway(
      config,
      createJsonLogger('error', () => {}),
      { announce: () => {} },
    );
    const key = (await new ApiKeyService(new TypeOrmApiKeyStore(gateway.dataSource)).create({ account: 'admin' })).key;
    const active = () => Number(/^gateway_graphql_subscriptions_active (\d+)$/m.exec(gateway.metrics.render())?.[1]);
    const clients = [connectSubscriptions(gateway.url, key), connectSubscriptions(gateway.url, key)];
    const subscriptions = clients.map((c) => c.subscribe('subscription { migrationJobsUpdated { id status } }'));
    await expect.poll(active).toBe(2);

    await gateway.stop();
    for (const client of clients) expect((await client.closed).code).toBe(1001);
    for (const subscription of subscriptions) await expect(subscription.ended).rejects.toBeDefined();
    expect(active()).toBe(0);
  });
});
