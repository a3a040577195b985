import type { TargetPolicy } from '../domain/targets';

/**
 * Gateway configuration: read once from the environment, validated, typed. Every setting is a
 * `GATEWAY_*` variable; an unknown `GATEWAY_*` variable or a bad value stops the process with a
 * message that names the variable (a typo must not silently fall back to a default).
 */
import type { ViewerRole } from '../app/auth/viewer';
import { ConfigError, type Env, parseBoolean, parseChoice, parseInteger } from './env-values';
import {
  type AuthMode,
  isProductionLike,
  type MetricsExposure,
  parseAuthMode,
  parseCursorSecret,
  parseDebugErrors,
  parseIntrospectionRoles,
  parseMetricsExposure,
} from './security-settings';

export { ConfigError } from './env-values';

export type DatabaseKind = 'mysql' | 'sqlite';
type AgentTransportKind = 'simulator' | 'http';

export interface DatabaseSettings {
  kind: DatabaseKind;
  /** The URL as given, with any password masked, for logs. */
  displayUrl: string;
  /** mysql: connection fields; sqlite: file path or `:memory:`. */
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  database: string;
}

export interface GatewayConfig {
  database: DatabaseSettings;
  /** Create (migrate) the CloudStack subset schema. Default: true for SQLite, false for MySQL. */
  createSchema: boolean;
  /** Load the demo inventory into an empty gateway-owned database. */
  seedDemo: boolean;
  host: string;
  port: number;
  agentTransport: AgentTransportKind;
  agentUrlTemplate: string;
  agentToken: string | null;
  maxPageSize: number;
  /** Statement time limit on the database side, milliseconds (MySQL/MariaDB). */
  statementTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Production-like unless NODE_ENV is exactly `development` or `test`. */
  production: boolean;
  /** Roles that may introspect the schema (empty: nobody). */
  introspection: readonly ViewerRole[];
  /** Where /metrics is served and the token a scrape sends. */
  metrics: MetricsExposure;
  /** Configured secret cursors are signed with; null: the one generated once and kept in the database. */
  cursorSecret: string | null;
  /** Stack traces and internal error messages in answers (a debugging aid, off by default). */
  debugErrors: boolean;
  corsOrigins: string[];
  /** How long a gateway process holds a job before another may recover it, seconds. */
  jobLeaseSeconds: number;
  /** Identity of this gateway process in job leases. */
  instanceId: string;
  /** `required`: every GraphQL request needs an API key; `off`: every request is the root admin (tests, benchmarks, on loopback). */
  auth: AuthMode;
  /** Largest accepted request body, bytes. */
  maxBodyBytes: number;
  /** Query depth, cost, alias, field and token limits (QUERY_TOO_COMPLEX). */
  queryLimits: {
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxFields: number;
    maxTokens: number;
  };
  /** How long a stopping gateway lets in-flight requests finish before closing their connections, milliseconds. */
  shutdownTimeoutMs: number;
  /** Serve the GraphQL explorer (GraphiQL, from local assets) at /explorer. */
  explorer: boolean;
  /**
   * How often this process reads the fingerprints of the jobs its subscribers watch, to see other
   * replicas' changes, milliseconds; 0: never (one replica). The embedded SQLite mode never polls.
   */
  subscriptionPollMs: number;
  /** The [uncertain] points of the migration-target rules, and whether an unsuitable destination host is refused. */
  migrationTargets: TargetPolicy & { refuseUnsuitableHost: boolean };
}

/** The known settings with their defaults, as documented in the README. */
export const SETTINGS = {
  GATEWAY_DATABASE_URL: 'sqlite:./data/gateway.sqlite',
  GATEWAY_CREATE_SCHEMA: '(true for sqlite, false for mysql)',
  GATEWAY_SEED_DEMO: '(true for sqlite, false for mysql)',
  GATEWAY_HOST: '127.0.0.1',
  GATEWAY_PORT: '4000',
  GATEWAY_AGENT_TRANSPORT: '(simulator for sqlite, http for mysql)',
  GATEWAY_AGENT_URL_TEMPLATE: 'http://{privateIp}:8251/v1',
  GATEWAY_AGENT_TOKEN: '(none)',
  GATEWAY_MAX_PAGE_SIZE: '100',
  GATEWAY_STATEMENT_TIMEOUT_MS: '15000',
  GATEWAY_LOG_LEVEL: 'info',
  GATEWAY_INTROSPECTION: '(admins when production-like, all with NODE_ENV=development or test)',
  GATEWAY_CORS_ORIGINS: '(none)',
  GATEWAY_JOB_LEASE_SECONDS: '30',
  GATEWAY_INSTANCE_ID: '(hostname-pid)',
  GATEWAY_AUTH: 'required',
  GATEWAY_MAX_BODY_BYTES: '1048576',
  GATEWAY_MAX_QUERY_DEPTH: '12',
  GATEWAY_MAX_QUERY_COST: '50000',
  GATEWAY_MAX_QUERY_ALIASES: '30',
  GATEWAY_MAX_QUERY_FIELDS: '500',
  GATEWAY_MAX_QUERY_TOKENS: '2000',
  GATEWAY_SHUTDOWN_TIMEOUT_MS: '10000',
  GATEWAY_EXPLORER: 'true',
  GATEWAY_METRICS_PORT: '(none: /metrics on the main port, with the token only)',
  GATEWAY_METRICS_HOST: '127.0.0.1',
  GATEWAY_METRICS_TOKEN: '(none)',
  GATEWAY_CURSOR_SECRET: '(generated once, kept in the database)',
  GATEWAY_DEBUG_ERRORS: 'false',
  GATEWAY_SUBSCRIPTION_POLL_MS: '(500 for mysql; sqlite: never)',
  GATEWAY_MIGRATION_HOST_SCOPE: 'ZONE',
  GATEWAY_MIGRATION_HOST_TAGS: 'WHOLE_STRING',
  GATEWAY_MIGRATION_REFUSE_UNSUITABLE_HOST: 'true',
} as const;

export function loadConfig(env: Env = process.env, defaultInstanceId = `gw-${process.pid}`): GatewayConfig {
  for (const name of Object.keys(env)) {
    if (name.startsWith('GATEWAY_') && !(name in SETTINGS)) {
      throw new ConfigError(name, `is not a known setting (known: ${Object.keys(SETTINGS).join(', ')})`);
    }
  }
  const database = parseDatabaseUrl(env.GATEWAY_DATABASE_URL ?? SETTINGS.GATEWAY_DATABASE_URL);
  const embedded = database.kind === 'sqlite';
  const production = isProductionLike(env);
  const host = env.GATEWAY_HOST || SETTINGS.GATEWAY_HOST;
  const port = parseInteger(env, 'GATEWAY_PORT', 4000, 0, 65535);
  return {
    database,
    createSchema: parseBoolean(env, 'GATEWAY_CREATE_SCHEMA', embedded),
    seedDemo: parseBoolean(env, 'GATEWAY_SEED_DEMO', embedded),
    host,
    port,
    agentTransport: parseChoice(env, 'GATEWAY_AGENT_TRANSPORT', ['simulator', 'http'], embedded ? 'simulator' : 'http'),
    agentUrlTemplate: parseUrlTemplate(env.GATEWAY_AGENT_URL_TEMPLATE ?? SETTINGS.GATEWAY_AGENT_URL_TEMPLATE),
    agentToken: env.GATEWAY_AGENT_TOKEN || null,
    maxPageSize: parseInteger(env, 'GATEWAY_MAX_PAGE_SIZE', 100, 1, 1000),
    statementTimeoutMs: parseInteger(env, 'GATEWAY_STATEMENT_TIMEOUT_MS', 15000, 0, 3_600_000),
    logLevel: parseChoice(env, 'GATEWAY_LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    production,
    introspection: parseIntrospectionRoles(env, production),
    metrics: parseMetricsExposure(env, port),
    cursorSecret: parseCursorSecret(env),
    debugErrors: parseDebugErrors(env),
    corsOrigins: (env.GATEWAY_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    jobLeaseSeconds: parseInteger(env, 'GATEWAY_JOB_LEASE_SECONDS', 30, 2, 3600),
    instanceId: env.GATEWAY_INSTANCE_ID || defaultInstanceId,
    auth: parseAuthMode(env, host),
    maxBodyBytes: parseInteger(env, 'GATEWAY_MAX_BODY_BYTES', 1_048_576, 1024, 64 * 1024 * 1024),
    queryLimits: {
      maxDepth: parseInteger(env, 'GATEWAY_MAX_QUERY_DEPTH', 12, 1, 100),
      maxCost: parseInteger(env, 'GATEWAY_MAX_QUERY_COST', 50_000, 1, 10_000_000),
      maxAliases: parseInteger(env, 'GATEWAY_MAX_QUERY_ALIASES', 30, 0, 10_000),
      maxFields: parseInteger(env, 'GATEWAY_MAX_QUERY_FIELDS', 500, 1, 1_000_000),
      maxTokens: parseInteger(env, 'GATEWAY_MAX_QUERY_TOKENS', 2_000, 100, 1_000_000),
    },
    shutdownTimeoutMs: parseInteger(env, 'GATEWAY_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    explorer: parseBoolean(env, 'GATEWAY_EXPLORER', true),
    subscriptionPollMs: embedded ? 0 : parseInteger(env, 'GATEWAY_SUBSCRIPTION_POLL_MS', 500, 0, 60_000),
    migrationTargets: {
      hostScope: parseChoice(env, 'GATEWAY_MIGRATION_HOST_SCOPE', ['ZONE', 'SOURCE_CLUSTER'], 'ZONE'),
      hostTagMatch: parseChoice(env, 'GATEWAY_MIGRATION_HOST_TAGS', ['WHOLE_STRING', 'ALL_OF_LIST'], 'WHOLE_STRING'),
      refuseUnsuitableHost: parseBoolean(env, 'GATEWAY_MIGRATION_REFUSE_UNSUITABLE_HOST', true),
    },
  };
}

/** `mysql://user:pass@host:3306/cloud`, `mariadb://...`, `sqlite:./file.sqlite` or `sqlite::memory:`. */
export function parseDatabaseUrl(raw: string): DatabaseSettings {
  const variable = 'GATEWAY_DATABASE_URL';
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new ConfigError(variable, `has no file path (use sqlite:./data/gateway.sqlite or sqlite::memory:)`);
    return { kind: 'sqlite', displayUrl: raw, database: file };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, `is not a URL: "${raw}" (expected mysql://user:password@host:3306/cloud or sqlite:path)`);
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new ConfigError(variable, `has unsupported scheme "${url.protocol}" (use mysql:, mariadb: or sqlite:)`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new ConfigError(variable, 'names no database (e.g. mysql://root@127.0.0.1:3306/cloud)');
  const masked = new URL(raw);
  if (masked.password) masked.password = '***';
  return {
    kind: 'mysql',
    displayUrl: masked.toString(),
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
  };
}

function parseUrlTemplate(template: string): string {
  const probe = template.replace(/\{(hostId|hostUuid|privateIp|hostName)\}/g, 'x');
  if (/\{[^}]*\}/.test(probe)) {
    throw new ConfigError('GATEWAY_AGENT_URL_TEMPLATE', `has an unknown placeholder (known: {hostId}, {hostUuid}, {privateIp}, {hostName}): "${template}"`);
  }
  try {
    new URL(probe);
  } catch {
    throw new ConfigError('GATEWAY_AGENT_URL_TEMPLATE', `is not a URL template: "${template}"`);
  }
  return template;
}
