import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountEntity } from '../../../src/infra/db/entities';
import { type HttpTestGateway, startHttpTestGateway } from '../../support/http-gateway';
import { createMigrationStack } from '../../support/migration-stack';
import { DATABASE_KINDS } from '../../support/test-database';
import { allUuids, type Seer, seerOf, seesInfrastructure, seesMigrationJobs, type VisibleKind, visibleUuids, volumesByVm } from './support/visible-rows';

/**
 * The role matrix (issue 14): every root list and lookup, for every kind of CloudStack account,
 * compared with what the rows say that account may see (support/visible-rows.ts, plain SQL):
 * the same ids, the same totalCount, and not one foreign row. Lookups ask for every uuid of the
 * table, removed and foreign ones included.
 */
const ACCOUNTS = ['admin', 'auditor', 'eng-admin', 'fin-resadmin', 'alice', 'carol'] as const;
type AccountName = (typeof ACCOUNTS)[number];

interface ListSurface {
  field: string;
  kind: VisibleKind;
  includeRemoved?: boolean;
}
const LISTS: [string, ListSurface][] = [
  ...(
    ['virtualMachines:vm', 'volumes:volume', 'templates:template', 'zones:zone', 'clusters:cluster', 'hosts:host', 'storagePools:storagePool'] as const
  ).flatMap((entry) => {
    const [field, kind] = entry.split(':') as [string, VisibleKind];
    return [
      [field, { field, kind }],
      [`${field}(filter: { includeRemoved: true })`, { field, kind, includeRemoved: true }],
    ] as [string, ListSurface][];
  }),
  ['migrationJobs', { field: 'migrationJobs', kind: 'migrationJob' }],
];
const LOOKUPS: [field: string, kind: VisibleKind][] = [
  ['virtualMachine', 'vm'],
  ['volume', 'volume'],
  ['template', 'template'],
  ['zone', 'zone'],
  ['cluster', 'cluster'],
  ['host', 'host'],
  ['storagePool', 'storagePool'],
  ['migrationJob', 'migrationJob'],
];
const NODE_KINDS: VisibleKind[] = [
  'vm',
  'volume',
  'template',
  'zone',
  'cluster',
  'host',
  'storagePool',
  'imageStore',
  'guestOs',
  'account',
  'domain',
  'migrationJob',
];
const ALIASES_PER_DOCUMENT = 25;

const allowed = (seer: Seer, kind: VisibleKind) =>
  kind === 'migrationJob' ? seesMigrationJobs(seer) : ['cluster', 'host', 'storagePool', 'imageStore'].includes(kind) ? seesInfrastructure(seer) : true;
const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const sorted = (ids: Iterable<string>) => [...ids].sort();

describe.each(DATABASE_KINDS)('the role matrix on %s', (kind) => {
  let gw: HttpTestGateway;
  const keys = {} as Record<AccountName, string>;
  const seers = {} as Record<AccountName, Seer>;

  beforeAll(async () => {
    gw = await startHttpTestGateway(kind, { seedDemo: true });
    // The demo has root admins, a domain admin and users; a read-only admin and a resource-domain admin join them.
    await gw.db.dataSource.getRepository(AccountEntity).insert([
      {
        id: 90,
        accountName: 'auditor',
        uuid: '5e1f0000-0000-4000-8000-000000000090',
        type: 4,
        domainId: 1,
        state: 'enabled',
        created: new Date(),
        removed: null,
      },
      {
        id: 91,
        accountName: 'fin-resadmin',
        uuid: '5e1f0000-0000-4000-8000-000000000091',
        type: 3,
        domainId: 3,
        state: 'enabled',
        created: new Date(),
        removed: null,
      },
    ]);
    for (const name of ACCOUNTS) {
      keys[name] = await gw.keyFor(name);
      seers[name] = await seerOf(gw.db.dataSource, name);
    }
    await storeMigrationJob();
  });

  /** A stored (not running) migration job, so the job surfaces have a row to show or hide. */
  async function storeMigrationJob() {
    const stack = await createMigrationStack(kind, { database: gw.db, seed: false });
    const request = await stack.requestFor('nfs-to-nfs-shortcut');
    const plan = await stack.services.planMigration(request);
    const [vm] = await gw.db.dataSource.query('SELECT id, host_id FROM vm_instance WHERE uuid = ?', [request.vmUuid]);
    const [destination] = await gw.db.dataSource.query('SELECT id FROM host WHERE uuid = ?', [request.destinationHostUuid]);
    await stack.jobs.create({
      uuid: randomUUID(),
      vmId: Number(vm.id),
      sourceHostId: Number(vm.host_id),
      destinationHostId: Number(destination.id),
      request,
      plan,
      idempotencyKey: null,
      requestedByAccountId: 2,
      leaseOwner: 'role-matrix',
      leaseExpiresAt: new Date(Date.now() + 3_600_000),
    });
  }
  afterAll(async () => gw?.close());

  async function ask(account: AccountName, query: string, variables?: Record<string, unknown>) {
    const result = await gw.graphql(query, variables, keys[account]);
    expect(result.status, JSON.stringify(result.body).slice(0, 300)).toBeLessThan(500);
    return result.body as { data?: any; errors?: { extensions: { code: string } }[] };
  }
  const codesOf = (body: { errors?: { extensions: { code: string } }[] }) => [...new Set((body.errors ?? []).map((e) => e.extensions.code))];

  describe.each(ACCOUNTS)('%s', (account) => {
    it.each(LISTS)('%s: exactly the visible rows, with their totalCount', async (_, { field, kind: rowKind, includeRemoved }) => {
      const seer = seers[account];
      const filter = includeRemoved ? ', filter: { includeRemoved: true }' : '';
      const document = `query($after: String) { ${field}(first: 100, after: $after${filter}) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
      if (!allowed(seer, rowKind)) {
        const body = await ask(account, document);
        expect(codesOf(body)).toEqual(['FORBIDDEN']);
        expect(body.data ?? null).toBeNull();
        return;
      }
      const seen: string[] = [];
      let after: string | null = null;
      let totalCount = -1;
      for (let page = 0; page < 20; page += 1) {
        const body = await ask(account, document, { after });
        expect(body.errors).toBeUndefined();
        const connection = body.data[field];
        totalCount = connection.totalCount;
        seen.push(...connection.edges.map((e: any) => e.node.id));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      const visible = await visibleUuids(gw.db.dataSource, seer, rowKind, includeRemoved);
      expect(seen.filter((id) => !visible.has(id))).toEqual([]);
      expect(sorted(seen)).toEqual(sorted(visible));
      expect(totalCount).toBe(visible.size);
    });

    it.each(LOOKUPS)('%s(id:) for every uuid of the table: the visible ones, null for the rest', async (field, rowKind) => {
      const seer = seers[account];
      const found: string[] = [];
      for (const ids of chunks(await allUuids(gw.db.dataSource, rowKind), ALIASES_PER_DOCUMENT)) {
        const body = await ask(account, `{ ${ids.map((id, i) => `a${i}: ${field}(id: "${id}") { id }`).join(' ')} }`);
        if (!allowed(seer, rowKind)) {
          expect(codesOf(body)).toEqual(['FORBIDDEN']);
        } else {
          expect(body.errors).toBeUndefined();
        }
        found.push(...Object.values((body.data ?? {}) as Record<string, { id: string } | null>).flatMap((node) => (node ? [node.id] : [])));
      }
      expect(sorted(found)).toEqual(allowed(seer, rowKind) ? sorted(await visibleUuids(gw.db.dataSource, seer, rowKind)) : []);
    });

    it.each(NODE_KINDS)('nodes(ids:) over every %s uuid: the visible ones, null for the rest', async (rowKind) => {
      const seer = seers[account];
      const found: string[] = [];
      for (const ids of chunks(await allUuids(gw.db.dataSource, rowKind), 100)) {
        const body = await ask(account, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
        expect(body.errors).toBeUndefined();
        body.data.nodes.forEach((node: { id: string } | null, i: number) => {
          if (node) expect(node.id).toBe(ids[i]);
          if (node) found.push(node.id);
        });
      }
      expect(sorted(found)).toEqual(allowed(seer, rowKind) ? sorted(await visibleUuids(gw.db.dataSource, seer, rowKind)) : []);
    });

    it('VirtualMachine.volumes and Volume.vm: every attached volume of each visible VM, and no foreign one', async () => {
      const seer = seers[account];
      const body = await ask(account, '{ virtualMachines(first: 100) { edges { node { id volumes { id vm { id } } } } } }');
      expect(body.errors).toBeUndefined();
      const [visibleVolumes, attached] = await Promise.all([visibleUuids(gw.db.dataSource, seer, 'volume'), volumesByVm(gw.db.dataSource)]);
      for (const { node: vm } of body.data.virtualMachines.edges) {
        const expected = [...(attached.get(vm.id) ?? [])].filter((id) => visibleVolumes.has(id));
        expect(sorted(vm.volumes.map((v: any) => v.id))).toEqual(sorted(expected));
        for (const volume of vm.volumes) expect(volume.vm.id).toBe(vm.id);
      }
    });
  });

  it('covers a domain admin and users with strictly less than the administrators, so the matrix can tell them apart', async () => {
    const count = async (name: AccountName, rowKind: VisibleKind) => (await visibleUuids(gw.db.dataSource, seers[name], rowKind)).size;
    for (const rowKind of ['vm', 'volume', 'account'] as VisibleKind[]) {
      expect(await count('eng-admin', rowKind)).toBeLessThan(await count('admin', rowKind));
      expect(await count('alice', rowKind)).toBeLessThan(await count('eng-admin', rowKind));
      expect(await count('alice', rowKind)).toBeGreaterThan(0);
    }
    expect(await count('fin-resadmin', 'vm')).toBeGreaterThan(0);
    expect(await count('auditor', 'vm')).toBe(await count('admin', 'vm'));
    expect(await count('admin', 'migrationJob')).toBe(1);
  });
});
