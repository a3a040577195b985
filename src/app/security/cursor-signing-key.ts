import { createHmac, randomBytes } from 'node:crypto';
import type { GatewaySecretStore } from '../ports/gateway-secret-store';

const STORED_SECRET_NAME = 'cursor-signing';
/** Domain separation: the key signs cursors only, whatever else the secret may one day be used for. */
const KEY_LABEL = 'cloudstack-graphql-gateway/connection-cursor/v2';

/**
 * The key connection cursors are signed with (HMAC-SHA256). It must be the same on every replica
 * serving one client (a client pages through replicas behind a load balancer), so it is never a
 * per-process random value: it is derived from GATEWAY_CURSOR_SECRET when the operator sets one,
 * otherwise from a secret generated on the first start and kept in `gateway_secret`, which every
 * replica shares because they share the database. Changing either invalidates open cursors only
 * (clients start again from the first page).
 */
export async function cursorSigningKey(configuredSecret: string | null, store: GatewaySecretStore): Promise<Buffer> {
  const secret = configuredSecret ?? (await store.getOrCreate(STORED_SECRET_NAME, () => randomBytes(32).toString('base64url')));
  return deriveCursorSigningKey(secret);
}

/** The signing key of a secret (HMAC-SHA256 of a fixed label): 32 bytes whatever the secret's length. */
export function deriveCursorSigningKey(secret: string): Buffer {
  return createHmac('sha256', secret).update(KEY_LABEL).digest();
}
