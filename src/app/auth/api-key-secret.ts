import { createHash, randomBytes } from 'node:crypto';

/** Keys read `csk_<43 base64url characters>`: 32 random bytes, recognisable in leaked-secret scans. */
const KEY_PREFIX = 'csk_';
const KEY_PATTERN = /^csk_[A-Za-z0-9_-]{43}$/;
/** Characters of the key kept in clear (`key_prefix`): enough to tell keys apart, far too few to guess the rest. */
const VISIBLE_PREFIX_LENGTH = 12;

export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 (hex) of the key: the key has 256 bits of entropy, so a fast unsalted hash is enough. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, VISIBLE_PREFIX_LENGTH);
}

/** Cheap shape check before any database lookup. */
export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}
