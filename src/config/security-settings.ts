import { VIEWER_ROLES as ROLES, type ViewerRole } from '../app/auth/viewer';
import { ConfigError, type Env, parseBoolean, parseChoice, parseInteger, parseSecret } from './env-values';

export type AuthMode = 'required' | 'off';

/** Where Prometheus reads /metrics, and what it must send. */
export interface MetricsExposure {
  /** A listener of its own (GATEWAY_METRICS_HOST:GATEWAY_METRICS_PORT); null: the main port. */
  listener: { host: string; port: number } | null;
  /** `Authorization: Bearer <token>` a scrape must send (GATEWAY_METRICS_TOKEN); null: none. */
  token: string | null;
}

const DEVELOPMENT_ENVIRONMENTS = ['development', 'test'];
/** The cloud's operators: those who see the infrastructure (CloudStack's root and read-only admins). */
const ADMIN_ROLES: readonly ViewerRole[] = ['ROOT_ADMIN', 'READ_ONLY_ADMIN'];
const MIN_TOKEN_LENGTH = 24;
const MIN_CURSOR_SECRET_LENGTH = 32;

/**
 * A process is production-like unless NODE_ENV says, exactly, `development` or `test`: a
 * misspelt or missing NODE_ENV (`Production`, `prod`, unset) must never unlock development
 * conveniences such as GATEWAY_AUTH=off.
 */
export function isProductionLike(env: Env): boolean {
  return !DEVELOPMENT_ENVIRONMENTS.includes(env.NODE_ENV ?? '');
}

/** True for an address only this machine can reach. */
function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * Authentication may be switched off for tests, benchmarks and local development only: with
 * NODE_ENV exactly `development` or `test` AND a loopback listen address, so an open gateway is
 * never reachable from another machine, whatever NODE_ENV says.
 */
export function parseAuthMode(env: Env, host: string): AuthMode {
  const mode = parseChoice(env, 'GATEWAY_AUTH', ['required', 'off'], 'required');
  if (mode === 'required') return mode;
  if (isProductionLike(env)) {
    const given = env.NODE_ENV === undefined ? 'not set' : `"${env.NODE_ENV}"`;
    throw new ConfigError(
      'GATEWAY_AUTH',
      `cannot be "off" unless NODE_ENV is exactly "development" or "test" (NODE_ENV is ${given}; anything else counts as production)`,
    );
  }
  if (!isLoopbackHost(host)) {
    throw new ConfigError(
      'GATEWAY_AUTH',
      `cannot be "off" while the gateway listens on GATEWAY_HOST="${host}": only on a loopback address (127.0.0.1, ::1, localhost)`,
    );
  }
  return mode;
}

/**
 * Which roles may introspect the schema (`__schema`, `__type`): `all` (or `true`), `none` (or
 * `false`), `admins` (root and read-only admins), or a comma-separated list of roles. Default:
 * admins when production-like, everyone in development.
 */
export function parseIntrospectionRoles(env: Env, productionLike: boolean): readonly ViewerRole[] {
  const name = 'GATEWAY_INTROSPECTION';
  const value = (env[name] ?? '').trim();
  if (value === '') return productionLike ? ADMIN_ROLES : ROLES;
  const lower = value.toLowerCase();
  if (lower === 'all' || lower === 'true') return ROLES;
  if (lower === 'none' || lower === 'false') return [];
  if (lower === 'admins') return ADMIN_ROLES;
  const roles = value.split(',').map((role) => role.trim().toUpperCase());
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length || roles.length === 0) {
    throw new ConfigError(name, `must be all, none, admins or a comma-separated list of ${ROLES.join(', ')}, got "${value}"`);
  }
  return ROLES.filter((role) => roles.includes(role));
}

/** GATEWAY_METRICS_PORT (own listener, at GATEWAY_METRICS_HOST) and GATEWAY_METRICS_TOKEN. */
export function parseMetricsExposure(env: Env, mainPort: number): MetricsExposure {
  const token = parseSecret(env, 'GATEWAY_METRICS_TOKEN', MIN_TOKEN_LENGTH);
  const portGiven = (env.GATEWAY_METRICS_PORT ?? '') !== '';
  if (!portGiven) {
    if ((env.GATEWAY_METRICS_HOST ?? '') !== '')
      throw new ConfigError('GATEWAY_METRICS_HOST', 'is only used with GATEWAY_METRICS_PORT (the metrics listener of its own)');
    return { listener: null, token };
  }
  const port = parseInteger(env, 'GATEWAY_METRICS_PORT', 0, 0, 65535);
  if (port !== 0 && port === mainPort)
    throw new ConfigError('GATEWAY_METRICS_PORT', `must differ from GATEWAY_PORT (${mainPort}): metrics get a listener of their own`);
  return { listener: { host: env.GATEWAY_METRICS_HOST || '127.0.0.1', port }, token };
}

/** GATEWAY_CURSOR_SECRET: null means the secret generated once and kept in the database. */
export function parseCursorSecret(env: Env): string | null {
  return parseSecret(env, 'GATEWAY_CURSOR_SECRET', MIN_CURSOR_SECRET_LENGTH);
}

/** GATEWAY_DEBUG_ERRORS: stack traces and internal error messages in answers (never by default). */
export function parseDebugErrors(env: Env): boolean {
  return parseBoolean(env, 'GATEWAY_DEBUG_ERRORS', false);
}
