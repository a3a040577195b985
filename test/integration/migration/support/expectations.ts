import { expect } from 'vitest';
import type { MigrationJob } from '../../../../src/app/migration/migration-job';
import type { MigrationErrorCode } from '../../../../src/domain/migration';
import { attachedVolumes, jobRow, newVolumeRows, podOf, vmRow, volumeRow } from './rows';
import type { Prepared } from './scenario';
import type { ScenarioStack } from './scenario-stack';

/**
 * R30 + R34 after a successful job: VM Running on the destination (last host = source, pod of the
 * destination, two transitions); each migrated source detached, uuid-less, ROOT -> DATADISK,
 * Destroy -> Expunged with `removed`; its destination row Ready with the source's uuid and
 * instance, `last_id`, QCOW2, path = the destination uuid; skipped volumes Migrating -> Ready
 * untouched otherwise; the job SUCCEEDED with its VM slot freed. Checks the simulated fleet too.
 */
export async function expectMigrated(
  stack: ScenarioStack,
  p: Prepared,
  job: MigrationJob,
  expected: { destinationHost: string; migrated: { index: number; pool: string }[]; skipped?: number[] },
): Promise<void> {
  const destinationHostId = stack.names.hostId(expected.destinationHost);
  expect(await jobRow(stack, job.uuid)).toEqual({ status: 'SUCCEEDED', errorCode: null, errorMessage: null, activeVmId: null, leaseOwner: expect.any(String) });
  expect(await vmRow(stack, p.vmId)).toEqual({
    state: 'Running',
    hostId: destinationHostId,
    lastHostId: p.vmHostId,
    podId: await podOf(stack, destinationHostId),
    updateCount: p.vmUpdateCount + 2,
  });

  const created = await newVolumeRows(stack);
  expect(created).toHaveLength(expected.migrated.length);
  const state = stack.simulator.state();
  for (const { index, pool } of expected.migrated) {
    const source = p.sources[index];
    const destinationUuid = job.plan!.entries[index].destinationVolumeUuid!;
    expect(await volumeRow(stack, source.id), `source ${source.name}`).toEqual({
      ...source,
      state: 'Expunged',
      uuid: null,
      instanceId: null,
      deviceId: null,
      removed: true,
      volumeType: source.volumeType === 'ROOT' ? 'DATADISK' : source.volumeType,
      updateCount: source.updateCount + 5,
    });
    const destination = created.find((v) => v.lastId === source.id);
    expect(destination, `destination of ${source.name}`).toEqual({
      id: expect.any(Number),
      name: source.name,
      state: 'Ready',
      uuid: source.uuid,
      instanceId: p.vmId,
      deviceId: source.deviceId,
      poolId: stack.names.poolId(pool),
      lastPoolId: source.poolId,
      path: destinationUuid,
      removed: false,
      lastId: source.id,
      volumeType: source.volumeType,
      format: 'QCOW2',
      updateCount: 4,
    });
    // The disk exists on the destination pool (file pools name it by uuid, R19/R20).
    const poolUuid = (await stack.sql<any>('SELECT uuid FROM storage_pool WHERE id = ?', [stack.names.poolId(pool)]))[0].uuid;
    expect(Object.keys(state.pools[poolUuid].files)).toContain(destinationUuid);
  }
  for (const index of expected.skipped ?? []) {
    const source = p.sources[index];
    expect(await volumeRow(stack, source.id), `skipped ${source.name}`).toEqual({ ...source, updateCount: source.updateCount + 2 });
  }
  // R34: the VM's volumes (by uuid) report the destination pools now.
  const attached = await attachedVolumes(stack, p.vmId);
  for (const { index, pool } of expected.migrated) {
    expect(attached.find((v) => v.uuid === p.sources[index].uuid)?.poolId).toBe(stack.names.poolId(pool));
  }
  const destination = state.hosts.find((h) => h.id === destinationHostId)!;
  expect(Object.keys(destination.runningVms)).toContain(p.instanceName);
  expect(Object.keys(state.hosts.find((h) => h.id === p.vmHostId)!.runningVms)).not.toContain(p.instanceName);
}

/**
 * R31/R32 after a failed job: VM Running back on its source host and pod (last_host_id = source,
 * as R3 wrote it), every request volume Ready as before (two transitions), every destination row
 * created so far Expunged with `removed` (uuid never swapped), the job FAILED with `code` and a
 * message, its VM slot freed; the VM still runs on the source and no destination disk remains.
 */
export async function expectRolledBack(
  stack: ScenarioStack,
  p: Prepared,
  job: MigrationJob,
  expected: {
    code: MigrationErrorCode;
    createdDestinations: { index: number; pool: string }[];
    /** The cleanup could not reach the agent: the destination disks are still on the pool (only logged). */
    destinationDisksRemain?: boolean;
  },
): Promise<string> {
  const row = await jobRow(stack, job.uuid);
  expect(row).toEqual({ status: 'FAILED', errorCode: expected.code, errorMessage: expect.any(String), activeVmId: null, leaseOwner: expect.any(String) });
  expect(await vmRow(stack, p.vmId)).toEqual({
    state: 'Running',
    hostId: p.vmHostId,
    lastHostId: p.vmHostId,
    podId: await podOf(stack, p.vmHostId),
    updateCount: p.vmUpdateCount + 2,
  });
  for (const source of p.sources) {
    expect(await volumeRow(stack, source.id), `source ${source.name}`).toEqual({ ...source, updateCount: source.updateCount + 2 });
  }
  const created = await newVolumeRows(stack);
  expect(created).toHaveLength(expected.createdDestinations.length);
  const state = stack.simulator.state();
  for (const { index, pool } of expected.createdDestinations) {
    const source = p.sources[index];
    const destinationUuid = job.plan!.entries[index].destinationVolumeUuid!;
    expect(
      created.find((v) => v.lastId === source.id),
      `destination of ${source.name}`,
    ).toEqual({
      id: expect.any(Number),
      name: source.name,
      state: 'Expunged',
      uuid: destinationUuid,
      instanceId: null,
      deviceId: source.deviceId,
      poolId: stack.names.poolId(pool),
      lastPoolId: source.poolId,
      path: expect.toBeOneOf([null, destinationUuid]),
      removed: true,
      lastId: source.id,
      volumeType: source.volumeType,
      format: source.format,
      updateCount: expect.any(Number),
    });
    const poolUuid = (await stack.sql<any>('SELECT uuid FROM storage_pool WHERE id = ?', [stack.names.poolId(pool)]))[0].uuid;
    if (expected.destinationDisksRemain) expect(Object.keys(state.pools[poolUuid].files)).toContain(destinationUuid);
    else expect(Object.keys(state.pools[poolUuid].files), `no disk left for ${source.name}`).not.toContain(destinationUuid);
  }
  expect(Object.keys(state.hosts.find((h) => h.id === p.vmHostId)!.runningVms)).toContain(p.instanceName);
  return row.errorMessage!;
}
