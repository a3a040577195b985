import type { DataSource } from 'typeorm';
import { ApiKeyService, SYNTHETIC_ROOT_ADMIN, viewerOf } from '../../app/auth/api-key-service';
import { createDemoAdminKeyOnFirstStart, demoKeyBanner } from '../../app/auth/demo-admin-key';
import type { GatewayConfig } from '../../config/gateway-config';
import type { JsonLogger } from '../logging/json-logger';
import { createAuthOffAuthenticator, createBearerAuthenticator, type RequestAuthenticator } from './bearer-authenticator';
import { TypeOrmApiKeyStore } from './typeorm-api-key-store';

export interface Authentication {
  authenticate: RequestAuthenticator;
  apiKeys: ApiKeyService;
}

/**
 * Start-up of authentication: with GATEWAY_AUTH=off every request is the database's root admin
 * (or a synthetic one on an empty database); otherwise API keys are required, and on the embedded
 * demo database (SQLite with the demo seed) the first start creates a root admin key and hands
 * its banner to `announce` (stderr) exactly once. The key never goes to the JSON log.
 */
export async function prepareAuthentication(
  config: Pick<GatewayConfig, 'auth' | 'database' | 'seedDemo'>,
  dataSource: DataSource,
  logger: JsonLogger,
  announce: (text: string) => void,
): Promise<Authentication> {
  const apiKeys = new ApiKeyService(new TypeOrmApiKeyStore(dataSource));
  if (config.auth === 'off') {
    const admin = await apiKeys.rootAdmin();
    const viewer = admin ? viewerOf(admin) : SYNTHETIC_ROOT_ADMIN;
    logger.log({ level: 'warn', msg: 'authentication is off (GATEWAY_AUTH=off): every request acts as the root admin', account: viewer.accountUuid });
    return { authenticate: createAuthOffAuthenticator(viewer), apiKeys };
  }
  if (config.database.kind === 'sqlite' && config.seedDemo) {
    const created = await createDemoAdminKeyOnFirstStart(apiKeys);
    if (created) {
      announce(demoKeyBanner(created));
      logger.log({ msg: 'demo root admin API key created and printed once to stderr', apiKey: created.record.uuid, keyPrefix: created.record.keyPrefix });
    }
  }
  return { authenticate: createBearerAuthenticator(apiKeys), apiKeys };
}
