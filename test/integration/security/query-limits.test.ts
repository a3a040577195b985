import 'reflect-metadata';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../../src/graphql/schema';
import { operationArbitrary } from '../../support/graphql-arbitraries';
import { type HttpResult, type HttpTestGateway, startHttpTestGateway } from '../../support/http-gateway';
import { DATABASE_KINDS } from '../../support/test-database';

/** The codes a client may see for any input at all (contract): never INTERNAL_SERVER_ERROR. */
const CLIENT_CODES = new Set(['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

function expectRefused(result: HttpResult, code: string, measure?: string): void {
  expect(result.status).toBeGreaterThanOrEqual(400);
  expect(result.status).toBeLessThan(500);
  expect(result.body.data ?? null).toBeNull();
  expect(result.body.errors.length).toBeGreaterThan(0);
  expect(result.body.errors.map((e: any) => e.extensions.code)).toContain(code);
  if (measure) expect(result.body.errors.find((e: any) => e.extensions.code === code).extensions.details.measure).toBe(measure);
}

function expectNoServerError(result: HttpResult): void {
  expect(result.status, JSON.stringify(result.body).slice(0, 400)).toBeLessThan(500);
  for (const error of result.body?.errors ?? []) expect(CLIENT_CODES, error.message).toContain(error.extensions?.code);
}

const nest = (levels: number, leaf: string) => {
  let selection = leaf;
  for (let i = 0; i < levels; i += 1) selection = `host { virtualMachines(first: 1) { edges { node { ${selection} } } } }`;
  return selection;
};

describe.each(DATABASE_KINDS)('abusive requests on %s', (kind) => {
  let gw: HttpTestGateway;
  let key: string;

  beforeAll(async () => {
    gw = await startHttpTestGateway(kind, { seedDemo: true });
    key = await gw.keyFor('admin');
  });
  afterAll(async () => gw?.close());

  // As a client of the GraphQL-over-HTTP media type, which gets 4xx for refused requests (an
  // application/json-only client gets 200: graphql-over-http-audit.test.ts).
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    gw.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const graphql = (query: string, variables?: Record<string, unknown>) => post({ query, variables });

  describe('query shape and cost', () => {
    it('answers a realistic deep query over 100 VMs within the limits', async () => {
      const result = await graphql(`
        {
          virtualMachines(first: 100) {
            totalCount
            edges {
              node {
                id
                name
                host {
                  name
                  cluster {
                    name
                  }
                }
                template {
                  name
                  storeRefs {
                    edges {
                      node {
                        installPath
                        imageStore {
                          name
                        }
                      }
                    }
                  }
                  poolRefs {
                    edges {
                      node {
                        installPath
                        pool {
                          name
                        }
                      }
                    }
                  }
                }
                volumes {
                  id
                  type
                  directDownload
                  pool {
                    id
                    name
                    type
                  }
                }
              }
            }
          }
        }
      `);
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data.virtualMachines.totalCount).toBe(34);
    });

    it('refuses a query nested deeper than the depth limit with QUERY_TOO_COMPLEX before running it', async () => {
      const statementsBefore = gw.logs.filter((l) => l.msg === 'graphql request').length;
      const result = await graphql(`{ virtualMachines(first: 1) { edges { node { ${nest(6, 'id')} } } } }`);
      expectRefused(result, 'QUERY_TOO_COMPLEX', 'depth');
      expect(result.status).toBe(400);
      expect(result.body.errors[0].message).toMatch(/levels deep; at most 12/);
      const log = gw.logs.filter((l) => l.msg === 'graphql request')[statementsBefore];
      // Only the key lookup ran: nothing of the query itself.
      expect(log.sqlStatements).toBeLessThanOrEqual(2);
    });

    it('refuses a query whose lists multiply beyond the cost limit, counting `first` from variables', async () => {
      const wide = 'query($first: Int) { hosts(first: $first) { edges { node { virtualMachines(first: $first) { edges { node { volumes { id } } } } } } } }';
      expect((await graphql(wide, { first: 5 })).body.errors).toBeUndefined();
      const result = await graphql(wide, { first: 100 });
      expectRefused(result, 'QUERY_TOO_COMPLEX', 'cost');
      // 100 hosts x 100 VMs x 4 volumes (PLAIN_LIST_SIZES), plus the edges and nodes around them.
      expect(result.body.errors[0].extensions.details).toMatchObject({ limit: 50000, actual: 60302 });
      // The request log carries every estimate, admitted or refused: what an operator sizes the limit from.
      const costs = gw.logs
        .filter((l) => l.msg === 'graphql request')
        .slice(-2)
        .map((l) => l.queryCost);
      // hosts 1 + edges 1 + 5 x (node 1 + virtualMachines 1 + edges 1 + 5 x (node 1 + volumes (1 + 4 x id)))
      expect(costs).toEqual([2 + 5 * (3 + 5 * (1 + 1 + 4)), 60302]);
    });

    it('refuses more aliases than allowed', async () => {
      const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: virtualMachines(first: 1) { totalCount }`).join(' ');
      expectRefused(await graphql(`{ ${aliases} }`), 'QUERY_TOO_COMPLEX', 'aliases');
    });

    it('refuses a fragment bomb by its expanded size without expanding it', async () => {
      const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on VirtualMachine { ...F${i + 1} ...F${i + 1} }`).join(' ');
      const started = Date.now();
      const result = await graphql(`
        {
          virtualMachines(first: 1) {
            edges {
              node {
                ...F0
              }
            }
          }
        }
        ${fragments}
        fragment F30 on VirtualMachine {
          id
        }
      `);
      expectRefused(result, 'QUERY_TOO_COMPLEX', 'fields');
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('refuses a document with more tokens than allowed', async () => {
      expectRefused(await graphql(`{ ${'__typename '.repeat(2500)} }`), 'QUERY_TOO_COMPLEX', 'tokens');
    });

    it('refuses a page larger than the page-size cap and more ids than it in nodes(ids:) as BAD_USER_INPUT', async () => {
      const page = await graphql('{ virtualMachines(first: 101) { totalCount } }');
      expect(page.body.errors.map((e: any) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
      const ids = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      const nodes = await graphql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
      expect(nodes.body.errors.map((e: any) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('oversized and malformed input', () => {
    it('refuses huge variables: long lists, long strings, deep nesting', async () => {
      const states = await graphql('query($f: VirtualMachineFilter) { virtualMachines(filter: $f) { totalCount } }', {
        f: { states: Array(5000).fill('RUNNING') },
      });
      expectRefused(states, 'BAD_USER_INPUT');
      const name = await graphql('query($f: VirtualMachineFilter) { virtualMachines(filter: $f) { totalCount } }', { f: { nameContains: 'x'.repeat(10_000) } });
      expectRefused(name, 'BAD_USER_INPUT');
      let deep: unknown = 'leaf';
      for (let i = 0; i < 40; i += 1) deep = { nested: deep };
      expectRefused(await graphql('query($f: VirtualMachineFilter) { virtualMachines(filter: $f) { totalCount } }', { f: deep }), 'BAD_USER_INPUT');
    });

    it('refuses long string and list literals written into the document', async () => {
      expectRefused(await graphql(`{ virtualMachines(filter: { nameContains: "${'y'.repeat(5000)}" }) { totalCount } }`), 'BAD_USER_INPUT');
    });

    it('refuses a body over the size limit with 413 and a GraphQL error', async () => {
      const result = await post({ query: '{ __typename }', variables: { pad: 'z'.repeat(1_100_000) } });
      expect(result.status).toBe(413);
      expect(result.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it.each([
      ['a body that is not JSON', '{"query": "{ __typename }"', 400],
      ['a syntax error', { query: '{ virtualMachines(first: ) }' }, 400],
      ['an unknown field', { query: '{ nothingHere }' }, 400],
      ['no query at all', { variables: {} }, 400],
      ['variables that are not an object', { query: '{ __typename }', variables: 'abc' }, 400],
      ['a variable of the wrong type', { query: 'query($n: Int) { virtualMachines(first: $n) { totalCount } }', variables: { n: 'ten' } }, 400],
      ['a missing required variable', { query: 'query($id: ID!) { volume(id: $id) { id } }', variables: {} }, 400],
      ['an ambiguous operation', { query: 'query A { __typename } query B { __typename }' }, 400],
      ['a batch (batching is off)', [{ query: '{ __typename }' }, { query: '{ __typename }' }], 400],
      ['a malformed id', { query: '{ volume(id: "not an id!") { id } }' }, 200],
      ['a foreign cursor', { query: '{ virtualMachines(after: "bm9wZQ") { totalCount } }' }, 200],
    ])('refuses %s with BAD_USER_INPUT and no server error', async (_, body, status) => {
      const result = await post(body);
      expect(result.status).toBe(status);
      expectNoServerError(result);
      expect(result.body.errors.map((e: any) => e.extensions.code)).toContain('BAD_USER_INPUT');
    });

    it('refuses a simple (CSRF-able) request: text/plain body, and GET without a preflight header', async () => {
      const plain = await post('{"query":"{ __typename }"}', { 'content-type': 'text/plain' });
      expect(plain.status).toBe(400);
      expectNoServerError(plain);
      const get = await gw.request(`/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { authorization: `Bearer ${key}` } });
      expect(get.status).toBe(400);
      const preflighted = await gw.request(`/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { authorization: `Bearer ${key}`, 'apollo-require-preflight': 'true' },
      });
      expect(preflighted.body).toEqual({ data: { __typename: 'Query' } });
    });

    it('refuses a mutation over GET', async () => {
      const query = encodeURIComponent('mutation { migrateVmWithStorage(input: { vmId: "x", destinationHostId: "y", volumes: [] }) { job { id } } }');
      const result = await gw.request(`/graphql?query=${query}`, { headers: { authorization: `Bearer ${key}`, 'apollo-require-preflight': 'true' } });
      expect(result.status).toBe(405);
      expectNoServerError(result);
    });
  });

  describe('fuzzing', () => {
    const VARIABLE_TEMPLATES = [
      'query($first: Int, $after: String, $filter: VirtualMachineFilter) { virtualMachines(first: $first, after: $after, filter: $filter) { totalCount edges { cursor node { id name } } } }',
      'query($first: Int, $filter: VolumeFilter) { volumes(first: $first, filter: $filter) { totalCount edges { node { id vm { name } } } } }',
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
      'query($id: ID!) { volume(id: $id) { id name } node(id: $id) { id } }',
      'query($input: MigrateVmWithStorageInput!) { migrationPlan(input: $input) { forceFullClone blockers { code } } }',
    ];

    it('answers schema-generated operations, as an admin and as a user, with data or client error codes, never a 500', async () => {
      const ids = [...Object.values(gw.demo!.handles.vms), ...Object.values(gw.demo!.handles.hosts), ...Object.values(gw.demo!.handles.pools)];
      const operations = operationArbitrary(await buildGatewaySchema(), ids);
      const userKey = await gw.keyFor('alice');
      const outcomes = { data: 0, errors: 0 };
      await fc.assert(
        fc.asyncProperty(operations, fc.boolean(), async (query, asUser) => {
          const result = await gw.graphql(query, undefined, asUser ? userKey : key);
          expectNoServerError(result);
          outcomes[result.body.data ? 'data' : 'errors'] += 1;
        }),
        { numRuns: 150, seed: 0x5eca11 },
      );
      // The generator must reach execution, not only validation.
      expect(outcomes.data).toBeGreaterThan(30);
    });

    it('answers generated variables of every shape with data or client error codes, never a 500', async () => {
      const ids = Object.values(gw.demo!.handles.vms);
      const value = fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(...ids),
        fc.array(fc.constantFrom(...ids, 'x'), { maxLength: 120 }),
        fc.integer(),
        fc.string(),
      );
      const variables = fc.oneof(
        fc.dictionary(fc.constantFrom('first', 'after', 'filter', 'ids', 'id', 'input'), value),
        fc.record(
          {
            first: fc.integer({ min: -1, max: 101 }),
            filter: fc.record({ states: fc.array(fc.constantFrom('RUNNING', 'STOPPED', 'nope')), nameContains: fc.string() }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
        fc.jsonValue({ maxDepth: 2 }),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...VARIABLE_TEMPLATES), variables, async (query, vars) => {
          expectNoServerError(await post({ query, variables: vars }));
        }),
        { numRuns: 120, seed: 0x5eca12 },
      );
    });

    it('answers broken documents and bodies with BAD_USER_INPUT-class errors, never a 500', async () => {
      const body = fc.oneof(
        fc.string({ maxLength: 200 }).map((query) => ({ query })),
        fc
          .tuple(fc.constantFrom(...VARIABLE_TEMPLATES), fc.nat(), fc.string({ maxLength: 10 }))
          .map(([q, at, junk]) => ({ query: q.slice(0, at % q.length) + junk + q.slice(at % q.length) })),
        fc.jsonValue({ maxDepth: 3 }),
      );
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          expectNoServerError(await post(b));
        }),
        { numRuns: 120, seed: 0x5eca13 },
      );
    });
  });
});
