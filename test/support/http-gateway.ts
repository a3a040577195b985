import { ApiKeyService, SYNTHETIC_ROOT_ADMIN, viewerOf } from '../../src/app/auth/api-key-service';
import type { GatewayServices } from '../../src/app/gateway-services';
import { VIEWER_ROLES, type ViewerRole } from '../../src/app/auth/viewer';
import { cursorSigningKey } from '../../src/app/security/cursor-signing-key';
import { PlanMigrationUseCase } from '../../src/app/migration/plan-migration.use-case';
import type { DatabaseKind } from '../../src/config/gateway-config';
import type { QueryLimits } from '../../src/graphql/limits/query-limits';
import { buildGatewaySchema } from '../../src/graphql/schema';
import { createAuthOffAuthenticator, createBearerAuthenticator } from '../../src/infra/auth/bearer-authenticator';
import { TypeOrmApiKeyStore } from '../../src/infra/auth/typeorm-api-key-store';
import { type DemoInventorySummary, seedDemoInventory } from '../../src/infra/db/seed/demo-inventory';
import { TypeOrmGatewaySecretStore } from '../../src/infra/db/typeorm-gateway-secret-store';
import { TypeOrmInventoryReader } from '../../src/infra/db/typeorm-inventory-reader';
import { TypeOrmMigrationJobStore } from '../../src/infra/db/typeorm-migration-job-store';
import { createTargetServices } from './target-services';
import { MigrationJobWatch } from '../../src/app/watch/migration-job-watch';
import { TypeOrmMigrationReader } from '../../src/infra/db/typeorm-migration-reader';
import { createMetricsHandler } from '../../src/infra/http/metrics-endpoint';
import { createJsonLogger } from '../../src/infra/logging/json-logger';
import { PrometheusGatewayMetrics } from '../../src/infra/metrics/prometheus-gateway-metrics';
import { SqlStatementLogger } from '../../src/infra/metrics/sql-statement-logger';
import { createHttpServer, type GatewayHttpServer } from '../../src/server';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: T;
}

/** The bearer token /metrics asks for on test gateways (GATEWAY_METRICS_TOKEN). */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789abcdef';

export interface HttpTestGatewayOptions {
  /** Load the demo inventory (seedDemoInventory). */
  seedDemo?: boolean;
  auth?: 'required' | 'off';
  limits?: Partial<QueryLimits>;
  maxBodyBytes?: number;
  maxPageSize?: number;
  /** GATEWAY_DEBUG_ERRORS (default false, as deployed). */
  debugErrors?: boolean;
  /** Who may introspect: true (default) for everyone, false for nobody, or the roles. */
  introspection?: boolean | readonly ViewerRole[];
  /** Cursor signing key (default: the one generated and stored in the database, as deployed). */
  cursorSigningKey?: Buffer;
  shutdownTimeoutMs?: number;
  services?: Partial<GatewayServices>;
  /** GATEWAY_CORS_ORIGINS. */
  corsOrigins?: string[];
}

/** A gateway's HTTP server (createHttpServer on port 0) over a throwaway database, as a client sees it. */
export interface HttpTestGateway {
  db: TestDatabase;
  url: string;
  http: GatewayHttpServer;
  demo?: DemoInventorySummary;
  keys: ApiKeyService;
  metrics: PrometheusGatewayMetrics;
  /** GET /metrics with the metrics token: the text exposition. */
  scrape(): Promise<string>;
  /** Every JSON log line the gateway wrote. */
  logs: Record<string, any>[];
  /** A new API key for an account (uuid or name). */
  keyFor(account: string): Promise<string>;
  /** POST /graphql with a JSON body; `key: null` sends no Authorization header. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<HttpResult<T>>;
  request(path: string, init?: RequestInit): Promise<HttpResult>;
  close(): Promise<void>;
}

export async function startHttpTestGateway(kind: DatabaseKind, options: HttpTestGatewayOptions = {}): Promise<HttpTestGateway> {
  const metrics = new PrometheusGatewayMetrics();
  const logs: Record<string, any>[] = [];
  const logger = createJsonLogger('debug', (line) => logs.push(JSON.parse(line)));
  const db = await createTestDatabase(kind, { logger: new SqlStatementLogger(metrics, logger) });
  const demo = options.seedDemo ? await seedDemoInventory(db.dataSource) : undefined;
  const reader = new TypeOrmInventoryReader(db.dataSource);
  const keys = new ApiKeyService(new TypeOrmApiKeyStore(db.dataSource));
  const targets = createTargetServices(db.dataSource, reader);
  const plan = new PlanMigrationUseCase({ inventory: reader, migration: new TypeOrmMigrationReader(db.dataSource) }, targets.destinationCheck);
  const notWired = (name: string) => () => {
    throw new Error(`${name} is not wired in this test gateway`);
  };
  const jobStore = new TypeOrmMigrationJobStore(db.dataSource);
  const services: GatewayServices = {
    planMigration: (request) => plan.execute(request),
    migrateVmWithStorage: notWired('migrateVmWithStorage'),
    migrationJobs: jobStore,
    migrationJobWatch: new MigrationJobWatch(jobStore),
    ...targets.services,
    ...options.services,
  };
  let authenticate = createBearerAuthenticator(keys);
  if (options.auth === 'off') {
    const admin = await keys.rootAdmin();
    authenticate = createAuthOffAuthenticator(admin ? viewerOf(admin) : SYNTHETIC_ROOT_ADMIN);
  }
  const http = await createHttpServer({
    schema: await buildGatewaySchema(),
    context: {
      reader,
      services,
      maxPageSize: options.maxPageSize ?? 100,
      cursorSigningKey: options.cursorSigningKey ?? (await cursorSigningKey(null, new TypeOrmGatewaySecretStore(db.dataSource))),
    },
    logger,
    debugErrors: options.debugErrors ?? false,
    introspection: introspectionRoles(options.introspection ?? true),
    serveMetrics: createMetricsHandler(metrics, TEST_METRICS_TOKEN),
    corsOrigins: options.corsOrigins ?? [],
    checkReady: async () => {
      await db.dataSource.query('SELECT 1');
    },
    authenticate,
    metrics,
    limits: options.limits,
    maxBodyBytes: options.maxBodyBytes,
    shutdownTimeoutMs: options.shutdownTimeoutMs,
  });
  const url = await http.listen(0, '127.0.0.1');

  async function request(path: string, init: RequestInit = {}): Promise<HttpResult> {
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body };
  }

  let closed = false;
  return {
    db,
    url,
    http,
    demo,
    keys,
    metrics,
    logs,
    async keyFor(account) {
      return (await keys.create({ account, name: `test key for ${account}` })).key;
    },
    graphql(query, variables, key) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key) headers.authorization = `Bearer ${key}`;
      return request('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    },
    request,
    async scrape() {
      const result = await request('/metrics', { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
      if (result.status !== 200) throw new Error(`/metrics answered ${result.status}`);
      return result.body as string;
    },
    async close() {
      if (closed) return;
      closed = true;
      await http.close();
      await db.dispose();
    },
  };
}

function introspectionRoles(option: boolean | readonly ViewerRole[]): readonly ViewerRole[] {
  if (option === true) return VIEWER_ROLES;
  return option === false ? [] : option;
}
