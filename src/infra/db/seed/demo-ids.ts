import { createHash } from 'node:crypto';

/** Namespace of the demo's name-based uuids (an arbitrary fixed v4 uuid). */
const DEMO_NAMESPACE = 'a4f3c2d1-6b7e-4c59-9e0a-1d2c3b4a5f60';

/**
 * Deterministic RFC 4122 version-5 uuid of a demo object, e.g. `demoUuid('vm', 'web-01')`, so tests
 * and docs can name demo objects by uuid and every seeded database carries the same ones.
 */
export function demoUuid(kind: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(DEMO_NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(`${kind}:${name}`)
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The demo's clock: `demoTime(days, hours)` after the zone was set up (whole seconds, UTC). */
export function demoTime(days: number, hours = 0): Date {
  return new Date(Date.UTC(2025, 2, 3, 8, 0, 0) + (days * 24 + hours) * 3_600_000);
}

export const GiB = 1024 ** 3;
