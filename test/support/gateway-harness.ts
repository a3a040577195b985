import { ApolloServer } from '@apollo/server';
import type { DatabaseKind } from '../../src/config/gateway-config';
import type { GatewayServices } from '../../src/app/gateway-services';
import { createGatewayContext, type GatewayContext } from '../../src/graphql/context';
import { createFormatError } from '../../src/graphql/errors/format-error';
import { buildGatewaySchema } from '../../src/graphql/schema';
import { QueryCountingLogger } from '../../src/infra/db/query-counting-logger';
import { TypeOrmInventoryReader } from '../../src/infra/db/typeorm-inventory-reader';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface GraphQLResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[];
}

/** A gateway's GraphQL layer over a throwaway database, executed in-process, counting SQL statements. */
export interface TestGateway {
  db: TestDatabase;
  sql: QueryCountingLogger;
  execute<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  dispose(): Promise<void>;
}

export async function createTestGateway(kind: DatabaseKind, options: { services?: GatewayServices; maxPageSize?: number } = {}): Promise<TestGateway> {
  const sql = new QueryCountingLogger(true);
  const db = await createTestDatabase(kind, { logger: sql });
  const reader = new TypeOrmInventoryReader(db.dataSource);
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema(),
    formatError: createFormatError({ production: false, log: () => {} }),
  });
  await apollo.start();
  const deps = { reader, services: options.services ?? {}, maxPageSize: options.maxPageSize ?? 100 };
  return {
    db,
    sql,
    async execute(query, variables) {
      const response = await apollo.executeOperation(
        { query, variables },
        { contextValue: createGatewayContext(deps, 'test', null, { kind: 'all' }) },
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
