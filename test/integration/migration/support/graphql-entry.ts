import { randomBytes } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { createGatewayContext, type GatewayContext } from '../../../../src/graphql/context';
import { createFormatError } from '../../../../src/graphql/errors/format-error';
import { buildGatewaySchema } from '../../../../src/graphql/schema';
import { TypeOrmInventoryReader } from '../../../../src/infra/db/typeorm-inventory-reader';
import type { ScenarioStack } from './scenario-stack';

interface GraphQLResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[];
}

export interface GraphQLEntry {
  /** Executes an operation as an in-process root caller (viewer null, scope all), services = the stack's. */
  execute<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

/** The gateway's GraphQL schema over a scenario stack's database and services (as test/support/gateway-harness.ts builds contexts). */
export async function createGraphQLEntry(stack: ScenarioStack): Promise<GraphQLEntry> {
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema(),
    formatError: createFormatError({ debug: true, log: () => {} }),
  });
  await apollo.start();
  const deps = { reader: new TypeOrmInventoryReader(stack.db.dataSource), services: stack.services, maxPageSize: 100, cursorSigningKey: randomBytes(32) };
  return {
    async execute(query, variables) {
      const response = await apollo.executeOperation({ query, variables }, { contextValue: createGatewayContext(deps, 'test', null, { kind: 'all' }) });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return response.body.singleResult as GraphQLResult<any>;
    },
    stop: () => apollo.stop(),
  };
}
