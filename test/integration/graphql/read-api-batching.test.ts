import { afterEach, describe, expect, it } from 'vitest';
import { insertInventory } from '../../factories/inventory-rows.factory';
import { createTestGateway, type TestGateway } from '../../support/gateway-harness';
import { DATABASE_KINDS } from '../../support/test-database';

const DEEP_QUERY = /* GraphQL */ `
  query Deep($first: Int!) {
    virtualMachines(first: $first) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          state
          host {
            id
            name
            cluster {
              id
              name
            }
          }
          template {
            id
            name
            storeRefs {
              edges {
                node {
                  installPath
                  imageStore {
                    name
                  }
                }
              }
            }
            poolRefs {
              edges {
                node {
                  installPath
                  pool {
                    name
                  }
                }
              }
            }
          }
          volumes {
            id
            type
            directDownload
            pool {
              id
              name
              type
            }
          }
        }
      }
    }
  }
`;

describe.each(DATABASE_KINDS)('read API batching on %s', (kind) => {
  let gateway: TestGateway;
  afterEach(async () => gateway?.dispose());

  async function statementsForDeepQuery(vms: number): Promise<number> {
    gateway = await createTestGateway(kind);
    await insertInventory(gateway.db.dataSource, { vms, pools: 10 });
    gateway.sql.reset();
    const result = await gateway.execute(DEEP_QUERY, { first: vms });
    expect(result.errors).toBeUndefined();
    expect(result.data?.virtualMachines.edges).toHaveLength(vms);
    expect(result.data?.virtualMachines.totalCount).toBe(vms);
    const count = gateway.sql.count;
    await gateway.dispose();
    return count;
  }

  it('runs the same number of SQL statements for a deep query over 5 and over 100 VMs', async () => {
    const small = await statementsForDeepQuery(5);
    const large = await statementsForDeepQuery(100);
    // page + count, host, cluster, template, store refs, image store, pool refs, pools, volumes, (volume pools share the pool loader)
    expect(small).toBe(large);
    expect(large).toBeLessThanOrEqual(11);
  });

  it('resolves 50 volumes on 50 different pools with exactly one pool statement', async () => {
    gateway = await createTestGateway(kind);
    await insertInventory(gateway.db.dataSource, { vms: 25, pools: 50, volumesPerVm: 2 });
    gateway.sql.reset();
    const result = await gateway.execute(`{ volumes(first: 50) { edges { node { id pool { id name } } } } }`);
    expect(result.errors).toBeUndefined();
    const pools = new Set(result.data?.volumes.edges.map((e: any) => e.node.pool.id));
    expect(pools.size).toBe(50);
    const poolStatements = gateway.sql.statements.filter((s) => /FROM [`"]?storage_pool[`"]?/i.test(s));
    expect(poolStatements).toHaveLength(1);
    expect(gateway.sql.count).toBe(2);
  });

  it('reads directDownload without any template statement for volumes without a template (R35)', async () => {
    gateway = await createTestGateway(kind);
    await insertInventory(gateway.db.dataSource, { vms: 3, pools: 2 });
    gateway.sql.reset();
    const result = await gateway.execute(`{ volumes(first: 10, filter: { types: [DATADISK] }) { edges { node { type directDownload } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.volumes.edges.map((e: any) => e.node)).toEqual(Array(3).fill({ type: 'DATADISK', directDownload: false }));
    expect(gateway.sql.statements.some((s) => /vm_template/i.test(s))).toBe(false);
  });

  it('pages with opaque cursors in a stable order, without repeats or gaps', async () => {
    gateway = await createTestGateway(kind);
    const inventory = await insertInventory(gateway.db.dataSource, { vms: 7, pools: 2 });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await gateway.execute(
        `query($after: String) { virtualMachines(first: 3, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
        { after },
      );
      expect(page.errors).toBeUndefined();
      for (const edge of page.data.virtualMachines.edges) {
        expect(Buffer.from(edge.cursor, 'base64url').toString()).not.toMatch(/^\d+$/);
        seen.push(edge.node.id);
      }
      if (!page.data.virtualMachines.pageInfo.hasNextPage) break;
      after = page.data.virtualMachines.pageInfo.endCursor;
    }
    expect(seen).toEqual(inventory.vmUuids);
  });

  it('answers BAD_USER_INPUT for a first above the cap, a malformed id and a foreign cursor; null for an unknown id', async () => {
    gateway = await createTestGateway(kind, { maxPageSize: 50 });
    await insertInventory(gateway.db.dataSource, { vms: 1, pools: 1 });
    const tooMany = await gateway.execute(`{ virtualMachines(first: 51) { edges { cursor } } }`);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const malformed = await gateway.execute(`{ volume(id: "not a uuid; drop table") { id } }`);
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = await gateway.execute(`{ hosts(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }`);
    expect(cursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await gateway.execute(`{ virtualMachine(id: "11111111-2222-4333-8444-555555555555") { id } }`);
    expect(unknown).toEqual({ data: { virtualMachine: null } });
  });

  it('resolves node(id:) for different kinds from their uuids alone', async () => {
    gateway = await createTestGateway(kind);
    const inventory = await insertInventory(gateway.db.dataSource, { vms: 2, pools: 2 });
    gateway.sql.reset();
    const result = await gateway.execute(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on StoragePool { poolName: name } ... on VirtualMachine { name } } }`,
      { ids: [inventory.vmUuids[0], inventory.poolUuids[1], '99999999-0000-4000-8000-000000000000', inventory.templateUuid] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.nodes).toEqual([
      { __typename: 'VirtualMachine', id: inventory.vmUuids[0], name: 'vm-1' },
      { __typename: 'StoragePool', id: inventory.poolUuids[1], poolName: 'nfs-2' },
      null,
      { __typename: 'Template', id: inventory.templateUuid },
    ]);
    // one UNION statement for the kinds, then one statement per kind found
    expect(gateway.sql.count).toBe(4);
  });

  it('lists zones and clusters as connections with filters', async () => {
    gateway = await createTestGateway(kind);
    await insertInventory(gateway.db.dataSource, { vms: 1, pools: 1 });
    const result = await gateway.execute(`{
      zones(first: 5) { totalCount edges { node { name networkType } } }
      kvm: clusters(filter: { hypervisorTypes: [KVM] }) { totalCount edges { node { name hypervisorType zone { name } } } }
      xen: clusters(filter: { hypervisorTypes: [XEN_SERVER] }) { totalCount }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      zones: { totalCount: 1, edges: [{ node: { name: 'zone-1', networkType: 'Advanced' } }] },
      kvm: { totalCount: 1, edges: [{ node: { name: 'cluster-1', hypervisorType: 'KVM', zone: { name: 'zone-1' } } }] },
      xen: { totalCount: 0 },
    });
  });
});
