import { AsyncLocalStorage } from 'node:async_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { execute, type GraphQLSchema, parse } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { SYNTHETIC_ROOT_ADMIN } from '../../src/app/auth/api-key-service';
import { readScopeFor } from '../../src/app/auth/viewer';
import { deriveCursorSigningKey } from '../../src/app/security/cursor-signing-key';
import type { GatewayServices } from '../../src/app/gateway-services';
import type { InventoryReader } from '../../src/app/ports/inventory-reader';
import { parseDatabaseUrl } from '../../src/config/gateway-config';
import { createGatewayContext, type GatewayContext } from '../../src/graphql/context';
import { buildGatewaySchema } from '../../src/graphql/schema';
import { createDataSource } from '../../src/infra/db/data-source.factory';
import { TypeOrmInventoryReader } from '../../src/infra/db/typeorm-inventory-reader';
import { VM_LIST_QUERY } from '../read/list-query';
import { BENCH_CURSOR_SECRET } from '../support/bench-cursors';

export interface LayerCost {
  stage: string;
  /** process.cpuUsage per run: the main thread plus V8's GC helper threads. */
  cpuMsPerRequest: number;
  iterations: number;
}

/**
 * Where a request's CPU goes, layer by layer, measured in this (otherwise idle) process: the same
 * list query through the gateway's schema, resolvers and loaders with progressively less of the
 * stack around it. "reads memoized" replays each reader call from memory after its first run, so
 * the execution layers are measured without the ORM and the database. One request at a time.
 */
export async function measureLayerCosts(databaseUrl: string, pageSize: number, after: string | null, iterations: number): Promise<LayerCost[]> {
  const dataSource = createDataSource({ database: parseDatabaseUrl(databaseUrl), createSchema: false });
  await dataSource.initialize();
  const apollo: ApolloServer<GatewayContext>[] = [];
  try {
    const reader = new TypeOrmInventoryReader(dataSource);
    const memo = memoizingReader(reader);
    const schema = await buildGatewaySchema();
    const document = parse(VM_LIST_QUERY);
    const variables = { first: pageSize, after };
    const notUsed = () => {
      throw new Error('not used by the list query');
    };
    const services = new Proxy({}, { get: () => notUsed }) as unknown as GatewayServices;
    const viewer = SYNTHETIC_ROOT_ADMIN;
    const cursorSigningKey = deriveCursorSigningKey(BENCH_CURSOR_SECRET);
    const context = (r: InventoryReader) =>
      createGatewayContext({ reader: r, services, maxPageSize: pageSize, cursorSigningKey }, 'bench', viewer, readScopeFor(viewer));
    const withDefaults = new ApolloServer<GatewayContext>({ schema });
    const withoutCacheControl = new ApolloServer<GatewayContext>({ schema, plugins: [ApolloServerPluginCacheControlDisabled()] });
    apollo.push(withDefaults, withoutCacheControl);
    await Promise.all(apollo.map((a) => a.start()));

    const viaApollo = (server: ApolloServer<GatewayContext>, r: InventoryReader) => async () => {
      const response = await server.executeOperation({ query: VM_LIST_QUERY, variables }, { contextValue: context(r) });
      if (response.body.kind !== 'single' || response.body.singleResult.errors)
        throw new Error(`list query failed: ${JSON.stringify(response.body)}`.slice(0, 500));
      return JSON.stringify(response.body.singleResult);
    };
    const viaGraphql = (s: GraphQLSchema, r: InventoryReader) => async () => {
      const result = await execute({ schema: s, document, variableValues: variables, contextValue: context(r) });
      if (result.errors) throw new Error(`list query failed: ${result.errors[0].message}`);
      return JSON.stringify(result);
    };

    const viaJit = (s: GraphQLSchema, r: InventoryReader) => {
      const compiled = compileQuery(s, document);
      if (!isCompiledQuery(compiled)) throw new Error(`list query does not compile: ${compiled.errors?.[0].message}`);
      return async () => {
        const result = await compiled.query(undefined, context(r), variables);
        if (result.errors) throw new Error(`list query failed: ${result.errors[0].message}`);
        return JSON.stringify(result);
      };
    };

    const costs: LayerCost[] = [];
    const stage = async (name: string, run: () => Promise<unknown>) => costs.push({ stage: name, ...(await measure(run, iterations)) });
    await stage('Apollo executeOperation + TypeORM reader (no HTTP, auth, limits, telemetry)', viaApollo(withDefaults, reader));
    const answer = await viaApollo(withDefaults, memo.reader)();
    await stage('  the same, reads memoized (GraphQL execution only)', viaApollo(withDefaults, memo.reader));
    await stage('  the same, Apollo cache-control plugin disabled', viaApollo(withoutCacheControl, memo.reader));
    await stage('graphql-js execute, reads memoized (no Apollo)', viaGraphql(schema, memo.reader));
    const als = new AsyncLocalStorage<object>();
    await stage('  the same, inside AsyncLocalStorage.run (promise hooks on, as telemetry does)', () => als.run({}, viaGraphql(schema, memo.reader)));
    const jit = viaJit(schema, memo.reader);
    await stage('graphql-jit compiled query, reads memoized (what the gateway runs)', jit);
    await stage('  the same, inside AsyncLocalStorage.run', () => als.run({}, jit));
    als.disable();
    const calls = memo.calls();
    await stage(`TypeORM reader alone: the ${calls.length} reader calls of one request`, () => Promise.all(calls.map((call) => call(reader))));
    const parsed = JSON.parse(answer);
    await stage('JSON.stringify of the answer', async () => JSON.stringify(parsed));
    return costs;
  } finally {
    await Promise.all(apollo.map((a) => a.stop()));
    await dataSource.destroy();
  }
}

/** CPU per run (after a short warm-up, with a full GC before, so earlier garbage is not billed here). */
async function measure(run: () => Promise<unknown>, iterations: number): Promise<Omit<LayerCost, 'stage'>> {
  for (let i = 0; i < Math.min(5, iterations); i++) await run();
  fullGc();
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await run();
  const cpu = process.cpuUsage(before);
  return { cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / iterations, iterations };
}

/** A full collection between stages (V8's gc(), reachable without starting node with --expose-gc). */
function fullGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

type ReaderCall = (reader: InventoryReader) => Promise<unknown>;

/** A reader that answers a call it has seen before from memory, and remembers the calls it saw. */
function memoizingReader(real: InventoryReader): { reader: InventoryReader; calls: () => ReaderCall[] } {
  const cache = new Map<string, Promise<unknown>>();
  const seen: ReaderCall[] = [];
  const reader = new Proxy(real, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const key = `${String(property)}:${JSON.stringify(args)}`;
        let found = cache.get(key);
        if (!found) {
          found = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          cache.set(key, found);
          seen.push((r) => (Reflect.get(r, property) as (...a: unknown[]) => Promise<unknown>).apply(r, args));
        }
        return found;
      };
    },
  });
  return { reader, calls: () => [...seen] };
}
