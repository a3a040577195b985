import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccountEntity, ApiKeyEntity } from '../../../src/infra/db/entities';
import { DEMO_HOSTS } from '../../../src/infra/db/seed/demo-topology';
import { type HttpTestGateway, startHttpTestGateway } from '../../support/http-gateway';
import { DATABASE_KINDS } from '../../support/test-database';

const VMS = '{ virtualMachines(first: 100) { totalCount edges { node { name account { name } } } } }';

function expectUnauthenticated(result: { status: number; headers: Headers; body: any }): void {
  expect(result.status).toBe(401);
  expect(result.headers.get('www-authenticate')).toMatch(/^Bearer /);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors).toHaveLength(1);
  expect(result.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
}

describe.each(DATABASE_KINDS)('API key authentication on %s', (kind) => {
  let gw: HttpTestGateway;

  beforeAll(async () => {
    gw = await startHttpTestGateway(kind, { seedDemo: true });
  });
  afterAll(async () => gw?.close());

  it('refuses a request without a key with 401 and UNAUTHENTICATED in a GraphQL error body', async () => {
    const result = await gw.graphql(VMS, undefined, null);
    expectUnauthenticated(result);
    expect(result.body.errors[0].message).toMatch(/Authorization: Bearer/);
  });

  it('refuses an unknown key, a malformed header and another scheme, with one message that tells nothing about the key', async () => {
    const unknown = await gw.graphql(VMS, undefined, `csk_${'A'.repeat(43)}`);
    const garbage = await gw.graphql(VMS, undefined, 'not-a-key');
    const basic = await gw.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic YWRtaW46cGFzc3dvcmQ=' },
      body: JSON.stringify({ query: VMS }),
    });
    for (const result of [unknown, garbage, basic]) expectUnauthenticated(result);
    expect(garbage.body.errors[0].message).toBe(unknown.body.errors[0].message);
  });

  it('accepts a live key and answers as its account', async () => {
    const key = await gw.keyFor('carol');
    const result = await gw.graphql(VMS, undefined, key);
    expect(result.status).toBe(200);
    const owners = new Set(result.body.data.virtualMachines.edges.map((e: any) => e.node.account.name));
    expect([...owners]).toEqual(['carol']);
  });

  it('refuses a key once it is revoked, and revoking twice says so', async () => {
    const created = await gw.keys.create({ account: 'dave', name: 'to revoke' });
    expect((await gw.graphql(VMS, undefined, created.key)).status).toBe(200);
    expect(await gw.keys.revoke(created.record.uuid)).toBe('revoked');
    expectUnauthenticated(await gw.graphql(VMS, undefined, created.key));
    expect(await gw.keys.revoke(created.record.uuid)).toBe('already-revoked');
    expect(await gw.keys.revoke('00000000-0000-4000-8000-000000000000')).toBe('not-found');
  });

  it('refuses the key of an account that was disabled or removed since', async () => {
    const accounts = gw.db.dataSource.getRepository(AccountEntity);
    await accounts.insert({
      id: 91,
      accountName: 'temp',
      uuid: 'a0000000-0000-4000-8000-000000000091',
      type: 0,
      domainId: 3,
      state: 'enabled',
      created: new Date(),
      removed: null,
    });
    const key = await gw.keyFor('temp');
    expect((await gw.graphql(VMS, undefined, key)).status).toBe(200);
    await accounts.update({ id: 91 }, { state: 'disabled' });
    expectUnauthenticated(await gw.graphql(VMS, undefined, key));
    await accounts.update({ id: 91 }, { state: 'enabled', removed: new Date() });
    expectUnauthenticated(await gw.graphql(VMS, undefined, key));
  });

  it('stores only the SHA-256 of a key and its first 12 characters, and shows the key nowhere else', async () => {
    const created = await gw.keys.create({ account: 'alice', name: 'hash check' });
    expect(created.key).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
    const row = await gw.db.dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ uuid: created.record.uuid });
    expect(row.keyHash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(row.keyPrefix).toBe(created.key.slice(0, 12));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const listed = (await gw.keys.list()).find((r) => r.uuid === created.record.uuid);
    expect(listed).toMatchObject({ name: 'hash check', keyPrefix: created.key.slice(0, 12), accountName: 'alice', revokedAt: null });
    expect(JSON.stringify(await gw.keys.list())).not.toContain(created.key);
  });

  it('records when a key was last used', async () => {
    const created = await gw.keys.create({ account: 'bob' });
    expect((await gw.keys.list()).find((r) => r.uuid === created.record.uuid)?.lastUsedAt).toBeNull();
    const before = Date.now();
    await gw.graphql(VMS, undefined, created.key);
    const used = (await gw.keys.list()).find((r) => r.uuid === created.record.uuid)?.lastUsedAt;
    expect(used).toBeInstanceOf(Date);
    expect(Math.abs(used!.getTime() - before)).toBeLessThan(60_000);
  });

  it('issues keys only to known, unambiguous, enabled accounts', async () => {
    await expect(gw.keys.create({ account: 'nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await gw.db.dataSource.getRepository(AccountEntity).insert({
      id: 92,
      accountName: 'locked-one',
      uuid: 'a0000000-0000-4000-8000-000000000092',
      type: 0,
      domainId: 2,
      state: 'locked',
      created: new Date(),
      removed: null,
    });
    await expect(gw.keys.create({ account: 'locked-one' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('counts refusals in the metrics by reason', async () => {
    const metrics = await gw.scrape();
    expect(metrics).toMatch(/^gateway_auth_failures_total\{reason="missing"\} [1-9]/m);
    expect(metrics).toMatch(/^gateway_auth_failures_total\{reason="invalid"\} [1-9]/m);
  });

  it('leaves health, readiness and the explorer page open without a key, and /metrics behind its own token', async () => {
    for (const path of ['/healthz', '/readyz', '/explorer']) expect((await gw.request(path)).status).toBe(200);
    expect((await gw.request('/metrics')).status).toBe(401);
  });
});

describe.each(DATABASE_KINDS)('GATEWAY_AUTH=off on %s', (kind) => {
  let gw: HttpTestGateway | undefined;
  afterEach(async () => gw?.close());

  it("makes every request the database's root admin, whatever it sends", async () => {
    gw = await startHttpTestGateway(kind, { seedDemo: true, auth: 'off' });
    for (const key of [null, 'garbage']) {
      const result = await gw.graphql('{ virtualMachines(first: 1) { totalCount } hosts(first: 1) { totalCount } }', undefined, key);
      expect(result.status).toBe(200);
      expect(result.body.data.virtualMachines.totalCount).toBe(34);
      expect(result.body.data.hosts.totalCount).toBe(DEMO_HOSTS.length);
    }
    const log = gw.logs.find((l) => l.msg === 'graphql request' && l.status === 200);
    expect(log?.account).toBe(gw.demo!.handles.accounts.admin);
  });

  it('acts as a synthetic root admin on a database without accounts', async () => {
    gw = await startHttpTestGateway(kind, { auth: 'off' });
    const result = await gw.graphql('{ virtualMachines(first: 1) { totalCount } hosts(first: 1) { totalCount } }', undefined, null);
    expect(result.body).toEqual({ data: { virtualMachines: { totalCount: 0 }, hosts: { totalCount: 0 } } });
  });
});
