import { describe, expect, it } from 'vitest';
import type { MigrationCommandRecord } from '../../../src/app/migration/migration-job';
import { type CommandHole, holeValue, type MigrationPlan, type PlannedCommand } from '../../../src/domain/migration';
import { DEMO_MIGRATION_CASES } from '../../../src/infra/db/seed/demo-migration-cases';
import { DATABASE_KINDS } from '../../support/test-database';
import { prepare } from './support/scenario';
import { useScenarioStack } from './support/scenario-stack';

/**
 * Issue 11: the plan is the program. Every demo case the dry run accepts runs twice, as a dry run
 * and as a job; the job's command log must be the dry run's commands (steps 1-5, then R30's expunges
 * on success, or R31's rollback and cleanup after a failed Migrate) with only the holes filled.
 * Each filled value is checked against what the run really produced (rows, agent answers), so a
 * hole filled with the wrong value fails as surely as a body composed twice.
 */
describe.each(DATABASE_KINDS)('the dry run and the job send the same commands on %s', (kind) => {
  const stack = useScenarioStack(kind);

  const cases = DEMO_MIGRATION_CASES.map((c) => c.id);

  it.each(cases)('case %s: the job sends the dry run’s commands, holes filled (success path, R30), or nothing when the dry run is blocked', async (caseId) => {
    const p = await prepare(stack, caseId);
    const dryRun = await stack.services.planMigration(p.request);
    if (dryRun.blockers.length > 0) {
      await expect(stack.migrate(p.request)).rejects.toMatchObject({ code: 'MIGRATION_BLOCKED' });
      expect(stack.simulator.commandLog()).toEqual([]);
      return;
    }

    const job = await stack.migrate(p.request);

    expect(job.status, job.error?.message ?? '').toBe('SUCCEEDED');
    const records = await stack.jobs.commandsByJobIds([job.id]);
    await expectSameCommands(dryRun, [...dryRun.commands, ...dryRun.end!.completion], records);
  });

  it.each(cases)('case %s: a failed Migrate sends the dry run’s rollback and cleanup, holes filled (R31, R32)', async (caseId) => {
    const p = await prepare(stack, caseId);
    const dryRun = await stack.services.planMigration(p.request);
    if (dryRun.blockers.length > 0) return; // asserted above: a blocked request sends nothing
    stack.simulator.injectFault({ command: 'MigrateCommand', fault: 'FAILED_ANSWER' });

    const job = await stack.migrate(p.request);

    expect(job.status).toBe('FAILED');
    const records = await stack.jobs.commandsByJobIds([job.id]);
    const end = dryRun.end!;
    const cleanup = end.cleanup.flatMap((c) => [c.disconnect, c.deleteDisk]);
    await expectSameCommands(dryRun, [...dryRun.commands, end.rollbackPrepare, ...cleanup], records);
  });

  /** Names, order, hosts, waits and bodies equal; each hole holds the value the run produced. */
  async function expectSameCommands(plan: MigrationPlan, planned: PlannedCommand[], records: MigrationCommandRecord[]): Promise<void> {
    const hostOf = (c: PlannedCommand) => (c.target === 'SOURCE_HOST' ? plan.sourceHostId : plan.destinationHostId);
    expect(
      records.map((r) => [r.name, r.hostId]),
      'names, order and hosts',
    ).toEqual(planned.map((c) => [c.name, hostOf(c)]));
    const learnt = await valuesTheRunProduced(plan, planned, records);
    for (const [i, command] of planned.entries()) {
      const sent = records[i].request as { name: string; wait: number; executeInSequence: boolean; body: object };
      const expected = structuredClone(command.body) as unknown as Record<string | number, unknown>;
      for (const hole of command.holes) {
        const value = valueAt(sent.body, hole.path);
        expect(value, `${command.name} #${i + 1} ${hole.kind} at ${hole.path.join('.')}`).toEqual(holeValue(hole, learnt(hole)));
        setAt(expected, hole.path, value);
      }
      expect(sent, `${command.name} #${i + 1}`).toEqual({
        name: command.name,
        wait: command.wait,
        executeInSequence: command.executeInSequence,
        body: expected,
      });
    }
  }

  /** What each hole must hold, read from the rows the job wrote and the answers the agents gave. */
  async function valuesTheRunProduced(plan: MigrationPlan, planned: PlannedCommand[], records: MigrationCommandRecord[]) {
    // The log is aligned with the plan (asserted before), so each record belongs to its planned command's entry.
    const sentFor = (entryIndex: number, name: string, step: number) =>
      records.find((_, i) => planned[i].entryIndex === entryIndex && planned[i].name === name && planned[i].step === step);
    const prepareAnswer = (records.find((r) => r.name === 'PrepareForMigrationCommand')?.answer as any)?.body;
    const byEntry = new Map<number, { id: number; uuid: string; identifier: string; connectedPath: string | null }>();
    for (const entry of plan.entries.filter((e) => !e.skipped)) {
      // The CreateObjectAnswer names the new disk; the row the job inserted (R16) is on the destination pool.
      const created = sentFor(entry.index, 'CreateObjectCommand', 2)!;
      const [row] = await stack.sql<any>('SELECT id, pool_id FROM volumes WHERE id = ?', [(created.request as any).body.data.volumeId]);
      expect(Number(row.pool_id), `R16 row of entry ${entry.index} on its destination pool`).toBe(entry.destinationPoolId);
      // R23/R24: the path the ModifyTargetsAnswer gave for this entry's disk, when it was connected.
      const connect = (sentFor(entry.index, 'ModifyTargetsCommand', 3)?.answer as any)?.body;
      byEntry.set(entry.index, {
        id: Number(row.id),
        uuid: (created.request as any).body.data.uuid,
        identifier: (created.answer as any).body.data.path,
        connectedPath: connect?.connectedPaths?.[0] ?? null,
      });
    }
    return (hole: CommandHole): unknown => {
      if (hole.kind === 'NEW_VM_CPU_SHARES') return prepareAnswer.newVmCpuShares;
      const entry = byEntry.get(hole.entryIndex!)!;
      return { DESTINATION_VOLUME_ID: entry.id, DESTINATION_VOLUME_UUID: entry.uuid, VOLUME_IDENTIFIER: entry.identifier, CONNECTED_PATH: entry.connectedPath }[
        hole.kind
      ];
    };
  }
});

function valueAt(body: object, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], body);
}

function setAt(target: Record<string | number, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}
