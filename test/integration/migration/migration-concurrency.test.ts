import { describe, expect, it } from 'vitest';
import { ConflictError, MigrationBlockedError } from '../../../src/domain/errors';
import { DATABASE_KINDS } from '../../support/test-database';
import { deferred } from './support/deferred';
import { expectMigrated } from './support/expectations';
import { countRows, jobRow, newVolumeRows, vmRow, volumeRow } from './support/rows';
import { prepare } from './support/scenario';
import { useScenarioStack } from './support/scenario-stack';
import { readFleetInventory } from '../../../src/infra/db/read-fleet-inventory';

/**
 * One migration per VM (CONFLICT), idempotency keys, refusals that write nothing (MIGRATION_BLOCKED)
 * and lost races on CloudStack's optimistic lock (R3: "Migration cancelled because state has
 * changed"), with several gateway "processes" (own job store, runner, lease owner) on one database.
 */
describe.each(DATABASE_KINDS)('migrateVmWithStorage concurrency on %s', (kind) => {
  const stack = useScenarioStack(kind);

  const requester = { accountId: null };

  it('answers CONFLICT to a second request for a VM whose migration is running (the VM is Migrating since R3), sends nothing for it, and lets the first finish (R1, R3)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const other = await prepare(stack, 'blank-data-disk-full-clone');
    const reached = deferred();
    const gate = deferred();
    stack.intercept = async (_host, command, next) => {
      if (command.name === 'PrepareForMigrationCommand') {
        reached.resolve();
        await gate.promise;
      }
      return next();
    };
    const first = await stack.services.migrateVmWithStorage(p.request, requester);
    await reached.promise;
    expect((await vmRow(stack, p.vmId)).state).toBe('Migrating');
    const before = await countRows(stack);

    const second = stack.services.migrateVmWithStorage(other.request, requester);
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(first.uuid) });
    // Another gateway process on the same database gets the same answer.
    await expect(stack.gateway({ owner: 'gw-2' }).migrate(other.request)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await countRows(stack)).toEqual(before);

    gate.resolve();
    await stack.runner.settled(first.id);
    const job = (await stack.jobs.byUuid(first.uuid))!;
    await expectMigrated(stack, p, job, {
      destinationHost: 'kvm-a2',
      migrated: [
        { index: 0, pool: 'nfs-a2' },
        { index: 1, pool: 'nfs-a2' },
      ],
    });
    expect(stack.simulator.commandLog().map((c) => c.name)).toEqual([
      'CreateObjectCommand',
      'ModifyTargetsCommand',
      'CreateObjectCommand',
      'ModifyTargetsCommand',
      'PrepareForMigrationCommand',
      'MigrateCommand',
      'DeleteCommand',
      'DeleteCommand',
    ]);
  });

  it('lets exactly one of two gateway processes racing to migrate the same VM create a job; the other gets CONFLICT from the unique active_vm_id slot, before any R3 transition', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const other = await prepare(stack, 'blank-data-disk-full-clone');
    const gw2 = stack.gateway({ owner: 'gw-2' });

    const results = await Promise.allSettled([stack.services.migrateVmWithStorage(p.request, requester), gw2.migrate(other.request)]);

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toMatchObject({ code: 'CONFLICT' });
    await stack.runner.settled();
    await gw2.runner.settled();
    const [row] = await stack.sql<any>('SELECT COUNT(*) AS n FROM gateway_migration_job');
    expect(Number(row.n)).toBe(1);
    const job = (await stack.jobs.byUuid((won[0] as PromiseFulfilledResult<{ uuid: string }>).value.uuid))!;
    expect(job.status).toBe('SUCCEEDED');
  });

  it('returns the same job for a repeated idempotencyKey, while it runs and after it ended, and runs the §8 command sequence once; a different request with that key is a CONFLICT', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut', { idempotencyKey: 'change-4711' });
    const reached = deferred();
    const gate = deferred();
    stack.intercept = async (_host, command, next) => {
      if (command.name === 'MigrateCommand') {
        reached.resolve();
        await gate.promise;
      }
      return next();
    };

    const first = await stack.services.migrateVmWithStorage(p.request, requester);
    await reached.promise;
    const again = await stack.services.migrateVmWithStorage({ ...p.request }, requester);
    const fromOtherProcess = await stack.gateway({ owner: 'gw-2' }).migrate({ ...p.request });
    expect(again.uuid).toBe(first.uuid);
    expect(fromOtherProcess.uuid).toBe(first.uuid);
    gate.resolve();
    await stack.runner.settled(first.id);
    const afterEnd = await stack.services.migrateVmWithStorage({ ...p.request }, requester);
    expect(afterEnd).toMatchObject({ uuid: first.uuid, status: 'SUCCEEDED' });

    const different = await prepare(stack, 'blank-data-disk-full-clone', { idempotencyKey: 'change-4711' });
    await expect(stack.services.migrateVmWithStorage(different.request, requester)).rejects.toMatchObject({ code: 'CONFLICT' });

    const jobs = await stack.sql<any>('SELECT uuid, idempotency_key FROM gateway_migration_job');
    expect(jobs).toEqual([{ uuid: first.uuid, idempotency_key: 'change-4711' }]);
    expect(stack.simulator.commandLog().filter((c) => c.name === 'MigrateCommand')).toHaveLength(1);
    expect((await stack.jobs.commandsByJobIds([first.id])).length).toBe(stack.simulator.commandLog().length);
  });

  it('returns one job to two processes sending the same idempotencyKey at the same time, and sends one MigrateCommand (R28)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut', { idempotencyKey: 'same-moment' });
    const gw2 = stack.gateway({ owner: 'gw-2' });

    const [a, b] = await Promise.all([stack.services.migrateVmWithStorage(p.request, requester), gw2.migrate({ ...p.request })]);

    expect(a.uuid).toBe(b.uuid);
    await stack.runner.settled();
    await gw2.runner.settled();
    expect((await jobRow(stack, a.uuid)).status).toBe('SUCCEEDED');
    expect(stack.simulator.commandLog().filter((c) => c.name === 'MigrateCommand')).toHaveLength(1);
  });

  it('refuses a stopped VM with MIGRATION_BLOCKED (VM_NOT_RUNNING) and writes nothing, sends nothing (R1)', async () => {
    const p = await prepare(stack, 'vm-not-running');
    const before = await countRows(stack);
    const vmBefore = await vmRow(stack, p.vmId);

    const attempt = stack.services.migrateVmWithStorage(p.request, requester);

    await expect(attempt).rejects.toBeInstanceOf(MigrationBlockedError);
    await expect(attempt).rejects.toMatchObject({
      code: 'MIGRATION_BLOCKED',
      blockers: expect.arrayContaining([expect.objectContaining({ code: 'VM_NOT_RUNNING' })]),
    });
    expect(await countRows(stack)).toEqual(before);
    expect(await vmRow(stack, p.vmId)).toEqual(vmBefore);
    for (const source of p.sources) expect(await volumeRow(stack, source.id)).toEqual(source);
    expect(stack.simulator.commandLog()).toEqual([]);
  });

  it('fails the job with STATE_CHANGED and changes nothing when the VM row changes between the read and the R3 transition (lost optimistic-lock race on vm_instance.update_count)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const racing = stack.gateway({
      owner: 'gw-race',
      wrapBookkeeping: (real) =>
        Object.assign(Object.create(real), {
          async begin(args: Parameters<typeof real.begin>[0]) {
            // CloudStack (or another gateway) touches the VM after the job read it.
            await stack.sql('UPDATE vm_instance SET update_count = update_count + 1 WHERE id = ?', [p.vmId]);
            return real.begin(args);
          },
        }),
    });

    const created = await racing.migrate(p.request);
    await racing.runner.settled(created.id);

    const row = await jobRow(stack, created.uuid);
    expect(row).toEqual({
      status: 'FAILED',
      errorCode: 'STATE_CHANGED',
      errorMessage: `Migration cancelled because state has changed: ${p.instanceName}`,
      activeVmId: null,
      leaseOwner: 'gw-race',
    });
    expect(await vmRow(stack, p.vmId)).toEqual({
      state: 'Running',
      hostId: p.vmHostId,
      lastHostId: p.vmLastHostId,
      podId: expect.any(Number),
      updateCount: p.vmUpdateCount + 1,
    });
    for (const source of p.sources) expect(await volumeRow(stack, source.id)).toEqual(source);
    expect(await newVolumeRows(stack)).toEqual([]);
    expect(stack.simulator.commandLog()).toEqual([]);
  });

  it('moves nothing when one request volume lost the race: the VM transition is undone with it, all or nothing (R3)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const racing = stack.gateway({
      owner: 'gw-race',
      wrapBookkeeping: (real) =>
        Object.assign(Object.create(real), {
          async begin(args: Parameters<typeof real.begin>[0]) {
            await stack.sql('UPDATE volumes SET update_count = update_count + 1 WHERE id = ?', [p.sources[1].id]);
            return real.begin(args);
          },
        }),
    });

    const created = await racing.migrate(p.request);
    await racing.runner.settled(created.id);

    expect(await jobRow(stack, created.uuid)).toMatchObject({ status: 'FAILED', errorCode: 'STATE_CHANGED', activeVmId: null });
    expect(await vmRow(stack, p.vmId)).toMatchObject({ state: 'Running', hostId: p.vmHostId, updateCount: p.vmUpdateCount });
    expect(await volumeRow(stack, p.sources[0].id)).toEqual(p.sources[0]);
    expect(await volumeRow(stack, p.sources[1].id)).toEqual({ ...p.sources[1], updateCount: p.sources[1].updateCount + 1 });
    expect(stack.simulator.commandLog()).toEqual([]);
  });

  it('fails a queued job with STATE_CHANGED when the VM stopped between the request and the run, without touching a row (re-plan before R3)', async () => {
    const p = await prepare(stack, 'nfs-to-nfs-shortcut');
    const deferredGateway = stack.gateway({ owner: 'gw-slow', deferStart: true });
    const created = await deferredGateway.migrate(p.request);
    expect(deferredGateway.started.map((j) => j.uuid)).toEqual([created.uuid]);
    await stack.sql("UPDATE vm_instance SET state = 'Stopped', update_count = update_count + 1 WHERE id = ?", [p.vmId]);

    deferredGateway.runner.start(created);
    await deferredGateway.runner.settled(created.id);

    const row = await jobRow(stack, created.uuid);
    expect(row).toMatchObject({ status: 'FAILED', errorCode: 'STATE_CHANGED', activeVmId: null });
    expect(row.errorMessage).toContain('VM_NOT_RUNNING');
    expect(await vmRow(stack, p.vmId)).toMatchObject({ state: 'Stopped', hostId: p.vmHostId, updateCount: p.vmUpdateCount + 1 });
    for (const source of p.sources) expect(await volumeRow(stack, source.id)).toEqual(source);
    expect(stack.simulator.commandLog()).toEqual([]);
  });

  it('re-decides a queued job when the rows changed before it ran, and shows the plan it carried out: a template reference that appeared means no copy (R15, R18)', async () => {
    const p = await prepare(stack, 'template-copy-to-destination');
    const deferredGateway = stack.gateway({ owner: 'gw-slow', deferStart: true });
    const created = await deferredGateway.migrate(p.request);
    expect(created.plan!.entries[0].templateStaging.kind).toBe('COPY_FROM_IMAGE_STORE');
    // Meanwhile the template reaches the destination pool under the source's file name.
    const template = stack.names.templateId('ubuntu-22.04');
    const [sourceRef] = await stack.sql<{ install_path: string; template_size: number }>(
      'SELECT install_path, template_size FROM template_spool_ref WHERE pool_id = ? AND template_id = ? ORDER BY id',
      [p.sources[0].poolId, template],
    );
    await stack.sql(
      "INSERT INTO template_spool_ref (pool_id, template_id, created, download_pct, download_state, local_path, install_path, template_size, marked_for_gc, state, update_count) VALUES (?, ?, ?, 100, 'DOWNLOADED', ?, ?, ?, 0, 'Ready', 0)",
      [stack.names.poolId('local-kvm-a2'), template, '2026-11-01 00:00:00', sourceRef.install_path, sourceRef.install_path, sourceRef.template_size],
    );
    stack.simulator.loadInventory(await readFleetInventory(stack.db.dataSource));

    deferredGateway.runner.start(created);
    await deferredGateway.runner.settled(created.id);

    const job = (await stack.jobs.byUuid(created.uuid))!;
    expect(job.status).toBe('SUCCEEDED');
    expect(job.plan!.entries[0]).toMatchObject({ templateStaging: { kind: 'EXISTING_REFERENCE' }, cloneMode: 'LINKED_CLONE', copySrcTemplate: false });
    expect(stack.simulator.commandLog().map((c) => c.name)).not.toContain('CopyCommand');
    const [{ refs }] = await stack.sql<{ refs: number }>('SELECT COUNT(*) AS refs FROM template_spool_ref WHERE pool_id = ? AND template_id = ?', [
      stack.names.poolId('local-kvm-a2'),
      template,
    ]);
    expect(Number(refs)).toBe(1);
  });
});
