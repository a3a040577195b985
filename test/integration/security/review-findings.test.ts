import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../../../src/app/auth/api-key-secret';
import { ConfigError, loadConfig } from '../../../src/config/gateway-config';
import { AccountEntity, ApiKeyEntity } from '../../../src/infra/db/entities';
import { type HttpTestGateway, startHttpTestGateway } from '../../support/http-gateway';
import { DATABASE_KINDS } from '../../support/test-database';

/**
 * Issue 14: every finding of the security review replayed as the reviewer sent it, asserting the
 * hardened behaviour. (Composition-root findings, several replicas and a metrics listener of its
 * own, are in review-findings-replicas.test.ts.)
 */
const ROOT = resolve(__dirname, '../../..');
const UNKNOWN_VM = '00000000-0000-4000-8000-00000000beef';
const legacyCursor = (uuid: string) => Buffer.from(`cs1:${uuid}`).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const codes = (body: any) => (body.errors ?? []).map((e: any) => e.extensions?.code);

describe('finding 1: GATEWAY_AUTH=off in production by spelling', () => {
  it.each(['Production', 'prod', 'PRODUCTION', 'production ', 'staging', undefined])(
    'refuses to start an open gateway with NODE_ENV=%j, naming GATEWAY_AUTH',
    (nodeEnv) => {
      const start = () => loadConfig({ GATEWAY_AUTH: 'off', NODE_ENV: nodeEnv, GATEWAY_DATABASE_URL: 'sqlite::memory:' });
      expect(start).toThrow(ConfigError);
      expect(start).toThrow(/^Invalid configuration: GATEWAY_AUTH cannot be "off"/);
    },
  );

  it('refuses it on a listen address other machines reach, even in development', () => {
    expect(() => loadConfig({ GATEWAY_AUTH: 'off', NODE_ENV: 'development', GATEWAY_HOST: '0.0.0.0' })).toThrow(
      /GATEWAY_AUTH cannot be "off" while the gateway listens on GATEWAY_HOST="0.0.0.0"/,
    );
  });
});

describe.each(DATABASE_KINDS)('the review findings, replayed, on %s', (kind) => {
  let gw: HttpTestGateway;
  const keys: Record<'admin' | 'alice' | 'carol', string> = { admin: '', alice: '', carol: '' };

  beforeAll(async () => {
    // Introspection as a production-like process has it by default: administrators only.
    gw = await startHttpTestGateway(kind, { seedDemo: true, introspection: ['ROOT_ADMIN', 'READ_ONLY_ADMIN'] });
    for (const account of Object.keys(keys) as (keyof typeof keys)[]) keys[account] = await gw.keyFor(account);
  });
  afterAll(async () => gw?.close());

  const post = (key: string | null, body: unknown) =>
    gw.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
  const operationSeries = (text: string, pattern: RegExp) => text.split('\n').filter((line) => !line.startsWith('#') && pattern.test(line));

  describe('finding 2: /metrics is public and clients write its labels', () => {
    it('refuses a scrape without the metrics token, or with a wrong one or an API key', async () => {
      expect((await gw.request('/metrics')).status).toBe(401);
      expect((await gw.request('/metrics', { headers: { authorization: 'Bearer wrong-token-wrong-token-wrong' } })).status).toBe(401);
      expect((await gw.request('/metrics', { headers: { authorization: `Bearer ${keys.admin}` } })).status).toBe(401);
      expect(await gw.scrape()).toContain('# TYPE gateway_graphql_requests_total counter');
    });

    it('records no series for 25 operation names that are not in the document (body and query string)', async () => {
      for (let i = 0; i < 25; i += 1) {
        const result = await post(keys.alice, { query: '{ __typename }', operationName: `MadeUp${i}` });
        expect(codes(result.body)).toEqual(['BAD_USER_INPUT']);
      }
      const url = `/graphql?query=${encodeURIComponent('query Real { __typename }')}&operationName=MadeUpGet`;
      await gw.request(url, { headers: { authorization: `Bearer ${keys.alice}`, 'apollo-require-preflight': 'true' } });
      const text = await gw.scrape();
      expect(operationSeries(text, /operation="MadeUp/)).toEqual([]);
      // Operation resolution failed: a request error, answered 200 to an application/json client (GraphQL over HTTP).
      expect(operationSeries(text, /^gateway_graphql_requests_total\{operation="unresolved",status="200"\} /)).toHaveLength(1);
    });

    it("keeps one client inventing names to its share: everyone else's operations keep their labels", async () => {
      expect((await post(keys.admin, { query: 'query AdminDashboard { zones { totalCount } }' })).status).toBe(200);
      for (let i = 0; i < 260; i += 1) await post(keys.alice, { query: `query Invented${i} { __typename }` });
      expect((await post(keys.carol, { query: 'query CarolsVms { virtualMachines { totalCount } }' })).status).toBe(200);
      expect((await post(keys.admin, { query: 'query AdminDashboard { zones { totalCount } }' })).status).toBe(200);
      const text = await gw.scrape();
      const invented = new Set(operationSeries(text, /^gateway_graphql_requests_total\{operation="Invented/).map((l) => /operation="(\w+)"/.exec(l)![1]));
      expect(invented.size).toBe(50);
      expect(operationSeries(text, /^gateway_graphql_requests_total\{operation="CarolsVms",status="200"\} 1$/)).toHaveLength(1);
      expect(operationSeries(text, /^gateway_graphql_requests_total\{operation="AdminDashboard",status="200"\} 2$/)).toHaveLength(1);
      expect(operationSeries(text, /^gateway_graphql_requests_total\{operation="other",status="200"\} 210$/)).toHaveLength(1);
    });
  });

  describe('finding 3: a persisted-query hash mismatch is an internal error', () => {
    it('answers a wrong sha256Hash with 400 BAD_USER_INPUT, and logs nothing at level error', async () => {
      const result = await post(keys.alice, { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
      expect(result.status).toBe(400);
      expect(result.body).toEqual({
        errors: [{ message: 'provided sha does not match query', extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_HASH_MISMATCH' } }],
      });
      const requestId = result.headers.get('x-request-id');
      expect(gw.logs.filter((l) => l.requestId === requestId && l.level === 'error')).toEqual([]);
    });

    it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND and an unsupported version with BAD_USER_INPUT, without stack traces', async () => {
      const missing = await post(keys.alice, { extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } } });
      expect(missing.body).toEqual({ errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
      const version = await post(keys.alice, { query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: sha256('{ __typename }') } } });
      expect(version.status).toBe(400);
      expect(version.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_VERSION_UNSUPPORTED' });
    });

    it('puts no stack trace in any error answer', async () => {
      const answers = await Promise.all([
        post(keys.alice, { query: '{ virtualMachines(' }),
        post(keys.alice, { query: '{ nothingHere }' }),
        post(keys.alice, { query: 'query A { __typename }', operationName: 'B' }),
        post(keys.alice, { query: '{ volume(id: "not an id!") { id } }' }),
        post(null, { query: '{ __typename }' }),
      ]);
      for (const answer of answers) {
        expect(answer.body.errors.length).toBeGreaterThan(0);
        expect(JSON.stringify(answer.body)).not.toMatch(/stacktrace|\.ts:\d+|node_modules/);
      }
    });
  });

  describe("finding 4: a key for CloudStack's system account", () => {
    it('refuses to issue one, in the service and in `npm run apikey -- create --account system`', async () => {
      await expect(gw.keys.create({ account: 'system' })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(/internal system account/),
      });
      const env = { ...Object.fromEntries(Object.entries(process.env).filter(([n]) => !n.startsWith('GATEWAY_'))), GATEWAY_DATABASE_URL: gw.db.url };
      const run = await promisify(execFile)(resolve(ROOT, 'node_modules/.bin/tsx'), ['src/composition/cli/apikey.ts', 'create', '--account', 'system'], {
        cwd: ROOT,
        env,
      }).catch((e) => e);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/The account "system" is CloudStack's internal system account/);
    });

    it('stops authenticating keys issued earlier to the system account, a project account or a locked one', async () => {
      const accounts = gw.db.dataSource.getRepository(AccountEntity);
      await accounts.insert([
        { id: 95, accountName: 'PrjAcct-web', uuid: randomUUID(), type: 5, domainId: 2, state: 'enabled', created: new Date(), removed: null },
        { id: 96, accountName: 'locked-user', uuid: randomUUID(), type: 0, domainId: 2, state: 'locked', created: new Date(), removed: null },
      ]);
      for (const accountId of [1, 95, 96]) {
        const key = generateApiKey();
        await gw.db.dataSource.getRepository(ApiKeyEntity).insert({
          uuid: randomUUID(),
          name: 'issued before the rule',
          keyPrefix: apiKeyPrefix(key),
          keyHash: hashApiKey(key),
          accountId,
          createdAt: new Date(),
          revokedAt: null,
          lastUsedAt: null,
        });
        const result = await gw.graphql('{ hosts { totalCount } }', undefined, key);
        expect(result.status).toBe(401);
        expect(codes(result.body)).toEqual(['UNAUTHENTICATED']);
      }
      await expect(gw.keys.create({ account: 'PrjAcct-web' })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(/project's account/),
      });
    });
  });

  describe('finding 5: cursors are an oracle', () => {
    const VMS =
      'query($after: String, $filter: VirtualMachineFilter) { virtualMachines(first: 2, after: $after, filter: $filter) { totalCount edges { cursor node { id } } } }';

    it("refuses a cursor made from a foreign VM's uuid exactly as one made from an unknown uuid", async () => {
      const foreign = await gw.graphql(VMS, { after: legacyCursor(gw.demo!.handles.vms['flex-db-01']) }, keys.alice);
      const unknown = await gw.graphql(VMS, { after: legacyCursor(UNKNOWN_VM) }, keys.alice);
      expect(codes(foreign.body)).toEqual(['BAD_USER_INPUT']);
      expect(foreign.body).toEqual(unknown.body);
      expect(foreign.body.data).toBeNull();
    });

    it('accepts a cursor back only from the caller it was given to, for the same connection and filter, unaltered', async () => {
      const own = (await gw.graphql(VMS, {}, keys.alice)).body.data.virtualMachines.edges[0].cursor;
      expect(codes((await gw.graphql(VMS, { after: own }, keys.alice)).body)).toEqual([]);
      const admins = (await gw.graphql(VMS, {}, keys.admin)).body.data.virtualMachines.edges[0].cursor;
      const running = (await gw.graphql(VMS, { filter: { states: ['RUNNING'] } }, keys.alice)).body.data.virtualMachines.edges[0].cursor;
      const bytes = Buffer.from(own, 'base64url');
      bytes[5] ^= 1;
      const refusals = [
        await gw.graphql(VMS, { after: admins }, keys.alice),
        await gw.graphql(VMS, { after: own }, keys.carol),
        await gw.graphql(VMS, { after: running }, keys.alice),
        await gw.graphql('query($after: String) { volumes(after: $after) { totalCount } }', { after: own }, keys.alice),
        await gw.graphql(VMS, { after: bytes.toString('base64url') }, keys.alice),
        await gw.graphql(VMS, { after: `${own}A` }, keys.alice),
      ];
      for (const refused of refusals) {
        expect(codes(refused.body)).toEqual(['BAD_USER_INPUT']);
        expect(refused.body.errors[0].message).toBe('"after" is not a cursor of this list for this API key; start again from the first page.');
      }
      expect(codes((await gw.graphql(VMS, { after: running, filter: { states: ['RUNNING'] } }, keys.alice)).body)).toEqual([]);
    });
  });

  describe('finding 6: a 200 KB GET query string', () => {
    const get = (path: string, headers: Record<string, string> = {}) =>
      gw.request(path, { headers: { authorization: `Bearer ${keys.alice}`, 'apollo-require-preflight': 'true', ...headers } });

    it('answers 414 with a GraphQL error body instead of resetting the connection, and serves the next request', async () => {
      for (const size of [200_000, 20_000]) {
        const result = await get(`/graphql?query=${encodeURIComponent(`{ __typename ${' '.repeat(size)}}`)}`);
        expect(result.status).toBe(414);
        expect(result.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/send the query with POST/) });
      }
      expect((await get(`/graphql?query=${encodeURIComponent('{ __typename }')}`)).body).toEqual({ data: { __typename: 'Query' } });
    });

    it('answers headers over the limit with 431', async () => {
      expect((await get('/graphql?query=%7B__typename%7D', { 'x-padding': 'p'.repeat(30_000) })).status).toBe(431);
    });
  });

  describe('finding 7: introspection for every key, one persisted-query cache for all accounts', () => {
    const SCHEMA = '{ __schema { queryType { name } } }';

    it('lets administrators introspect and refuses users with FORBIDDEN, even for a document an admin had validated', async () => {
      expect((await gw.graphql(SCHEMA, undefined, keys.admin)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
      for (const document of [SCHEMA, 'query { ...Probe } fragment Probe on Query { __type(name: "Host") { fields { name } } }']) {
        const refused = await gw.graphql(document, undefined, keys.alice);
        expect(refused.status).toBe(403);
        expect(refused.body).toEqual({
          errors: [{ message: expect.stringMatching(/^Introspection is for ROOT_ADMIN, READ_ONLY_ADMIN only/), extensions: { code: 'FORBIDDEN' } }],
        });
      }
      expect((await gw.graphql('{ virtualMachinez { totalCount } }', undefined, keys.alice)).body.errors[0].message).not.toMatch(/Did you mean/);
    });

    it('finds a persisted document only for the account that registered it', async () => {
      const query = 'query Mine { virtualMachines { totalCount } }';
      const persistedQuery = { version: 1, sha256Hash: sha256(query) };
      expect((await post(keys.admin, { query, extensions: { persistedQuery } })).body.data.virtualMachines.totalCount).toBe(34);
      expect((await post(keys.alice, { extensions: { persistedQuery } })).body).toEqual({
        errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
      });
      expect((await post(keys.admin, { extensions: { persistedQuery } })).body.data.virtualMachines.totalCount).toBe(34);
    });
  });
});
