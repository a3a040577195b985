import { randomBytes } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import type { DatabaseKind } from '../../src/config/gateway-config';
import type { GatewayServices } from '../../src/app/gateway-services';
import type { MigrationJobQueries } from '../../src/app/ports/migration-job-queries';
import { PlanMigrationUseCase } from '../../src/app/migration/plan-migration.use-case';
import { createGatewayContext, type GatewayContext, type Viewer } from '../../src/graphql/context';
import { createFormatError } from '../../src/graphql/errors/format-error';
import { buildGatewaySchema } from '../../src/graphql/schema';
import { QueryCountingLogger } from '../../src/infra/db/query-counting-logger';
import { type DemoInventorySummary, seedDemoInventory } from '../../src/infra/db/seed/demo-inventory';
import { TypeOrmInventoryReader } from '../../src/infra/db/typeorm-inventory-reader';
import { TypeOrmMigrationReader } from '../../src/infra/db/typeorm-migration-reader';
import { createCloudStackDdlDatabase } from './cloudstack-ddl';
import { createTargetServices, type TargetServicesOptions } from './target-services';
import { createTestDatabase, type TestDatabase } from './test-database';

interface GraphQLResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[];
}

/** A gateway's GraphQL layer over a throwaway database, executed in-process, counting SQL statements. */
export interface TestGateway {
  db: TestDatabase;
  sql: QueryCountingLogger;
  /** What `seedDemo` loaded (undefined without it). */
  demo?: DemoInventorySummary;
  /** Runs an operation; `viewer` defaults to null (authentication off). */
  execute<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: { viewer?: Viewer | null }): Promise<GraphQLResult<T>>;
  dispose(): Promise<void>;
}

export interface TestGatewayOptions {
  /**
   * Replaces services. Without it `planMigration` (with the destination-host check) and the
   * migration-target queries are the real use cases over this database; `migrationJobs` and
   * `migrateVmWithStorage` throw unless given. A function receives
   * the test database (for adapters over it, e.g. the real job store).
   */
  services?: Partial<GatewayServices> | ((db: TestDatabase) => Partial<GatewayServices>);
  maxPageSize?: number;
  /** Loads the demo inventory (seedDemoInventory) before the first operation. */
  seedDemo?: boolean;
  /** Migration-target settings (GATEWAY_MIGRATION_*); defaults as documented. */
  targets?: TargetServicesOptions;
  /** On mysql: CloudStack's own 4.22 DDL instead of the standalone schema (GATEWAY_CREATE_SCHEMA=false). */
  cloudStackDdl?: boolean;
}

export async function createTestGateway(kind: DatabaseKind, options: TestGatewayOptions = {}): Promise<TestGateway> {
  const sql = new QueryCountingLogger(true);
  const db = options.cloudStackDdl && kind === 'mysql' ? await createCloudStackDdlDatabase({ logger: sql }) : await createTestDatabase(kind, { logger: sql });
  const demo = options.seedDemo ? await seedDemoInventory(db.dataSource) : undefined;
  const reader = new TypeOrmInventoryReader(db.dataSource);
  const targets = createTargetServices(db.dataSource, reader, options.targets);
  const plan = new PlanMigrationUseCase({ inventory: reader, migration: new TypeOrmMigrationReader(db.dataSource) }, targets.destinationCheck);
  const notWired = (name: string) => () => {
    throw new Error(`${name} is not wired in this test gateway (pass it in options.services)`);
  };
  const services: GatewayServices = {
    planMigration: (request) => plan.execute(request),
    migrateVmWithStorage: notWired('migrateVmWithStorage'),
    migrationJobs: new Proxy({} as MigrationJobQueries, { get: (_, name) => notWired(`migrationJobs.${String(name)}`) }),
    migrationJobWatch: { job: notWired('migrationJobWatch.job'), jobs: notWired('migrationJobWatch.jobs') },
    ...targets.services,
    ...(typeof options.services === 'function' ? options.services(db) : options.services),
  };
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema(),
    formatError: createFormatError({ debug: true, log: () => {} }),
  });
  await apollo.start();
  const deps = { reader, services, maxPageSize: options.maxPageSize ?? 100, cursorSigningKey: randomBytes(32) };
  sql.reset();
  return {
    db,
    sql,
    demo,
    async execute(query, variables, executeOptions = {}) {
      const response = await apollo.executeOperation(
        { query, variables },
        { contextValue: createGatewayContext(deps, 'test', executeOptions.viewer ?? null, { kind: 'all' }) },
      );
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return response.body.singleResult as GraphQLResult<any>;
    },
    async dispose() {
      await apollo.stop();
      await db.dispose();
    },
  };
}
