import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS_MAX_AGE_SECONDS } from '../../../src/infra/http/cors';
import { type HttpTestGateway, startHttpTestGateway } from '../../support/http-gateway';

const FRONTEND = 'http://frontend.example:5173';

/** The headers Apollo Client 4 (client awareness on) and Apollo's CSRF prevention put on a cross-origin request. */
const APOLLO_CLIENT_HEADERS =
  'apollographql-client-name,apollographql-client-version,authorization,content-type,x-apollo-operation-name,apollo-require-preflight';

describe('CORS for browser clients on other origins', () => {
  let gw: HttpTestGateway;
  let key: string;
  beforeAll(async () => {
    gw = await startHttpTestGateway('sqlite', { seedDemo: true, corsOrigins: [FRONTEND] });
    key = await gw.keyFor('admin');
  });
  afterAll(async () => gw?.close());

  const preflight = (origin: string, headers = APOLLO_CLIENT_HEADERS) =>
    fetch(`${gw.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });

  it('answers a preflight from a listed origin allowing every header Apollo Client and CSRF prevention send, cached for a while', async () => {
    const response = await preflight(FRONTEND);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    const allowed = response.headers.get('access-control-allow-headers')!.split(/\s*,\s*/);
    for (const header of APOLLO_CLIENT_HEADERS.split(',')) expect(allowed).toContain(header);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-max-age')).toBe(String(CORS_MAX_AGE_SECONDS));
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('lets a listed origin read x-request-id from an answer, and tells other origins nothing', async () => {
    const body = JSON.stringify({ query: '{ virtualMachines(first: 1) { totalCount } }' });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-request-id': 'frontend-req-1' };
    const allowed = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { ...headers, origin: FRONTEND }, body });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    expect(allowed.headers.get('access-control-expose-headers')).toMatch(/\bx-request-id\b/);
    expect(allowed.headers.get('x-request-id')).toBe('frontend-req-1');
    // Preflight-only headers are not repeated on the answer itself.
    expect(allowed.headers.get('access-control-max-age')).toBeNull();

    const foreign = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { ...headers, origin: 'http://evil.example' }, body });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-expose-headers')).toBeNull();
    const foreignPreflight = await preflight('http://evil.example');
    expect(foreignPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreignPreflight.headers.get('access-control-allow-headers')).toBeNull();
  });
});
