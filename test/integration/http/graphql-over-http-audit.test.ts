import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpTestGateway, startHttpTestGateway } from '../../support/http-gateway';

/**
 * The audits the gateway answers with a notice, and why: each is a simple GET (no
 * `apollo-require-preflight`, no JSON content-type) that Apollo's CSRF prevention refuses on
 * purpose, since a browser sends such a request cross-origin without a preflight.
 */
const CSRF_REFUSED_GETS: Record<string, string> = {
  '5A70': 'MAY accept application/x-www-form-urlencoded formatted GET requests',
  D6D5: 'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
  '6A70': 'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
};

const JSON_ONLY = 'application/json';
const json = (response: Response): Promise<any> => response.json();
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

describe('GraphQL over HTTP conformance (graphql-http server audits)', () => {
  let gw: HttpTestGateway;
  let key: string;

  beforeAll(async () => {
    gw = await startHttpTestGateway('sqlite', { seedDemo: true });
    key = await gw.keyFor('admin');
  });
  afterAll(async () => gw?.close());

  /** As a client with an API key would call it: every audit request carries the Authorization header. */
  const withKey = (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${key}`);
    return fetch(input, { ...init, headers });
  };

  it('passes every audit, with notices only for the simple GETs CSRF prevention refuses', async () => {
    const audits = serverAudits({ url: `${gw.url}/graphql`, fetchFn: withKey });
    const results: AuditResult[] = [];
    for (const audit of audits) results.push(await audit.fn());
    const byStatus = (status: AuditResult['status']) => results.filter((r) => r.status === status);

    expect(byStatus('error').map((r) => r.name)).toEqual([]);
    expect(byStatus('warn').map((r) => r.name)).toEqual([]);
    expect(Object.fromEntries(byStatus('notice').map((r) => [r.id, r.name]))).toEqual(CSRF_REFUSED_GETS);
    expect(byStatus('ok')).toHaveLength(audits.length - Object.keys(CSRF_REFUSED_GETS).length);
    expect(audits.length).toBeGreaterThanOrEqual(61);
  });

  it('refuses those GETs only for want of a preflight header: with apollo-require-preflight they run', async () => {
    const url = `${gw.url}/graphql?query=${encodeURIComponent('query($n: Int) { virtualMachines(first: $n) { totalCount } }')}&variables=${encodeURIComponent('{"n":1}')}`;
    const simple = await withKey(url, { headers: { accept: JSON_ONLY } });
    expect(simple.status).toBe(400);
    expect((await json(simple)).errors[0].message).toMatch(/Cross-Site Request Forgery/);
    const preflighted = await withKey(url, { headers: { accept: JSON_ONLY, 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect((await json(preflighted)).data.virtualMachines.totalCount).toBeGreaterThan(0);
  });

  const post = (accept: string, body: unknown) =>
    withKey(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it.each([
    ['a document that does not parse', { query: '{ virtualMachines(first: ) }' }, 'BAD_USER_INPUT'],
    ['a document that does not validate', { query: '{ nothingHere }' }, 'BAD_USER_INPUT'],
    ['variables that do not coerce', { query: 'query($n: Int) { virtualMachines(first: $n) { totalCount } }', variables: { n: 'ten' } }, 'BAD_USER_INPUT'],
    ['an unknown operation name', { query: 'query A { __typename }', operationName: 'B' }, 'BAD_USER_INPUT'],
    [
      'a query over the depth limit',
      {
        query: `{ virtualMachines(first: 1) { edges { node { ${'host { virtualMachines(first: 1) { edges { node { '.repeat(3)}id${' } } } }'.repeat(3)} } } } }`,
      },
      'QUERY_TOO_COMPLEX',
    ],
  ])('answers %s with 200 to application/json and 400 to application/graphql-response+json', async (_, body, code) => {
    const legacy = await post(JSON_ONLY, body);
    expect(legacy.status).toBe(200);
    expect(legacy.headers.get('content-type')).toMatch(/^application\/json/);
    const legacyBody = await json(legacy);
    expect(legacyBody.data).toBeUndefined();
    expect(legacyBody.errors.map((e: any) => e.extensions.code)).toContain(code);

    const modern = await post(GRAPHQL_RESPONSE, body);
    expect(modern.status).toBe(400);
    expect(modern.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect((await json(modern)).errors.map((e: any) => e.extensions.code)).toContain(code);
  });

  it.each([
    ['a body that is not JSON', '{"query": "{ __typename }"'],
    ['no query', { variables: {} }],
    ['variables that are not an object', { query: '{ __typename }', variables: 'abc' }],
  ])('answers a request that is not well-formed (%s) with 400 whatever it accepts', async (_, body) => {
    for (const accept of [JSON_ONLY, GRAPHQL_RESPONSE]) {
      const response = await post(accept, body);
      expect(response.status, accept).toBe(400);
      expect((await json(response)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
