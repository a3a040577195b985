import type { ApiKeyService, CreatedApiKey } from './api-key-service';

const DEMO_KEY_NAME = 'demo root admin (created at first start)';

/**
 * On the embedded demo database, the first start creates a root admin key so the demo is usable
 * at once. "First start" means no key row at all: once any key was created (even if revoked since),
 * nothing is created again, and the secret is never stored, so it can only be shown this once.
 * Returns null when there is nothing to do or no root admin account to bind the key to.
 */
export async function createDemoAdminKeyOnFirstStart(keys: ApiKeyService): Promise<CreatedApiKey | null> {
  if (!(await keys.hasNoKeys())) return null;
  const admin = await keys.rootAdmin();
  if (!admin?.accountUuid) return null;
  return keys.create({ account: admin.accountUuid, name: DEMO_KEY_NAME });
}

/** The banner printed once (to stderr, never to the JSON log) with the new key. */
export function demoKeyBanner(created: CreatedApiKey): string {
  const line = '='.repeat(78);
  return [
    line,
    ` Demo API key for the root admin account "${created.owner.accountName ?? created.owner.accountUuid}".`,
    ' It is shown only this once (only its hash is stored):',
    '',
    `   ${created.key}`,
    '',
    ' Send it as   Authorization: Bearer <key>   (the explorer at /explorer has a field for it).',
    ' More keys:   npm run apikey -- create --account <account uuid or name>',
    line,
    '',
  ].join('\n');
}
