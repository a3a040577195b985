import { afterEach, describe, expect, it } from 'vitest';
import { VolumeEntity } from '../../../src/infra/db/entities';
import { TypeOrmInventoryReader } from '../../../src/infra/db/typeorm-inventory-reader';
import { insertInventory, uuidOf } from '../../factories/inventory-rows.factory';
import { createTestGateway, type TestGateway } from '../../support/gateway-harness';
import { DATABASE_KINDS } from '../../support/test-database';

/** The factory spreads volume n over pool ((n - 1) % pools) + 1 and VM n over host ((n - 1) % hosts) + 1. */
const volumeIdsOfPool = (pool: number, pools: number, volumes: number) =>
  Array.from({ length: volumes }, (_, i) => i + 1).filter((id) => ((id - 1) % pools) + 1 === pool);

const POOLS_WITH_VOLUMES = /* GraphQL */ `
  query PoolsWithVolumes($pools: Int!) {
    storagePools(first: $pools) {
      totalCount
      edges {
        node {
          id
          name
          volumes(first: 10) {
            totalCount
            pageInfo {
              hasNextPage
              endCursor
            }
            edges {
              cursor
              node {
                id
                name
                type
              }
            }
          }
        }
      }
    }
  }
`;

describe.each(DATABASE_KINDS)('nested connections on %s', (kind) => {
  let gateway: TestGateway;
  afterEach(async () => gateway?.dispose());

  async function poolPage(pools: number) {
    gateway = await createTestGateway(kind);
    // 20 volumes on every pool.
    await insertInventory(gateway.db.dataSource, { vms: 10 * pools, pools });
    gateway.sql.reset();
    const result = await gateway.execute(POOLS_WITH_VOLUMES, { pools });
    expect(result.errors).toBeUndefined();
    const statements = [...gateway.sql.statements];
    await gateway.dispose();
    return { data: result.data!, statements };
  }

  it('reads a page of pools, each with its first 10 volumes and their totalCount, in the same 4 statements for 3 pools as for 30', async () => {
    const small = await poolPage(3);
    const large = await poolPage(30);
    for (const [{ data }, pools] of [
      [small, 3],
      [large, 30],
    ] as const) {
      expect(data.storagePools.totalCount).toBe(pools);
      data.storagePools.edges.forEach(({ node }: any, i: number) => {
        const expected = volumeIdsOfPool(i + 1, pools, 20 * pools)
          .slice(0, 10)
          .map((id) => uuidOf('vol', id));
        expect(node.volumes.edges.map((e: any) => e.node.id)).toEqual(expected);
        expect(node.volumes.totalCount).toBe(20);
        expect(node.volumes.pageInfo).toEqual({ hasNextPage: true, endCursor: node.volumes.edges[9].cursor });
      });
    }
    // pools page, pools count, one windowed page of volumes for all pools, one grouped count.
    expect(small.statements).toHaveLength(4);
    expect(large.statements).toHaveLength(4);
    expect(large.statements.filter((s) => /ROW_NUMBER\(\) OVER \(PARTITION BY [`"]?t[`"]?\.[`"]?pool_id/.test(s))).toHaveLength(1);
    expect(large.statements.filter((s) => /COUNT\(1\).*GROUP BY/is.test(s))).toHaveLength(1);
  });

  it("pages through one pool's volumes with after, by id, without repeats or gaps", async () => {
    gateway = await createTestGateway(kind);
    const inventory = await insertInventory(gateway.db.dataSource, { vms: 12, pools: 2 });
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: any = await gateway.execute(
        `query($pool: ID!, $after: String) { storagePool(id: $pool) { volumes(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } }`,
        { pool: inventory.poolUuids[1], after },
      );
      expect(result.errors).toBeUndefined();
      const { volumes } = result.data.storagePool;
      expect(volumes.totalCount).toBe(12);
      seen.push(...volumes.edges.map((e: any) => e.node.id));
      pages += 1;
      if (!volumes.pageInfo.hasNextPage) break;
      after = volumes.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(volumeIdsOfPool(2, 2, 24).map((id) => uuidOf('vol', id)));
  });

  it("filters a pool's volumes like volumes(filter:): types, removed rows on request, never rows without a uuid (R30)", async () => {
    gateway = await createTestGateway(kind);
    const inventory = await insertInventory(gateway.db.dataSource, { vms: 6, pools: 1 });
    // Volume 1 (ROOT) is soft-deleted; volume 3 (ROOT) is a migrated-away source with its uuid nulled (R30).
    await gateway.db.dataSource.getRepository(VolumeEntity).update(1, { removed: new Date('2026-01-02T00:00:00Z') });
    await gateway.db.dataSource.getRepository(VolumeEntity).update(3, { uuid: null });
    const result = await gateway.execute(
      `query($pool: ID!) { storagePool(id: $pool) {
        all: volumes { totalCount edges { node { id } } }
        data: volumes(filter: { types: [DATADISK] }) { totalCount edges { node { type } } }
        root: volumes(filter: { types: [ROOT], includeRemoved: true }) { totalCount edges { node { id removed } } }
      } }`,
      { pool: inventory.poolUuids[0] },
    );
    expect(result.errors).toBeUndefined();
    const { all, data, root } = result.data!.storagePool;
    expect(all.totalCount).toBe(10);
    expect(all.edges.map((e: any) => e.node.id)).not.toContain(uuidOf('vol', 1));
    expect(data).toEqual({ totalCount: 6, edges: Array(6).fill({ node: { type: 'DATADISK' } }) });
    expect(root.totalCount).toBe(5);
    expect(root.edges.map((e: any) => e.node.id)).toEqual([1, 5, 7, 9, 11].map((id) => uuidOf('vol', id)));
    expect(root.edges[0].node.removed).not.toBeNull();
  });

  it('reads a page of hosts, each with a filtered page of its VMs, in the same 4 statements for 3 hosts as for 12', async () => {
    const run = async (hosts: number) => {
      gateway = await createTestGateway(kind);
      await insertInventory(gateway.db.dataSource, { vms: 8 * hosts, pools: 2, hosts });
      // VM 1 is stopped: the RUNNING filter leaves host 1 with 7.
      await gateway.db.dataSource.query(`UPDATE vm_instance SET state = 'Stopped' WHERE id = 1`);
      gateway.sql.reset();
      const result = await gateway.execute(
        `query($hosts: Int!) { hosts(first: $hosts) { totalCount edges { node { name
        virtualMachines(first: 5, filter: { states: [RUNNING] }) { totalCount pageInfo { hasNextPage } edges { node { name state } } } } } } }`,
        { hosts },
      );
      expect(result.errors).toBeUndefined();
      const statements = gateway.sql.count;
      const edges = result.data!.hosts.edges;
      await gateway.dispose();
      return { edges, statements };
    };
    const small = await run(3);
    const large = await run(12);
    expect(small.statements).toBe(4);
    expect(large.statements).toBe(4);
    const [first, second] = large.edges;
    expect(first.node.virtualMachines.totalCount).toBe(7);
    expect(first.node.virtualMachines.edges.map((e: any) => e.node.name)).toEqual(['vm-13', 'vm-25', 'vm-37', 'vm-49', 'vm-61']);
    expect(second.node.virtualMachines.totalCount).toBe(8);
    expect(second.node.virtualMachines.edges.map((e: any) => e.node.name)).toEqual(['vm-2', 'vm-14', 'vm-26', 'vm-38', 'vm-50']);
    expect(large.edges.every((e: any) => e.node.virtualMachines.pageInfo.hasNextPage)).toBe(true);
  });

  it('pages template references both ways (Template.poolRefs, StoragePool.templateRefs, Template.storeRefs) in a constant number of statements', async () => {
    gateway = await createTestGateway(kind);
    const inventory = await insertInventory(gateway.db.dataSource, { vms: 4, pools: 7 });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await gateway.execute(
        `query($t: ID!, $after: String) { template(id: $t) { poolRefs(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { installPath pool { id } } } } } }`,
        { t: inventory.templateUuid, after },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.template.poolRefs.totalCount).toBe(7);
      seen.push(...result.data.template.poolRefs.edges.map((e: any) => e.node.pool.id));
      if (!result.data.template.poolRefs.pageInfo.hasNextPage) break;
      after = result.data.template.poolRefs.pageInfo.endCursor;
    }
    expect(seen).toEqual(inventory.poolUuids);

    gateway.sql.reset();
    const pools = await gateway.execute(`{ storagePools(first: 7) { edges { node { name
      templateRefs(first: 5) { totalCount edges { cursor node { installPath template { name storeRefs { totalCount edges { node { installPath imageStore { name } } } } } } } }
    } } } }`);
    expect(pools.errors).toBeUndefined();
    pools.data!.storagePools.edges.forEach(({ node }: any, i: number) => {
      expect(node.templateRefs.totalCount).toBe(1);
      expect(node.templateRefs.edges).toEqual([
        {
          cursor: expect.any(String),
          node: {
            installPath: `tmpl-${i + 1}`,
            template: {
              name: 'ubuntu-22.04',
              storeRefs: { totalCount: 1, edges: [{ node: { installPath: 'template/tmpl/2/201/ubuntu.qcow2', imageStore: { name: 'nfs-secondary' } } }] },
            },
          },
        },
      ]);
    });
    // pools page; template refs page and count; templates; store refs page and count; image stores.
    expect(gateway.sql.count).toBe(7);
  });

  it('keeps different arguments of one nested field apart within a request', async () => {
    gateway = await createTestGateway(kind);
    const inventory = await insertInventory(gateway.db.dataSource, { vms: 10, pools: 2 });
    const result = await gateway.execute(
      `query($pool: ID!) { storagePool(id: $pool) {
      two: volumes(first: 2) { edges { node { id } } }
      five: volumes(first: 5) { edges { node { id } } }
      roots: volumes(first: 5, filter: { types: [ROOT] }) { totalCount }
    } }`,
      { pool: inventory.poolUuids[0] },
    );
    expect(result.errors).toBeUndefined();
    const ids = volumeIdsOfPool(1, 2, 20).map((id) => uuidOf('vol', id));
    expect(result.data!.storagePool.two.edges.map((e: any) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(result.data!.storagePool.five.edges.map((e: any) => e.node.id)).toEqual(ids.slice(0, 5));
    expect(result.data!.storagePool.roots.totalCount).toBe(10);
  });

  it('refuses a nested first above the cap and a cursor that is not one of the list, with BAD_USER_INPUT', async () => {
    gateway = await createTestGateway(kind, { maxPageSize: 50 });
    const inventory = await insertInventory(gateway.db.dataSource, { vms: 2, pools: 1 });
    const pool = { pool: inventory.poolUuids[0], template: inventory.templateUuid };
    const volumeCursor = (await gateway.execute(`query($pool: ID!) { storagePool(id: $pool) { volumes(first: 1) { edges { cursor } } } }`, pool)).data!
      .storagePool.volumes.edges[0].cursor;
    for (const query of [
      `query($pool: ID!) { storagePool(id: $pool) { volumes(first: 51) { totalCount } } }`,
      `query($pool: ID!) { storagePool(id: $pool) { volumes(after: "bm90LWEtY3Vyc29y") { totalCount } } }`,
      // A volume's cursor (a uuid position) does not position a list of template references.
      `query($template: ID!) { template(id: $template) { poolRefs(after: "${volumeCursor}") { totalCount } } }`,
    ]) {
      const result = await gateway.execute(query, pool);
      expect(
        result.errors?.map((e) => e.extensions?.code),
        query,
      ).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('scopes nested pages and counts in SQL as the top-level lists are (reader)', async () => {
    gateway = await createTestGateway(kind, { seedDemo: true });
    const reader = new TypeOrmInventoryReader(gateway.db.dataSource);
    const [alice] = await gateway.db.dataSource.query(`SELECT id FROM account WHERE account_name = 'alice'`);
    const hosts: { id: number }[] = await gateway.db.dataSource.query(`SELECT id FROM host WHERE removed IS NULL`);
    const hostIds = hosts.map((h) => Number(h.id));
    const scope = { kind: 'account', accountId: Number(alice.id) } as const;
    const aliceVms: { id: number; host_id: number }[] = await gateway.db.dataSource.query(
      `SELECT id, host_id FROM vm_instance WHERE account_id = ? AND removed IS NULL AND uuid IS NOT NULL AND host_id IS NOT NULL ORDER BY id`,
      [alice.id],
    );
    expect(aliceVms.length).toBeGreaterThan(1);
    const pages = await reader.childPages('hostVms', hostIds, {}, { first: 100, afterUuid: null }, scope);
    expect(pages.flatMap((p) => p.rows.map((vm) => vm.id)).sort((a, b) => a - b)).toEqual(aliceVms.map((vm) => Number(vm.id)));
    const counts = await reader.childCounts('hostVms', hostIds, {}, scope);
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(aliceVms.length);
    const everyone = await reader.childCounts('hostVms', hostIds, {}, { kind: 'all' });
    expect(everyone.reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(aliceVms.length);
    // Template copies are infrastructure: nothing outside an administrator's scope.
    const templates: { id: number }[] = await gateway.db.dataSource.query(`SELECT id FROM vm_template`);
    const templateIds = templates.map((t) => Number(t.id));
    expect(await reader.childPages('templatePoolRefs', templateIds, {}, { first: 100, afterRowId: null }, scope)).toEqual([]);
    expect((await reader.childPages('templatePoolRefs', templateIds, {}, { first: 100, afterRowId: null }, { kind: 'all' })).length).toBeGreaterThan(0);
  });
});
