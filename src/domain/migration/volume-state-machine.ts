/**
 * CloudStack's volume state machine, the part a migration walks (cloudstack-schema.md §volumes).
 * The gateway moves rows along these transitions only; every transition is one `update_count` step.
 */
export type VolumeEvent =
  | 'MigrationRequested'
  | 'MigrationCopyRequested'
  | 'MigrationCopySucceeded'
  | 'MigrationCopyFailed'
  | 'OperationSucceeded'
  | 'OperationFailed'
  | 'DestroyRequested'
  | 'ExpungingRequested';

const TRANSITIONS: Record<string, Partial<Record<VolumeEvent, string>>> = {
  Allocated: { MigrationCopyRequested: 'Creating', DestroyRequested: 'Destroy' },
  Creating: { MigrationCopySucceeded: 'Ready', MigrationCopyFailed: 'Allocated' },
  Ready: { MigrationRequested: 'Migrating', DestroyRequested: 'Destroy', OperationSucceeded: 'Ready', OperationFailed: 'Ready' },
  Migrating: { OperationSucceeded: 'Ready', OperationFailed: 'Ready' },
  Destroy: { ExpungingRequested: 'Expunging', OperationSucceeded: 'Destroy', OperationFailed: 'Destroy' },
  Expunging: { OperationSucceeded: 'Expunged', OperationFailed: 'Destroy' },
  Expunged: { OperationSucceeded: 'Expunged', OperationFailed: 'Expunged', ExpungingRequested: 'Expunged' },
};

/** The state `event` leads to from `state`, or null when CloudStack has no such transition. */
function nextVolumeState(state: string, event: VolumeEvent): string | null {
  return TRANSITIONS[state]?.[event] ?? null;
}

/**
 * Events that take a volume from `state` to Expunged (R30 step 7, R31/R32): a failed copy or
 * migration first, then DestroyRequested, ExpungingRequested, OperationSucceeded.
 */
export function expungeEvents(state: string): VolumeEvent[] {
  switch (state) {
    case 'Creating':
      return ['MigrationCopyFailed', 'DestroyRequested', 'ExpungingRequested', 'OperationSucceeded'];
    case 'Allocated':
    case 'Ready':
      return ['DestroyRequested', 'ExpungingRequested', 'OperationSucceeded'];
    case 'Migrating':
      return ['OperationFailed', 'DestroyRequested', 'ExpungingRequested', 'OperationSucceeded'];
    case 'Destroy':
      return ['ExpungingRequested', 'OperationSucceeded'];
    case 'Expunging':
      return ['OperationSucceeded'];
    default:
      return [];
  }
}

/** Where a walk of events ends, and how many transitions it took (each one `update_count` step). */
export type VolumeWalk = { ok: true; state: string; transitions: number } | { ok: false; at: string; event: VolumeEvent };

/** Applies `events` in order from `state`; the first event CloudStack has no transition for stops it. */
export function walkVolume(state: string, events: readonly VolumeEvent[]): VolumeWalk {
  let current = state;
  for (const event of events) {
    const next = nextVolumeState(current, event);
    if (next === null) return { ok: false, at: current, event };
    current = next;
  }
  return { ok: true, state: current, transitions: events.length };
}
