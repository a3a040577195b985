import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/test-database';
import { prepare } from './support/scenario';
import { useScenarioStack } from './support/scenario-stack';

/**
 * Reference §8 "Waits": a command with a setting of its own uses it (CopyCommand
 * `primary.storage.download.wait`, MigrateCommand `kvm.storage.online.migration.wait`); every other
 * command of the flow is sent with CloudStack's global agent `wait` from `configuration`, so an
 * operator who lowers it sees the gateway time out sooner.
 */
describe.each(DATABASE_KINDS)('agent command waits on %s', (kind) => {
  const stack = useScenarioStack(kind);

  const setWait = (seconds: number) =>
    stack.sql(
      "INSERT INTO configuration (category, instance, component, name, value, default_value) VALUES ('Advanced', 'DEFAULT', 'AgentManager', 'wait', ?, '1800')",
      [String(seconds)],
    );

  async function waitsOf(jobId: number) {
    return (await stack.jobs.commandsByJobIds([jobId])).map((c) => [c.name, (c.request as { wait: number }).wait, (c.request as any).body.rollback]);
  }

  it('sends CreateObject, ModifyTargets, PrepareForMigration and Delete with the configured wait, Copy and Migrate with their own', async () => {
    await setWait(37);
    const copy = await stack.migrate((await prepare(stack, 'template-copy-to-destination')).request);
    const copyWaits = await waitsOf(copy.id);
    // Both cases move web-01: back to the seeded rows (configuration too), then the second one.
    await stack.reset();
    await setWait(37);
    const nfs = await stack.migrate((await prepare(stack, 'nfs-to-nfs-shortcut')).request);

    expect(copyWaits).toEqual([
      ['CopyCommand', 10_800, undefined],
      ['CreateObjectCommand', 37, undefined],
      ['PrepareForMigrationCommand', 37, false],
      ['MigrateCommand', 86_400, undefined],
      ['DeleteCommand', 37, undefined],
    ]);
    expect(await waitsOf(nfs.id)).toEqual([
      ['CreateObjectCommand', 37, undefined],
      ['ModifyTargetsCommand', 37, undefined],
      ['CreateObjectCommand', 37, undefined],
      ['ModifyTargetsCommand', 37, undefined],
      ['PrepareForMigrationCommand', 37, false],
      ['MigrateCommand', 86_400, undefined],
      ['DeleteCommand', 37, undefined],
      ['DeleteCommand', 37, undefined],
    ]);
    expect(copy.plan!.agentWaitSeconds).toBe(37);
  });

  it('sends CheckVirtualMachine and the R31 cleanup with the configured wait too', async () => {
    await setWait(41);
    stack.simulator.injectFault({ command: 'MigrateCommand', fault: 'TIMEOUT', effect: 'NOT_APPLIED' });
    const job = await stack.migrate((await prepare(stack, 'nfs-to-nfs-shortcut')).request);

    expect(job.status).toBe('FAILED');
    expect((await waitsOf(job.id)).slice(5)).toEqual([
      ['MigrateCommand', 86_400, undefined],
      ['CheckVirtualMachineCommand', 41, undefined],
      ['PrepareForMigrationCommand', 41, true],
      ['ModifyTargetsCommand', 41, undefined],
      ['DeleteCommand', 41, undefined],
      ['ModifyTargetsCommand', 41, undefined],
      ['DeleteCommand', 41, undefined],
    ]);
  });

  it("uses CloudStack's default of 1800 s when configuration has no `wait` row", async () => {
    const job = await stack.migrate((await prepare(stack, 'nfs-to-nfs-shortcut')).request);
    expect((await waitsOf(job.id))[0]).toEqual(['CreateObjectCommand', 1800, undefined]);
  });
});
