import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountEntity } from '../../../src/infra/db/entities';
import { DEMO_ACCOUNTS, DEMO_DOMAINS, DEMO_TEMPLATES } from '../../../src/infra/db/seed/demo-catalog';
import type { DemoHandles } from '../../../src/infra/db/seed/demo-inventory';
import { DEMO_VMS } from '../../../src/infra/db/seed/demo-vms';
import { type HttpTestGateway, startHttpTestGateway } from '../../support/http-gateway';
import { DATABASE_KINDS } from '../../support/test-database';

type Role = 'admin' | 'eng-admin' | 'alice' | 'carol' | 'auditor';
const UNKNOWN_UUID = '00000000-0000-4000-8000-00000000dead';

/** VM names an account may see, from the demo catalog (CloudStack's rules, computed independently of the SQL). */
function expectedVmNames(role: Role): string[] {
  const live = DEMO_VMS.filter((vm) => vm.state !== 'Expunging');
  if (role === 'admin' || role === 'auditor') return live.map((vm) => vm.name).sort();
  const me = DEMO_ACCOUNTS.find((a) => a.name === role)!;
  if (me.type === 2) {
    const path = DEMO_DOMAINS.find((d) => d.id === me.domain)!.path;
    const inTree = new Set(DEMO_DOMAINS.filter((d) => d.path.startsWith(path)).map((d) => d.id as number));
    const accounts = new Set(DEMO_ACCOUNTS.filter((a) => inTree.has(a.domain)).map((a) => a.name as string));
    return live
      .filter((vm) => accounts.has(vm.owner))
      .map((vm) => vm.name)
      .sort();
  }
  return live
    .filter((vm) => vm.owner === role)
    .map((vm) => vm.name)
    .sort();
}

describe.each(DATABASE_KINDS)('who sees what, by CloudStack role, on %s', (kind) => {
  let gw: HttpTestGateway;
  let handles: DemoHandles;
  const keys = {} as Record<Role, string>;

  beforeAll(async () => {
    gw = await startHttpTestGateway(kind, { seedDemo: true });
    handles = gw.demo!.handles;
    // A read-only admin (account.type 4) next to the demo's accounts.
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
    for (const role of ['admin', 'eng-admin', 'alice', 'carol', 'auditor'] as Role[]) keys[role] = await gw.keyFor(role);
  });
  afterAll(async () => gw?.close());

  async function query(role: Role, document: string, variables?: Record<string, unknown>) {
    const result = await gw.graphql(document, variables, keys[role]);
    return result.body as { data?: any; errors?: { message: string; path?: (string | number)[]; extensions: { code: string } }[] };
  }

  /** Every VM the role sees, paged `pageSize` at a time, checking totals and cursors on each page. */
  async function pageAllVms(role: Role, pageSize: number) {
    const names: string[] = [];
    const ids: string[] = [];
    const cursors = new Set<string>();
    let after: string | null = null;
    let total: number | undefined;
    for (let pages = 0; pages < 50; pages += 1) {
      const body = await query(
        role,
        `query($first: Int, $after: String) { virtualMachines(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`,
        { first: pageSize, after },
      );
      expect(body.errors).toBeUndefined();
      const connection = body.data.virtualMachines;
      total ??= connection.totalCount;
      expect(connection.totalCount).toBe(total);
      for (const edge of connection.edges) {
        cursors.add(edge.cursor);
        names.push(edge.node.name);
        ids.push(edge.node.id);
      }
      if (connection.edges.length) expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1).cursor);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(cursors.size).toBe(ids.length);
    return { names: names.sort(), total };
  }

  it.each(['admin', 'auditor', 'eng-admin', 'alice', 'carol'] as Role[])(
    '%s sees exactly its VMs, with a matching totalCount and cursors over pages of 4',
    async (role) => {
      const { names, total } = await pageAllVms(role, 4);
      const expected = expectedVmNames(role);
      expect(names).toEqual(expected);
      expect(total).toBe(expected.length);
    },
  );

  it('a root admin sees every live VM (34), and a user or domain admin strictly fewer', () => {
    expect(expectedVmNames('admin')).toHaveLength(34);
    expect(expectedVmNames('eng-admin')).toHaveLength(16);
    expect(expectedVmNames('alice')).toHaveLength(6);
  });

  it('a user sees the volumes of its own VMs only, and their total', async () => {
    const all = await query('admin', '{ volumes(first: 100) { totalCount edges { node { id vm { account { name } } } } } }');
    expect(all.errors).toBeUndefined();
    const alicesVolumes = all.data.volumes.edges
      .filter((e: any) => e.node.vm?.account?.name === 'alice')
      .map((e: any) => e.node.id)
      .sort();
    const mine = await query('alice', '{ volumes(first: 100) { totalCount edges { node { id vm { name account { name } } } } } }');
    expect(mine.errors).toBeUndefined();
    expect(mine.data.volumes.edges.map((e: any) => e.node.id).sort()).toEqual(alicesVolumes);
    expect(mine.data.volumes.totalCount).toBe(alicesVolumes.length);
    expect(alicesVolumes.length).toBeGreaterThan(0);
    expect(all.data.volumes.totalCount).toBeGreaterThan(alicesVolumes.length);
  });

  it('a domain admin sees the volumes of its domain subtree and none of another domain', async () => {
    const body = await query('eng-admin', '{ volumes(first: 100) { totalCount edges { node { vm { account { name } } } } } }');
    expect(body.errors).toBeUndefined();
    const owners = new Set(body.data.volumes.edges.map((e: any) => e.node.vm?.account?.name));
    expect([...owners].sort()).toEqual(['alice', 'bob', 'eng-admin']);
  });

  it("a user sees the public templates and its own, never another account's private template", async () => {
    const publicLive = DEMO_TEMPLATES.filter((t) => t.isPublic && !('removedOnDay' in t))
      .map((t) => t.name)
      .sort();
    const body = await query('alice', '{ templates(first: 50) { totalCount edges { node { name isPublic } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.templates.edges.map((e: any) => e.node.name).sort()).toEqual(publicLive);
    expect(body.data.templates.totalCount).toBe(publicLive.length);
    const dummy = handles.templates['kvm-default-vm-import-dummy-template'];
    expect(await query('alice', 'query($id: ID!) { template(id: $id) { name } }', { id: dummy })).toEqual({ data: { template: null } });
    expect((await query('admin', 'query($id: ID!) { template(id: $id) { name } }', { id: dummy })).data.template.name).toBe(
      'kvm-default-vm-import-dummy-template',
    );
  });

  describe('reading by id', () => {
    const VOLUME_BY_ID = 'query($id: ID!) { volume(id: $id) { id name } }';

    async function someVolumeOf(account: string): Promise<string> {
      const body = await query('admin', '{ volumes(first: 100) { edges { node { id vm { account { name } } } } } }');
      return body.data.volumes.edges.find((e: any) => e.node.vm?.account?.name === account).node.id;
    }

    it("a user can never read another account's volume by id: the answer is null, exactly as for an unknown id", async () => {
      const carols = await someVolumeOf('carol');
      const unknown = await gw.graphql(VOLUME_BY_ID, { id: UNKNOWN_UUID }, keys.alice);
      const foreign = await gw.graphql(VOLUME_BY_ID, { id: carols }, keys.alice);
      expect(foreign.status).toBe(unknown.status);
      expect(foreign.body).toEqual({ data: { volume: null } });
      expect(foreign.body).toEqual(unknown.body);
      // Through the global object lookups too.
      expect((await query('alice', 'query($id: ID!) { node(id: $id) { id } }', { id: carols })).data).toEqual({ node: null });
      expect((await query('alice', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [carols, UNKNOWN_UUID] })).data).toEqual({ nodes: [null, null] });
      // ... while the owner reads it.
      expect((await query('carol', VOLUME_BY_ID, { id: carols })).data.volume.id).toBe(carols);
    });

    it('a domain admin cannot read a volume or VM of another domain by id', async () => {
      const carols = await someVolumeOf('carol');
      expect((await query('eng-admin', VOLUME_BY_ID, { id: carols })).data).toEqual({ volume: null });
      expect((await query('eng-admin', 'query($id: ID!) { virtualMachine(id: $id) { name } }', { id: handles.vms['flex-db-01'] })).data).toEqual({
        virtualMachine: null,
      });
      expect((await query('eng-admin', 'query($id: ID!) { virtualMachine(id: $id) { name } }', { id: handles.vms['web-01'] })).data.virtualMachine.name).toBe(
        'web-01',
      );
    });

    it("a user reads its own VM by id and gets null for a colleague's in the same domain", async () => {
      const byId = 'query($id: ID!) { virtualMachine(id: $id) { name } }';
      expect((await query('alice', byId, { id: handles.vms['web-01'] })).data.virtualMachine.name).toBe('web-01');
      expect((await query('alice', byId, { id: handles.vms['local-db-01'] })).data.virtualMachine).toBeNull();
    });

    it('node(id:) answers null for hosts and pools to users and domain admins, and the object to administrators', async () => {
      const document = 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }';
      const ids = [handles.hosts['kvm-a1'], handles.pools['nfs-a1']];
      for (const role of ['alice', 'eng-admin'] as Role[]) expect((await query(role, document, { ids })).data.nodes).toEqual([null, null]);
      for (const role of ['admin', 'auditor'] as Role[])
        expect((await query(role, document, { ids })).data.nodes.map((n: any) => n.__typename)).toEqual(['Host', 'StoragePool']);
    });

    it('accounts are visible to their owner and to the admins of their domain, not to other users', async () => {
      const document = 'query($id: ID!) { node(id: $id) { ... on Account { name role } } }';
      expect((await query('alice', document, { id: handles.accounts.alice })).data.node).toEqual({ name: 'alice', role: 'USER' });
      expect((await query('alice', document, { id: handles.accounts.bob })).data.node).toBeNull();
      expect((await query('eng-admin', document, { id: handles.accounts.bob })).data.node).toEqual({ name: 'bob', role: 'USER' });
      expect((await query('eng-admin', document, { id: handles.accounts.carol })).data.node).toBeNull();
    });
  });

  describe('refusals', () => {
    it.each(['alice', 'eng-admin'] as Role[])('%s is refused hosts and storage pools with FORBIDDEN', async (role) => {
      for (const document of [
        '{ hosts(first: 5) { totalCount } }',
        '{ storagePools(first: 5) { totalCount } }',
        `{ host(id: "${UNKNOWN_UUID}") { name } }`,
        `{ storagePool(id: "${UNKNOWN_UUID}") { name } }`,
      ]) {
        const result = await gw.graphql(document, undefined, keys[role]);
        expect(result.status).toBe(200);
        expect(result.body.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
        expect(result.body.errors[0].message).toMatch(/is for administrators only/);
      }
    });

    it('a user reading the host of its own VM gets null for that field with FORBIDDEN at its path, and the rest of the answer', async () => {
      const body = await query('alice', 'query($id: ID!) { virtualMachine(id: $id) { name state host { name } } }', { id: handles.vms['web-01'] });
      expect(body.data).toEqual({ virtualMachine: { name: 'web-01', state: 'RUNNING', host: null } });
      expect(body.errors).toMatchObject([{ path: ['virtualMachine', 'host'], extensions: { code: 'FORBIDDEN' } }]);
    });

    it.each([
      ['VirtualMachine.lastHost', 'virtualMachine(id: $id) { lastHost { name } }'],
      ['VirtualMachine.instanceName', 'virtualMachine(id: $id) { instanceName }'],
      ['Volume.pool', 'virtualMachine(id: $id) { volumes { pool { name } } }'],
      ['Volume.path', 'virtualMachine(id: $id) { volumes { path } }'],
      ['Template.poolRefs', 'virtualMachine(id: $id) { template { poolRefs { edges { node { installPath } } } } }'],
      ['Template.storeRefs', 'virtualMachine(id: $id) { template { storeRefs { edges { node { installPath } } } } }'],
    ])('a user is refused %s (storage and hypervisor internals) with FORBIDDEN', async (field, selection) => {
      const body = await query('alice', `query($id: ID!) { ${selection} }`, { id: handles.vms['web-01'] });
      expect(body.errors?.length).toBeGreaterThan(0);
      for (const error of body.errors!) {
        expect(error.extensions.code).toBe('FORBIDDEN');
        expect(error.message).toContain(field);
      }
      // Administrators get the same fields.
      const admin = await query('admin', `query($id: ID!) { ${selection} }`, { id: handles.vms['web-01'] });
      expect(admin.errors).toBeUndefined();
    });

    it.each(['alice', 'eng-admin', 'auditor'] as Role[])('%s may not plan, start or read migrations (FORBIDDEN), unlike a root admin', async (role) => {
      const input = { vmId: handles.vms['web-01'], destinationHostId: handles.hosts['kvm-a2'], volumes: [] };
      const documents: [string, Record<string, unknown>?][] = [
        ['query($input: MigrateVmWithStorageInput!) { migrationPlan(input: $input) { forceFullClone } }', { input }],
        ['mutation($input: MigrateVmWithStorageInput!) { migrateVmWithStorage(input: $input) { job { id } } }', { input }],
        [`{ migrationJob(id: "${UNKNOWN_UUID}") { id } }`],
        ['{ migrationJobs(first: 5) { totalCount } }'],
      ];
      for (const [document, variables] of documents) {
        const body = await query(role, document, variables);
        expect(body.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
      }
      const admin = await query('admin', documents[0][0], documents[0][1]);
      expect(admin.errors?.map((e) => e.extensions.code) ?? []).not.toContain('FORBIDDEN');
      expect(admin.data?.migrationPlan).toBeTruthy();
    });

    it('a read-only admin sees hosts and pools like a root admin', async () => {
      const body = await query('auditor', '{ hosts(first: 50) { totalCount } storagePools(first: 50) { totalCount } }');
      const admin = await query('admin', '{ hosts(first: 50) { totalCount } storagePools(first: 50) { totalCount } }');
      expect(body).toEqual(admin);
      expect(body.data.hosts.totalCount).toBe(Object.keys(handles.hosts).length);
    });
  });
});
