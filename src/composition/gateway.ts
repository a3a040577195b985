import type { DataSource } from 'typeorm';
import type { GatewayServices } from '../app/gateway-services';
import { MigrateVmWithStorageUseCase } from '../app/migration/migrate-vm-with-storage.use-case';
import { MigrationExecutor } from '../app/migration/migration-executor';
import { MigrationRunner } from '../app/migration/migration-runner';
import { PlanMigrationUseCase } from '../app/migration/plan-migration.use-case';
import { DestinationHostCheck } from '../app/targets/destination-host-check';
import { MigrationTargetsUseCase } from '../app/targets/migration-targets.use-case';
import type { AgentDispatcher } from '../app/ports/agent-dispatcher';
import { cursorSigningKey } from '../app/security/cursor-signing-key';
import { HttpAgentDispatcher } from '../infra/agent/http-agent-dispatcher';
import { KvmFleetSimulator } from '../infra/agent/kvm-fleet-simulator';
import { readFleetInventory } from '../infra/db/read-fleet-inventory';
import { TypeOrmMigrationBookkeeping } from '../infra/db/typeorm-migration-bookkeeping';
import { TypeOrmMigrationJobStore } from '../infra/db/typeorm-migration-job-store';
import { TypeOrmMigrationJournal } from '../infra/db/typeorm-migration-journal';
import { TypeOrmMigrationReader } from '../infra/db/typeorm-migration-reader';
import { TypeOrmMigrationTargetsReader } from '../infra/db/targets/typeorm-migration-targets-reader';
import type { GatewayConfig } from '../config/gateway-config';
import { buildGatewaySchema } from '../graphql/schema';
import { createDataSource } from '../infra/db/data-source.factory';
import { isDatabaseEmpty, seedDemoInventory } from '../infra/db/seed/demo-inventory';
import { TypeOrmGatewaySecretStore } from '../infra/db/typeorm-gateway-secret-store';
import { TypeOrmInventoryReader } from '../infra/db/typeorm-inventory-reader';
import { createMetricsHandler, type MetricsListener, startMetricsListener } from '../infra/http/metrics-endpoint';
import type { JsonLogger } from '../infra/logging/json-logger';
import { prepareAuthentication } from '../infra/auth/authentication-setup';
import { withSchemaLock } from '../infra/db/schema-lock';
import { applyStatementTimeLimit } from '../infra/db/statement-time-limit';
import { type ShutdownHook, ShutdownHooks } from '../infra/lifecycle/shutdown-hooks';
import { PrometheusGatewayMetrics } from '../infra/metrics/prometheus-gateway-metrics';
import { SqlStatementLogger } from '../infra/metrics/sql-statement-logger';
import { createHttpServer, type GatewayHttpServer } from '../server';
import { JobChangePoller } from '../app/watch/job-change-poller';
import { bookkeepingWithChangeNotices, jobStoreWithChangeNotices, journalWithChangeNotices } from '../app/watch/job-change-notices';
import { MigrationJobWatch } from '../app/watch/migration-job-watch';
import { TypeOrmJobFingerprintReader } from '../infra/db/typeorm-job-fingerprint-reader';

export interface RunningGateway {
  url: string;
  dataSource: DataSource;
  http: GatewayHttpServer;
  /** Where Prometheus scrapes: the metrics listener's URL, the main port's /metrics (token), or null when metrics are not served. */
  metricsUrl: string | null;
  agents: AgentDispatcher;
  runner: MigrationRunner;
  /** Prometheus metrics (also the GatewayMetrics port: jobFinished, agentCommand). */
  metrics: PrometheusGatewayMetrics;
  /** Work to finish on stop, after HTTP has drained and before the database closes (last added runs first). */
  onShutdown(name: string, hook: ShutdownHook): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where the demo's first-start API key banner goes (default: stderr). */
  announce?: (text: string) => void;
}

/** Raised when the database cannot be reached or migrated: the message names the database. */
export class StartupError extends Error {}

/**
 * Composition root: database, migrations, demo seed, use cases, GraphQL, HTTP. Used by main.ts
 * and by tests that start a whole gateway in-process.
 */
export async function startGateway(config: GatewayConfig, logger: JsonLogger, options: StartOptions = {}): Promise<RunningGateway> {
  const metrics = new PrometheusGatewayMetrics();
  const shutdown = new ShutdownHooks();
  const dataSource = createDataSource({ database: config.database, createSchema: config.createSchema, logger: new SqlStatementLogger(metrics, logger) });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(`Cannot connect to the database ${config.database.displayUrl}: ${describe(error)}`);
  }
  try {
    // Under the schema lock: replicas starting together on a new database all come up.
    await withSchemaLock(dataSource, async () => {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length) logger.log({ msg: 'migrations applied', migrations: applied.map((m) => m.name) });
      if (config.seedDemo && (await isDatabaseEmpty(dataSource))) {
        const summary = await seedDemoInventory(dataSource);
        logger.log({ msg: 'demo inventory loaded', summary });
      }
    });
  } catch (error) {
    await dataSource.destroy();
    throw new StartupError(`Cannot prepare the database ${config.database.displayUrl}: ${describe(error)}`);
  }
  // After migrations, which may legitimately run longer than one query should.
  const statementLimit = await applyStatementTimeLimit(dataSource, config.statementTimeoutMs, (error) =>
    logger.log({ level: 'warn', msg: 'cannot set the statement time limit', error: error.message }),
  );
  logger.log({ msg: 'statement time limit', ...statementLimit });
  const { authenticate } = await prepareAuthentication(config, dataSource, logger, options.announce ?? ((text) => process.stderr.write(text)));

  const reader = new TypeOrmInventoryReader(dataSource);
  const agents = await createAgentDispatcher(config, dataSource);
  const jobStore = new TypeOrmMigrationJobStore(dataSource);
  const watchError = (error: unknown) => logger.log({ level: 'error', msg: 'job watch failed', error: error instanceof Error ? error.stack : String(error) });
  const watch = new MigrationJobWatch(jobStore, watchError);
  // Subscribers of a job this process runs hear of each write as it is made (the only source with
  // SQLite); other replicas' writes come through the poller's one statement per tick.
  const changed = (jobId: number) => (watch.watches(jobId) ? watch.changed([jobId]) : Promise.resolve());
  const jobs = jobStoreWithChangeNotices(jobStore, changed);
  const poller = config.subscriptionPollMs > 0 ? new JobChangePoller(new TypeOrmJobFingerprintReader(dataSource), watch, watchError) : null;
  poller?.start(config.subscriptionPollMs);
  const readers = { inventory: reader, migration: new TypeOrmMigrationReader(dataSource) };
  const observer = {
    log: (entry: Parameters<JsonLogger['log']>[0]) => logger.log(entry),
    jobFinished: (status: string) => metrics.jobFinished(status),
    agentCommand: (name: string, outcome: string, durationMs: number) => metrics.agentCommand(name, outcome, durationMs),
  };
  const journal = journalWithChangeNotices(new TypeOrmMigrationJournal(dataSource), changed);
  const bookkeeping = bookkeepingWithChangeNotices(new TypeOrmMigrationBookkeeping(dataSource), changed);
  const executor = new MigrationExecutor({ leases: jobs, journal, bookkeeping, readers, agents, observer });
  const runner = new MigrationRunner(executor, jobs, { owner: config.instanceId, leaseSeconds: config.jobLeaseSeconds, observer });
  const targetsReader = new TypeOrmMigrationTargetsReader(dataSource, reader, readers.migration);
  const { refuseUnsuitableHost, ...targetPolicy } = config.migrationTargets;
  const destinationCheck = new DestinationHostCheck(targetsReader, { policy: targetPolicy, refuseUnsuitable: refuseUnsuitableHost });
  const migrate = new MigrateVmWithStorageUseCase(readers, jobs, runner, config.instanceId, destinationCheck);
  const plan = new PlanMigrationUseCase(readers, destinationCheck);
  const targets = new MigrationTargetsUseCase(targetsReader, targetPolicy);
  const services: GatewayServices = {
    planMigration: (request) => plan.execute(request),
    migrateVmWithStorage: (request, requester) => migrate.execute(request, requester),
    migrationJobs: jobStore,
    migrationJobWatch: watch,
    migrationTargets: (vmUuid, hostUuids) => targets.forVm(vmUuid, hostUuids),
    storagePoolsForMigration: (volumeUuid) => targets.forVolume(volumeUuid),
  };
  // Jobs left by a process that died (here or on another replica) are finished or rolled back.
  runner.startReconciler();
  // The same on every replica: GATEWAY_CURSOR_SECRET, or the secret the first start stored.
  const signingKey = await cursorSigningKey(config.cursorSecret, new TypeOrmGatewaySecretStore(dataSource));
  const metricsHandler = config.metrics.listener || config.metrics.token ? createMetricsHandler(metrics, config.metrics.token) : null;
  const http = await createHttpServer({
    schema: await buildGatewaySchema(),
    context: { reader, services, maxPageSize: config.maxPageSize, cursorSigningKey: signingKey },
    logger,
    introspection: config.introspection,
    debugErrors: config.debugErrors,
    corsOrigins: config.corsOrigins,
    checkReady: async () => {
      await dataSource.query('SELECT 1');
    },
    authenticate,
    metrics,
    // /metrics on the main port only behind the token; with a listener of its own, only there.
    serveMetrics: metricsHandler && !config.metrics.listener ? metricsHandler : undefined,
    limits: config.queryLimits,
    maxBodyBytes: config.maxBodyBytes,
    explorer: config.explorer,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
  });
  const url = await http.listen(config.port, config.host);
  let metricsListener: MetricsListener | null = null;
  if (metricsHandler && config.metrics.listener) {
    metricsListener = await startMetricsListener(metricsHandler, config.metrics.listener.host, config.metrics.listener.port);
  }
  return {
    url,
    dataSource,
    http,
    metricsUrl: metricsListener?.url ?? (metricsHandler ? `${url}/metrics` : null),
    agents,
    runner,
    metrics,
    onShutdown: (name, hook) => shutdown.add(name, hook),
    async stop() {
      // Stop taking requests, let running migrations end, then close the database.
      poller?.stop();
      await http.close();
      watch.close();
      await metricsListener?.close();
      await runner.drain();
      await shutdown.run(logger);
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/** The simulator (demo fleet seeded from the database) or the HTTP transport to real agents. */
async function createAgentDispatcher(config: GatewayConfig, dataSource: DataSource): Promise<AgentDispatcher> {
  if (config.agentTransport === 'http') {
    return new HttpAgentDispatcher({ urlTemplate: config.agentUrlTemplate, token: config.agentToken ?? undefined });
  }
  const simulator = new KvmFleetSimulator();
  simulator.loadInventory(await readFleetInventory(dataSource));
  return simulator;
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return describe(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
