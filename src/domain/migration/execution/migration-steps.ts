import type { MigrationPlan, MigrationPlanEntry, PlannedCommand } from '../migration-plan';

/** One step of a migration's success path (§8 steps 1-5), in the order the job takes them. */
export type MigrationStep =
  | { kind: 'STAGE_TEMPLATE'; entry: MigrationPlanEntry; command: PlannedCommand }
  | { kind: 'CREATE_VOLUME_ROW'; entry: MigrationPlanEntry }
  | { kind: 'CREATE_DISK'; entry: MigrationPlanEntry; command: PlannedCommand }
  | { kind: 'WRITE_TEMPLATE_REF'; entry: MigrationPlanEntry }
  | { kind: 'CONNECT'; entry: MigrationPlanEntry; command: PlannedCommand }
  | { kind: 'PREPARE'; command: PlannedCommand }
  | { kind: 'MIGRATE'; command: PlannedCommand };

/**
 * The plan as a program: per migrated entry in map order its template staging (R13-R15), the new
 * row (R16/R17), the disk (R19/R20), the copied template's reference (R21) and the connection
 * (R23/R24); then PrepareForMigration (R26) and Migrate (R28). Every command step carries the
 * command the plan composed; the job fills its holes and sends it.
 */
export function migrationSteps(plan: MigrationPlan): MigrationStep[] {
  const commandOf = (step: number, entryIndex: number | null) => plan.commands.find((c) => c.step === step && c.entryIndex === entryIndex);
  const steps: MigrationStep[] = [];
  for (const entry of plan.entries) {
    if (entry.skipped || entry.destinationVolumeUuid === null) continue;
    const staging = commandOf(1, entry.index);
    if (staging) steps.push({ kind: 'STAGE_TEMPLATE', entry, command: staging });
    steps.push({ kind: 'CREATE_VOLUME_ROW', entry });
    steps.push({ kind: 'CREATE_DISK', entry, command: required(commandOf(2, entry.index), 'CreateObjectCommand', entry.index) });
    if (entry.templateRefAction.kind !== 'NONE' && entry.backingFile !== null) steps.push({ kind: 'WRITE_TEMPLATE_REF', entry });
    const connect = commandOf(3, entry.index);
    if (connect) steps.push({ kind: 'CONNECT', entry, command: connect });
  }
  steps.push({ kind: 'PREPARE', command: required(commandOf(4, null), 'PrepareForMigrationCommand', null) });
  steps.push({ kind: 'MIGRATE', command: required(commandOf(5, null), 'MigrateCommand', null) });
  return steps;
}

function required(command: PlannedCommand | undefined, name: string, entryIndex: number | null): PlannedCommand {
  if (!command) throw new Error(`the plan has no ${name}${entryIndex === null ? '' : ` for entry ${entryIndex}`}`);
  return command;
}
