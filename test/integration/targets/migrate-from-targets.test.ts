import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationRequest } from '../../../src/app/migration/migration-request';
import type { MigrationTargetsResult } from '../../../src/app/targets/migration-targets.use-case';
import { MigrationBlockedError } from '../../../src/domain/errors';
import { demoHandles } from '../../../src/infra/db/seed/demo-inventory';
import { createMigrationStack, type MigrationStack } from '../../support/migration-stack';
import { DATABASE_KINDS } from '../../support/test-database';

const handles = demoHandles();
const requester = { accountId: 2 };

/** The request a client builds from an answer: every volume the host cannot reach, to its first listed pool. */
function requestFrom(result: MigrationTargetsResult, vmName: string, hostName: string): MigrationRequest {
  const host = result.answer.hosts.find((h) => h.host.name === hostName)!;
  return {
    vmUuid: handles.vms[vmName],
    destinationHostUuid: host.host.uuid!,
    volumes: host.volumes.filter((v) => v.requiresMigration).map((v) => ({ volumeUuid: v.volume.uuid!, destinationPoolUuid: v.pools[0].pool.uuid! })),
    idempotencyKey: null,
  };
}

/**
 * migrateVmWithStorage and migrationPlan against what migrationTargets says: a request built from
 * its answer runs to success on the simulated fleet, and a destination it calls unsuitable is
 * refused with DESTINATION_HOST_NOT_SUITABLE naming the reasons, unless the setting relaxes it.
 */
describe.each(DATABASE_KINDS)('migrating to the targets migrationTargets names (%s)', (kind) => {
  let stack: MigrationStack;
  beforeAll(async () => {
    stack = await createMigrationStack(kind);
  });
  afterAll(async () => stack?.dispose());

  it.each([
    ['web-01', 'kvm-b1'],
    ['local-db-01', 'kvm-b2'],
    ['dd-web-01', 'kvm-b1'],
    ['imported-01', 'kvm-a2'],
  ])('migrates %s to %s with the volumes and pools of the answer, unchanged', async (vm, host) => {
    const targets = await stack.services.migrationTargets(handles.vms[vm]);
    const target = targets.answer.hosts.find((h) => h.host.name === host)!;
    expect(target).toMatchObject({ suitable: true, requiresStorageMotion: true });
    const request = requestFrom(targets, vm, host);
    expect(request.volumes.length).toBeGreaterThan(0);
    const plan = await stack.services.planMigration(request);
    expect(plan.blockers).toEqual([]);
    const job = await stack.services.migrateVmWithStorage(request, requester);
    await stack.runner.settled(job.id);
    const done = await stack.jobs.byUuid(job.uuid);
    expect(done?.status, JSON.stringify(done?.error)).toBe('SUCCEEDED');
    // Migrated: the VM is on the host now, so that host is no longer a candidate and the source is.
    const after = await stack.services.migrationTargets(handles.vms[vm]);
    expect(after.answer.hosts.map((h) => h.host.name)).not.toContain(host);
  });

  it('refuses a destination the answer calls unsuitable, in migrationPlan and in the mutation, naming the reasons', async () => {
    const targets = await stack.services.migrationTargets(handles.vms['web-02']);
    const full = targets.answer.hosts.find((h) => h.host.name === 'kvm-b5')!;
    expect(full.suitable).toBe(false);
    const request = requestFrom(targets, 'web-02', 'kvm-b5');
    const plan = await stack.services.planMigration(request);
    const blocker = plan.blockers.find((b) => b.code === 'DESTINATION_HOST_NOT_SUITABLE');
    expect(blocker?.message).toMatch(/^Destination host kvm-b5 is not a suitable migration target for this VM: CPU_CAPACITY: .* MEMORY_CAPACITY: /);
    expect(plan.commands).toEqual([]);
    const refused = stack.services.migrateVmWithStorage(request, requester);
    await expect(refused).rejects.toBeInstanceOf(MigrationBlockedError);
    await expect(refused).rejects.toMatchObject({ blockers: expect.arrayContaining([expect.objectContaining({ code: 'DESTINATION_HOST_NOT_SUITABLE' })]) });
    expect(
      await stack.jobs.activeForVm((await stack.db.dataSource.query('SELECT id FROM vm_instance WHERE uuid = ?', [handles.vms['web-02']]))[0].id),
    ).toBeNull();
  });

  it('does not repeat what DESTINATION_HOST_NOT_UP already says for a disabled host', async () => {
    const request = { ...(await stack.requestFor('path-differs-from-uuid')), destinationHostUuid: handles.hosts['kvm-a4'] };
    const plan = await stack.services.planMigration(request);
    expect(plan.blockers.map((b) => b.code)).toEqual(['DESTINATION_HOST_NOT_UP']);
  });

  it("lets GATEWAY_MIGRATION_REFUSE_UNSUITABLE_HOST=false relax the refusal, as CloudStack's API does not re-run the allocator", async () => {
    const relaxed = await createMigrationStack(kind, { targets: { refuseUnsuitableHost: false } });
    try {
      const targets = await relaxed.services.migrationTargets(handles.vms['web-02']);
      const plan = await relaxed.services.planMigration(requestFrom(targets, 'web-02', 'kvm-b5'));
      expect(plan.blockers).toEqual([]);
    } finally {
      await relaxed.dispose();
    }
  });
});
