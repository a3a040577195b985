import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountEntity } from '../../../src/infra/db/entities';
import { demoHandles } from '../../../src/infra/db/seed/demo-inventory';
import { type HttpTestGateway, startHttpTestGateway } from '../../support/http-gateway';
import { DATABASE_KINDS } from '../../support/test-database';

const handles = demoHandles();
const UNKNOWN = '11111111-2222-4333-8444-555555555555';
const HOSTS = 'query($vmId: ID!) { migrationTargets(vmId: $vmId) { hosts { host { name } suitable } } }';
const POOLS = 'query($id: ID!) { storagePoolsForMigration(volumeId: $id) { pool { name } suitable } }';

/** Over HTTP with API keys, as a client sees it: roles, refusals, limits. */
describe.each(DATABASE_KINDS)('migration-target queries over HTTP on %s', (kind) => {
  let gw: HttpTestGateway;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    gw = await startHttpTestGateway(kind, { seedDemo: true });
    // A read-only admin sees the infrastructure, but may not plan migrations.
    await gw.db.dataSource.getRepository(AccountEntity).insert({
      id: 90,
      accountName: 'auditor',
      uuid: '5e1f0000-0000-4000-8000-000000000090',
      type: 4,
      domainId: 1,
      state: 'enabled',
      created: new Date(),
      removed: null,
    });
    for (const account of ['admin', 'eng-admin', 'alice', 'auditor']) keys[account] = await gw.keyFor(account);
  });
  afterAll(async () => gw?.close());

  it('answers root admins, and refuses everyone else with FORBIDDEN before reading anything', async () => {
    const ok = await gw.graphql(HOSTS, { vmId: handles.vms['web-01'] }, keys.admin);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.migrationTargets.hosts.length).toBeGreaterThan(5);
    for (const account of ['eng-admin', 'alice', 'auditor']) {
      const refused = await gw.graphql(HOSTS, { vmId: handles.vms['web-01'] }, keys[account]);
      expect(
        refused.body.errors.map((e: any) => e.extensions.code),
        account,
      ).toEqual(['FORBIDDEN']);
      expect(refused.body.data).toBeNull();
      const pools = await gw.graphql(POOLS, { id: UNKNOWN }, keys[account]);
      expect(
        pools.body.errors.map((e: any) => e.extensions.code),
        account,
      ).toEqual(['FORBIDDEN']);
    }
    const anonymous = await gw.graphql(HOSTS, { vmId: handles.vms['web-01'] });
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('says NOT_FOUND for an unknown VM or volume and BAD_USER_INPUT for a malformed id', async () => {
    expect((await gw.graphql(HOSTS, { vmId: UNKNOWN }, keys.admin)).body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await gw.graphql(POOLS, { id: UNKNOWN }, keys.admin)).body.errors[0].extensions.code).toBe('NOT_FOUND');
    const malformed = await gw.graphql('query { migrationTargets(vmId: "x; drop", hostIds: ["y y"]) { hosts { suitable } } }', {}, keys.admin);
    expect(malformed.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { argument: 'vmId' } });
  });

  it("refuses a VM that cannot migrate with CloudStack's message and the reason code (T1)", async () => {
    const stopped = await gw.graphql(HOSTS, { vmId: handles.vms['stopped-01'] }, keys.admin);
    expect(stopped.body.errors[0]).toMatchObject({
      message: 'Instance is not Running, cannot migrate the instance with specified id',
      extensions: { code: 'BAD_USER_INPUT', details: { argument: 'vmId', reason: 'VM_NOT_RUNNING' } },
    });
  });

  it('lists no host for the XenServer VM: the zone has no other XenServer host (T5)', async () => {
    const xen = await gw.graphql(HOSTS, { vmId: handles.vms['xen-legacy-01'] }, keys.admin);
    expect(xen.body.data.migrationTargets.hosts).toEqual([]);
  });

  it('returns the best N with first, refuses first above the page-size cap, and is bounded by the query cost limit', async () => {
    const best = await gw.graphql(
      'query($vmId: ID!) { migrationTargets(vmId: $vmId) { hosts(first: 2) { host { name } volumes { pools(first: 1) { pool { name } } } } } }',
      { vmId: handles.vms['web-01'] },
      keys.admin,
    );
    expect(best.body.data.migrationTargets.hosts.map((h: any) => h.host.name)).toEqual(['kvm-a2', 'kvm-a3']);
    expect(best.body.data.migrationTargets.hosts[0].volumes.every((v: any) => v.pools.length === 1)).toBe(true);
    const tooMany = await gw.graphql(
      'query($vmId: ID!) { migrationTargets(vmId: $vmId) { hosts(first: 101) { suitable } } }',
      { vmId: handles.vms['web-01'] },
      keys.admin,
    );
    expect(tooMany.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { argument: 'first' } });
    const huge = await gw.graphql(
      'query($vmId: ID!) { migrationTargets(vmId: $vmId) { hosts(first: 100) { host { id name status } volumes { volume { id name } pools(first: 100) { pool { id name type } suitable reasons { code message } cloneMode templateStaging { kind } } } } } }',
      { vmId: handles.vms['web-01'] },
      keys.admin,
    );
    expect(huge.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });
});
