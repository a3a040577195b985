import type { MigrationPlan, MigrationPlanEntry, PlannedCommand } from '../../../../src/domain/migration/migration-plan';

/** The plan entry at `index`, failing loudly when absent. */
export function entryAt(plan: MigrationPlan, index: number): MigrationPlanEntry {
  const found = plan.entries[index];
  if (found === undefined) throw new Error(`plan has no entry ${index}`);
  return found;
}

export function blockerCodes(plan: MigrationPlan): string[] {
  return plan.blockers.map((blocker) => blocker.code);
}

/** `name@entryIndex` (or `name` for VM-wide commands): the command log in one readable line. */
export function commandLog(plan: MigrationPlan): string[] {
  return plan.commands.map((command) => (command.entryIndex === null ? command.name : `${command.name}@${command.entryIndex}`));
}

export function commandNamed<N extends PlannedCommand['name']>(plan: MigrationPlan, name: N, entryIndex?: number): Extract<PlannedCommand, { name: N }> {
  const found = plan.commands.find((command) => command.name === name && (entryIndex === undefined || command.entryIndex === entryIndex));
  if (found === undefined) throw new Error(`plan has no ${name}`);
  return found as Extract<PlannedCommand, { name: N }>;
}
