import { describe, expect, it } from 'vitest';
import type { MigrationRequest } from '../../../src/app/migration/migration-request';
import { demoHandles } from '../../../src/infra/db/seed/demo-inventory';
import { DATABASE_KINDS } from '../../support/test-database';
import { spoolRefs } from './support/rows';
import { useScenarioStack } from './support/scenario-stack';

/**
 * Template staging and the R21 reference, serialised per (destination pool, template) across
 * gateway processes (reference §12 "Concurrency"): several migrations at once to a pool that lacks
 * their template must leave exactly one template_spool_ref row and send one staging command, the
 * others waiting for it and using its reference (R15: "if a reference already exists, nothing is
 * copied"). Before the fix each job saw "no reference", and each copied and inserted.
 */
describe.each(DATABASE_KINDS)('template staging under concurrency on %s', (kind) => {
  const stack = useScenarioStack(kind);
  const handles = demoHandles();

  /** VMs of cluster A whose ROOT disk (ubuntu-22.04) sits on a pool that is not local-kvm-a2. */
  const VMS = ['web-01', 'local-db-01', 'eng-build-01', 'eng-build-03', 'ops-dns-01'];

  async function rootToLocalA2(vm: string): Promise<MigrationRequest> {
    const [root] = await stack.sql<{ uuid: string }>(
      "SELECT v.uuid FROM volumes v JOIN vm_instance i ON i.id = v.instance_id WHERE i.uuid = ? AND v.volume_type = 'ROOT' AND v.removed IS NULL",
      [handles.vms[vm]],
    );
    return {
      vmUuid: handles.vms[vm],
      destinationHostUuid: handles.hosts['kvm-a2'],
      volumes: [{ volumeUuid: root.uuid, destinationPoolUuid: handles.pools['local-kvm-a2'] }],
      idempotencyKey: null,
    };
  }

  it('copies ubuntu-22.04 to local-kvm-a2 once for five migrations on two gateway processes, and leaves one reference (R15, §12)', async () => {
    const pool = stack.names.poolId('local-kvm-a2');
    const template = stack.names.templateId('ubuntu-22.04');
    expect(await spoolRefs(stack, pool, template)).toEqual([]);
    let copying = 0;
    let mostAtOnce = 0;
    stack.intercept = async (_host, command, next) => {
      if (command.name !== 'CopyCommand') return next();
      copying += 1;
      mostAtOnce = Math.max(mostAtOnce, copying);
      // A copy takes a while: the other jobs reach the pair meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 150));
      copying -= 1;
      return next();
    };
    const replicas = [stack.gateway({ owner: 'gw-1' }), stack.gateway({ owner: 'gw-2' })];
    const requests = await Promise.all(VMS.map(rootToLocalA2));

    const jobs = await Promise.all(requests.map((request, i) => replicas[i % 2].migrate(request)));
    await Promise.all(replicas.map((r) => r.runner.settled()));

    const ended = await stack.jobs.byIds(jobs.map((j) => j.id));
    expect(ended.map((j) => [j.status, j.error])).toEqual(VMS.map(() => ['SUCCEEDED', null]));
    expect(stack.simulator.commandLog().filter((c) => c.name === 'CopyCommand')).toHaveLength(1);
    expect(mostAtOnce).toBe(1);
    const refs = await spoolRefs(stack, pool, template);
    expect(refs).toHaveLength(1);
    expect(refs[0]).toMatchObject({ downloadState: 'DOWNLOADED', state: 'Ready' });
    // The one reference names a file that is on the pool (a later job may have re-pointed it at its
    // own source backing file, R18/R21 [PR], but never duplicated it).
    const files = stack.simulator.state().pools[handles.pools['local-kvm-a2']].files;
    expect(Object.keys(files)).toContain(refs[0].installPath);
    // Every job's plan shows what it did: one staged the template, the others planned (again, under
    // the pair) with its reference in place.
    const staging = ended.map((j) => j.plan!.entries[0].templateStaging.kind).sort();
    expect(staging).toEqual(['COPY_FROM_IMAGE_STORE', 'EXISTING_REFERENCE', 'EXISTING_REFERENCE', 'EXISTING_REFERENCE', 'EXISTING_REFERENCE']);
    expect(await stack.sql('SELECT * FROM gateway_template_lock')).toEqual([]);
  });

  it('keeps one reference when the job holding the pair fails its copy: it goes on with copySrcTemplate and R21 inserts the row, the waiting jobs use it (R15, R18, R21 [PR])', async () => {
    const pool = stack.names.poolId('local-kvm-a2');
    const template = stack.names.templateId('ubuntu-22.04');
    stack.simulator.injectFault({ command: 'CopyCommand', fault: 'FAILED_ANSWER', details: 'qemu-img: No space left on device' });
    const requests = await Promise.all(VMS.slice(0, 3).map(rootToLocalA2));
    const replicas = [stack.gateway({ owner: 'gw-1' }), stack.gateway({ owner: 'gw-2' })];

    const jobs = await Promise.all(requests.map((request, i) => replicas[i % 2].migrate(request)));
    await Promise.all(replicas.map((r) => r.runner.settled()));

    const ended = await stack.jobs.byIds(jobs.map((j) => j.id));
    expect(ended.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    // R15: a failed copy is only logged; that job's agent copies the source backing file itself and
    // R21 writes the reference, which the jobs waiting for the pair then plan with: no second copy
    // (a job whose source backing file has another name re-points the row, R18/R21 [PR]).
    expect(
      stack.simulator
        .commandLog()
        .filter((c) => c.name === 'CopyCommand')
        .map((c) => c.outcome.kind === 'ANSWERED' && c.outcome.answer.result),
    ).toEqual([false]);
    expect(await spoolRefs(stack, pool, template)).toHaveLength(1);
    expect(await stack.sql('SELECT * FROM gateway_template_lock')).toEqual([]);
  });
});
