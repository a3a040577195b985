import 'reflect-metadata';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../../src/graphql/schema';
import { operationArbitrary } from '../../support/graphql-arbitraries';
import { cursorArbitrary, headersArbitrary } from '../../support/http-arbitraries';
import { type HttpResult, type HttpTestGateway, startHttpTestGateway } from '../../support/http-gateway';
import { DATABASE_KINDS } from '../../support/test-database';

/** Codes a client may see for any request at all (issue 14): never INTERNAL_SERVER_ERROR. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'QUERY_TOO_COMPLEX',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);
const ROLES = ['admin', 'eng-admin', 'alice', 'carol'] as const;
type Role = (typeof ROLES)[number];
/** Lists a cursor can belong to: connection and filter as a document fragment. */
const LISTS = ['virtualMachines', 'virtualMachines(filter: { states: [RUNNING] })', 'volumes', 'templates', 'zones'];

function expectClientAnswer(result: HttpResult): void {
  const context = `${result.status} ${JSON.stringify(result.body).slice(0, 300)}`;
  expect(result.status, context).toBeLessThan(500);
  if (typeof result.body !== 'object' || result.body === null) return;
  for (const error of result.body.errors ?? []) expect(CLIENT_CODES, context).toContain(error.extensions?.code);
}

const listDocument = (list: string) => {
  const [field, filter] = /^(\w+)(?:\(filter: (.*)\))?$/.exec(list)!.slice(1);
  return `query($after: String) { ${field}(first: 3, after: $after${filter ? `, filter: ${filter}` : ''}) { edges { cursor node { id } } } }`;
};

describe.each(DATABASE_KINDS)('fuzzing requests on %s', (kind) => {
  let gw: HttpTestGateway;
  const keys = {} as Record<Role, string>;
  /** Every cursor the gateway handed out, with the caller and list it was for. */
  const issued = new Map<string, string>();
  let uuids: string[];

  beforeAll(async () => {
    gw = await startHttpTestGateway(kind, { seedDemo: true, introspection: ['ROOT_ADMIN', 'READ_ONLY_ADMIN'] });
    for (const role of ROLES) keys[role] = await gw.keyFor(role);
    for (const role of ROLES) {
      for (const list of LISTS) {
        const body = (await gw.graphql(listDocument(list), {}, keys[role])).body;
        for (const edge of Object.values(body.data as Record<string, any>)[0].edges) issued.set(edge.cursor, `${role} ${list}`);
      }
    }
    const handles = gw.demo!.handles;
    uuids = [...Object.values(handles.vms), ...Object.values(handles.hosts), ...Object.values(handles.pools), ...Object.values(handles.templates)];
  });
  afterAll(async () => gw?.close());

  it('answers generated documents under generated headers, by GET and POST, with data or client error codes, never a 5xx', async () => {
    const operations = operationArbitrary(await buildGatewaySchema(), uuids, 3);
    const rarely = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
    const persisted = rarely(
      fc.record({
        version: fc.constantFrom(1, 1, 2, 0, '1'),
        sha256Hash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ maxLength: 70 })),
        matching: fc.boolean(),
      }),
    );
    const outcomes = { data: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        operations,
        headersArbitrary(Object.values(keys)),
        fc.boolean(),
        persisted,
        rarely(fc.string({ maxLength: 20 })),
        fc.boolean(),
        async (query, headers, viaGet, persistedQuery, operationName, sendQuery) => {
          const hash = persistedQuery?.matching ? createHash('sha256').update(query).digest('hex') : persistedQuery?.sha256Hash;
          const extensions = persistedQuery ? { persistedQuery: { version: persistedQuery.version, sha256Hash: hash } } : undefined;
          const payload = { query: sendQuery || !persistedQuery ? query : undefined, operationName: operationName ?? undefined, extensions };
          const result = viaGet
            ? await gw.request(
                `/graphql?${new URLSearchParams(
                  Object.entries(payload)
                    .filter(([, v]) => v !== undefined)
                    .map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
                ).toString()}`,
                { headers },
              )
            : await gw.request('/graphql', { method: 'POST', headers, body: JSON.stringify(payload) });
          expectClientAnswer(result);
          outcomes[result.body?.data ? 'data' : 'refused'] += 1;
        },
      ),
      { numRuns: 250, seed: 0x14f0221 },
    );
    // The generator must get past authentication and CSRF checks into execution.
    expect(outcomes.data).toBeGreaterThan(15);
    expect(outcomes.refused).toBeGreaterThan(25);
  });

  it('accepts a cursor only back from the caller and list it was given for, refusing every other with BAD_USER_INPUT', async () => {
    const targets = fc.tuple(fc.constantFrom(...ROLES), fc.constantFrom(...LISTS));
    const outcomes = { accepted: 0, refused: 0 };
    const own = ([role, list]: [Role, string]) => [...issued].filter(([, binding]) => binding === `${role} ${list}`).map(([cursor]) => cursor);
    await fc.assert(
      fc.asyncProperty(
        targets.chain((target) => fc.tuple(fc.constant(target), fc.oneof(fc.constantFrom(...own(target)), cursorArbitrary([...issued.keys()], uuids)))),
        async ([[role, list], after]) => {
          const result = await gw.graphql(listDocument(list), { after }, keys[role]);
          expectClientAnswer(result);
          if (result.body.errors) {
            expect(result.body.errors.map((e: any) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
            expect(result.body.data).toBeNull();
            outcomes.refused += 1;
          } else {
            // An empty "after" is no cursor at all: the first page.
            if (after !== '') expect(issued.get(after)).toBe(`${role} ${list}`);
            outcomes.accepted += 1;
          }
        },
      ),
      { numRuns: 300, seed: 0x14c0250 },
    );
    expect(outcomes.accepted).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(100);
  });
});
