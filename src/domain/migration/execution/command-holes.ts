import type { MigrationAgentCommand } from '../commands/typed-agent-command';
import { Placeholder } from '../placeholders';

/** What only the run knows about a planned command (the plan shows a placeholder there). */
type HoleKind =
  /** R16: the new row's id, from `sequence.volume_seq` when the job creates it. */
  | 'DESTINATION_VOLUME_ID'
  /** R16: the new row's uuid; a job picks it before planning, a dry run never knows it. */
  | 'DESTINATION_VOLUME_UUID'
  /** R20 on a managed pool: the iSCSI name the driver gives the new volume (CreateObjectAnswer). */
  | 'VOLUME_IDENTIFIER'
  /** R23 (managed) / R24 (non-managed to NFS): the first path of the ModifyTargetsAnswer. */
  | 'CONNECTED_PATH'
  /** R26/R28: `newVmCpuShares` of the PrepareForMigrationAnswer. */
  | 'NEW_VM_CPU_SHARES';

/** One hole of a planned command: where in its body the value goes, and for which request entry. */
export interface CommandHole {
  path: readonly (string | number)[];
  kind: HoleKind;
  /** The request entry the value belongs to; null for VM-wide values. */
  entryIndex: number | null;
  /**
   * Set when the value is part of a text (R23 `<pool path>/<new uuid>`): the body holds this text
   * with the kind's placeholder, and the run replaces the placeholder only.
   */
  within?: string;
}

/** The values a run has learnt so far, by request entry index. */
export interface RunValues {
  destinationVolumeIds: ReadonlyMap<number, number>;
  destinationVolumeUuids: ReadonlyMap<number, string>;
  volumeIdentifiers: ReadonlyMap<number, string>;
  connectedPaths: ReadonlyMap<number, string>;
  newVmCpuShares: number | null;
}

/** A planned command asked to be sent before the run knows one of its values (a step out of order). */
class MissingRunValueError extends Error {
  override name = 'MissingRunValueError';
}

/** A command the plan composed, with its holes. */
export interface CommandWithHoles {
  name: MigrationAgentCommand['name'];
  wait: number;
  executeInSequence: boolean;
  body: object;
  holes: readonly CommandHole[];
}

/**
 * The planned command with every hole filled from the run: the one composition of each body is
 * the plan's, the run only supplies what it learnt (new ids, iSCSI names, connected paths, CPU shares).
 */
export function fillHoles(command: CommandWithHoles, values: RunValues): MigrationAgentCommand {
  const body = structuredClone(command.body) as Record<string | number, unknown>;
  for (const hole of command.holes) setAt(body, hole.path, holeValue(hole, valueOf(hole, values, command.name)));
  return { name: command.name, wait: command.wait, executeInSequence: command.executeInSequence, body } as unknown as MigrationAgentCommand;
}

/** The value a hole takes once the run knows `value`: the value itself, or its text with the placeholder replaced. */
export function holeValue(hole: CommandHole, value: unknown): unknown {
  return hole.within === undefined ? value : hole.within.replace(Placeholder.destinationVolumeUuid, String(value));
}

function valueOf(hole: CommandHole, values: RunValues, command: string): unknown {
  if (hole.kind === 'NEW_VM_CPU_SHARES') return values.newVmCpuShares;
  const byEntry = {
    DESTINATION_VOLUME_ID: values.destinationVolumeIds,
    DESTINATION_VOLUME_UUID: values.destinationVolumeUuids,
    VOLUME_IDENTIFIER: values.volumeIdentifiers,
    CONNECTED_PATH: values.connectedPaths,
  }[hole.kind];
  const value = hole.entryIndex === null ? undefined : byEntry.get(hole.entryIndex);
  if (value === undefined) throw new MissingRunValueError(`${command}: ${hole.kind} of entry ${hole.entryIndex} is not known yet`);
  return value;
}

function setAt(target: Record<string | number, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}
