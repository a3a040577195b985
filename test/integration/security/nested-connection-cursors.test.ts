import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountEntity } from '../../../src/infra/db/entities';
import { type HttpTestGateway, startHttpTestGateway } from '../../support/http-gateway';
import { DATABASE_KINDS } from '../../support/test-database';

/**
 * Issue 13's nested connections with issue 14's cursors: every nested cursor is signed and bound
 * to its field, its parent's public id, its filter and the caller, and the reference lists'
 * cursors (positioned by a row id, template_spool_ref and template_store_ref have no uuid) show
 * no id. Replayed over HTTP as a client would send them.
 */
const REFUSED = '"after" is not a cursor of this list for this API key; start again from the first page.';

interface Nested {
  /** The parent type's field, as the cursor binding names it. */
  connection: string;
  /** Root list of the parents, and the lookup of one parent by id. */
  parents: string;
  lookup: string;
  field: string;
  /** A filter argument the field takes, to show a cursor is bound to its filter (null: the field takes none). */
  filter: string | null;
}

const NESTED: Nested[] = [
  { connection: 'StoragePool.volumes', parents: 'storagePools', lookup: 'storagePool', field: 'volumes', filter: '{ types: [ROOT] }' },
  { connection: 'Host.virtualMachines', parents: 'hosts', lookup: 'host', field: 'virtualMachines', filter: '{ states: [RUNNING] }' },
  { connection: 'StoragePool.templateRefs', parents: 'storagePools', lookup: 'storagePool', field: 'templateRefs', filter: null },
  { connection: 'Template.poolRefs', parents: 'templates', lookup: 'template', field: 'poolRefs', filter: null },
  { connection: 'Template.storeRefs', parents: 'templates', lookup: 'template', field: 'storeRefs', filter: null },
];

const codes = (body: any) => (body.errors ?? []).map((e: any) => e.extensions?.code);

/** One bit flipped at byte `at` of the cursor's bytes (the version, the position or the MAC). */
function flipBit(cursor: string, at: number): string {
  const bytes = Buffer.from(cursor, 'base64url');
  bytes[at] ^= 0x01;
  return bytes.toString('base64url');
}

describe.each(DATABASE_KINDS)('nested connection cursors on %s', (kind) => {
  let gw: HttpTestGateway;
  const keys = { admin: '', auditor: '' };

  beforeAll(async () => {
    gw = await startHttpTestGateway(kind, { seedDemo: true });
    // A second account that sees the whole cloud (read-only admin): the same rows, another caller.
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
    keys.admin = await gw.keyFor('admin');
    keys.auditor = await gw.keyFor('auditor');
  });
  afterAll(async () => gw?.close());

  /** A page of one parent's nested list: its cursors, or the error codes and messages of a refusal. */
  async function page(nested: Nested, parentId: string, after: string | null, key: string, filter: string | null = null) {
    const args = `first: 1, after: $after${filter ? `, filter: ${filter}` : ''}`;
    const query = `query($id: ID!, $after: String) { ${nested.lookup}(id: $id) { ${nested.field}(${args}) { totalCount edges { cursor } } } }`;
    const { body } = await gw.graphql(query, { id: parentId, after }, key);
    return {
      codes: codes(body),
      messages: (body.errors ?? []).map((e: any) => e.message),
      cursors: (body.data?.[nested.lookup]?.[nested.field]?.edges ?? []).map((e: any) => e.cursor as string),
      parent: body.data?.[nested.lookup],
    };
  }

  /** Two parents of the nested list: the one with the most children (at least one, so there is a cursor), and another. */
  async function parentsOf(nested: Nested) {
    const { body } = await gw.graphql(`{ ${nested.parents}(first: 100) { edges { node { id ${nested.field}(first: 1) { totalCount } } } } }`, {}, keys.admin);
    expect(body.errors).toBeUndefined();
    const nodes: { id: string; [field: string]: any }[] = body.data[nested.parents].edges.map((e: any) => e.node);
    const [busy] = [...nodes].sort((a, b) => b[nested.field].totalCount - a[nested.field].totalCount);
    expect(busy?.[nested.field].totalCount, `a parent of ${nested.connection} with children in the demo`).toBeGreaterThan(0);
    const other = nodes.find((n) => n.id !== busy.id);
    expect(other).toBeDefined();
    return { busy: busy.id, other: other!.id, children: busy[nested.field].totalCount as number };
  }

  describe.each(NESTED)('$connection', (nested) => {
    let parents: Awaited<ReturnType<typeof parentsOf>>;
    let cursor: string;

    beforeAll(async () => {
      parents = await parentsOf(nested);
      const first = await page(nested, parents.busy, null, keys.admin);
      expect(first.codes).toEqual([]);
      expect(first.cursors).toHaveLength(1);
      cursor = first.cursors[0];
    });

    it('takes its own cursor back: the next page of the same parent, for the same caller', async () => {
      const next = await page(nested, parents.busy, cursor, keys.admin);
      expect(next.codes).toEqual([]);
      expect(next.cursors).toHaveLength(Math.min(1, parents.children - 1));
      expect(next.cursors).not.toContain(cursor);
    });

    it("refuses it under another parent (another pool's, host's or template's cursor) with BAD_USER_INPUT", async () => {
      const refused = await page(nested, parents.other, cursor, keys.admin);
      expect(refused.codes).toEqual(['BAD_USER_INPUT']);
      expect(refused.messages).toEqual([REFUSED]);
      expect(refused.parent).toBeNull();
    });

    it('refuses it from another account that sees the same rows (a read-only admin) with BAD_USER_INPUT', async () => {
      expect((await page(nested, parents.busy, null, keys.auditor)).codes).toEqual([]);
      const refused = await page(nested, parents.busy, cursor, keys.auditor);
      expect(refused.codes).toEqual(['BAD_USER_INPUT']);
      expect(refused.messages).toEqual([REFUSED]);
    });

    it('refuses it altered anywhere (version, position, MAC), truncated or extended, with BAD_USER_INPUT', async () => {
      const length = Buffer.from(cursor, 'base64url').length;
      const altered = [
        flipBit(cursor, 0),
        flipBit(cursor, 2),
        flipBit(cursor, Math.floor(length / 2)),
        flipBit(cursor, length - 1),
        cursor.slice(0, -1),
        `${cursor}A`,
      ];
      for (const bad of altered) expect((await page(nested, parents.busy, bad, keys.admin)).codes, bad).toEqual(['BAD_USER_INPUT']);
    });

    if (nested.filter !== null) {
      it(`refuses it for the same parent read with another filter (${nested.filter})`, async () => {
        const refused = await page(nested, parents.busy, cursor, keys.admin, nested.filter);
        expect(refused.codes).toEqual(['BAD_USER_INPUT']);
      });
    }

    it("refuses every other nested list's cursor, even one over the same table (Template.poolRefs / StoragePool.templateRefs)", async () => {
      for (const other of NESTED.filter((n) => n.connection !== nested.connection)) {
        const { busy } = await parentsOf(other);
        const [foreign] = (await page(other, busy, null, keys.admin)).cursors;
        expect(foreign).toBeDefined();
        // The parent of the list under test, so only the connection differs where parents share a type.
        expect((await page(nested, parents.busy, foreign, keys.admin)).codes, other.connection).toEqual(['BAD_USER_INPUT']);
      }
    });
  });

  it('refuses a root list cursor in a nested list and a nested cursor in the root list', async () => {
    const { busy } = await parentsOf(NESTED[0]);
    const rootPage = await gw.graphql(
      'query($after: String) { volumes(first: 1, after: $after) { edges { cursor node { id } } } }',
      { after: null },
      keys.admin,
    );
    const rootCursor = rootPage.body.data.volumes.edges[0].cursor;
    expect((await page(NESTED[0], busy, rootCursor, keys.admin)).codes).toEqual(['BAD_USER_INPUT']);
    const [nestedCursor] = (await page(NESTED[0], busy, null, keys.admin)).cursors;
    const refused = await gw.graphql('query($after: String) { volumes(first: 1, after: $after) { edges { cursor } } }', { after: nestedCursor }, keys.admin);
    expect(codes(refused.body)).toEqual(['BAD_USER_INPUT']);
  });

  it("shows no reference row's id in its cursor: every reference cursor is as long as the others and holds neither the id's bytes nor the old cs1: form", async () => {
    const refIds = async (table: string) =>
      (await gw.db.dataSource.query<{ id: number | string }[]>(`SELECT id FROM ${table} ORDER BY id`)).map((r) => Number(r.id));
    const ids = [...(await refIds('template_spool_ref')), ...(await refIds('template_store_ref'))];
    expect(ids.length).toBeGreaterThan(0);
    const cursors: string[] = [];
    for (const nested of NESTED.filter((n) => n.field.endsWith('Refs'))) {
      const { body } = await gw.graphql(
        `{ ${nested.parents}(first: 100) { edges { node { ${nested.field}(first: 100) { edges { cursor } } } } } }`,
        {},
        keys.admin,
      );
      for (const parent of body.data[nested.parents].edges) cursors.push(...parent.node[nested.field].edges.map((e: any) => e.cursor));
    }
    expect(cursors.length).toBeGreaterThanOrEqual(ids.length);
    expect(new Set(cursors.map((c) => c.length)).size).toBe(1);
    for (const cursor of cursors) {
      const bytes = Buffer.from(cursor, 'base64url');
      expect(bytes.toString('latin1')).not.toMatch(/cs1:/);
      for (const id of ids) {
        const be64 = Buffer.alloc(8);
        be64.writeBigUInt64BE(BigInt(id));
        const be32 = Buffer.alloc(4);
        be32.writeUInt32BE(id);
        const le32 = Buffer.alloc(4);
        le32.writeUInt32LE(id);
        for (const encoding of [be64, be32, le32]) expect(bytes.includes(encoding), `row id ${id} in ${cursor}`).toBe(false);
      }
    }
  });
});
