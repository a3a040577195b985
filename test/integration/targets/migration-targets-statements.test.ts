import { afterEach, describe, expect, it } from 'vitest';
import { insertInventory, insertTargetRows, uuidOf } from '../../factories/inventory-rows.factory';
import { createTestGateway, type TestGateway } from '../../support/gateway-harness';
import { DATABASE_KINDS } from '../../support/test-database';
import { TARGETS_QUERY } from './targets-queries';

interface Size {
  hosts: number;
  pools: number;
  volumesPerVm: number;
}

/**
 * The statements a full migrationTargets answer costs do not depend on the number of hosts, pools
 * and volumes: the reader reads each table once per VM (batched by zone, VM and volumes), and the
 * answer's hosts, volumes and pools are built from those rows, without loaders.
 */
describe.each(DATABASE_KINDS)('migrationTargets statements on %s', (kind) => {
  let gateway: TestGateway;
  afterEach(async () => gateway?.dispose());

  async function measure(size: Size) {
    gateway = await createTestGateway(kind);
    await insertInventory(gateway.db.dataSource, { vms: 4, ...size });
    await insertTargetRows(gateway.db.dataSource, { hosts: size.hosts });
    gateway.sql.reset();
    const result = await gateway.execute(TARGETS_QUERY, { vmId: uuidOf('vm', 1) });
    expect(result.errors).toBeUndefined();
    const hosts = result.data!.migrationTargets.hosts;
    const counts = {
      statements: gateway.sql.count,
      hosts: hosts.length,
      volumes: hosts[0].volumes.length,
      pools: hosts[0].volumes[0].pools.length,
      suitable: hosts.filter((h: any) => h.suitable).length,
    };
    await gateway.dispose();
    return counts;
  }

  it('is the same for 3 hosts, 10 pools, 2 volumes and for 40 hosts, 120 pools, 8 volumes', async () => {
    const small = await measure({ hosts: 3, pools: 10, volumesPerVm: 2 });
    const large = await measure({ hosts: 40, pools: 120, volumesPerVm: 8 });
    // Every other host is a suitable candidate; every pool but the volume's own is listed.
    expect(small).toMatchObject({ hosts: 2, volumes: 2, pools: 9, suitable: 2 });
    expect(large).toMatchObject({ hosts: 39, volumes: 8, pools: 119, suitable: 39 });
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(26);
  });
});
