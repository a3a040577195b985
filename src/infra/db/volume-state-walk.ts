/**
 * CloudStack's volume state machine, the part a migration walks (cloudstack-schema.md §volumes).
 * The gateway moves rows along these transitions only, one `update_count` step each.
 */
const TRANSITIONS: Record<string, Record<string, string>> = {
  Allocated: { MigrationCopyRequested: 'Creating', DestroyRequested: 'Destroy' },
  Creating: { MigrationCopySucceeded: 'Ready', MigrationCopyFailed: 'Allocated' },
  Ready: { MigrationRequested: 'Migrating', DestroyRequested: 'Destroy', OperationSucceeded: 'Ready', OperationFailed: 'Ready' },
  Migrating: { OperationSucceeded: 'Ready', OperationFailed: 'Ready' },
  Destroy: { ExpungingRequested: 'Expunging', OperationSucceeded: 'Destroy', OperationFailed: 'Destroy' },
  Expunging: { OperationSucceeded: 'Expunged', OperationFailed: 'Destroy' },
  Expunged: { OperationSucceeded: 'Expunged', OperationFailed: 'Expunged', ExpungingRequested: 'Expunged' },
};

/** The state `event` leads to from `state`, or null when CloudStack has no such transition. */
export function nextVolumeState(state: string, event: string): string | null {
  return TRANSITIONS[state]?.[event] ?? null;
}

/**
 * Events that take a destination volume from `state` to Expunged on failure (R31/R32):
 * a failed copy or migration first, then DestroyRequested, ExpungingRequested, OperationSucceeded.
 */
export function expungeEvents(state: string): string[] {
  switch (state) {
    case 'Creating':
      return ['MigrationCopyFailed', 'DestroyRequested', 'ExpungingRequested', 'OperationSucceeded'];
    case 'Allocated':
      return ['DestroyRequested', 'ExpungingRequested', 'OperationSucceeded'];
    case 'Migrating':
      return ['OperationFailed', 'DestroyRequested', 'ExpungingRequested', 'OperationSucceeded'];
    case 'Ready':
      return ['DestroyRequested', 'ExpungingRequested', 'OperationSucceeded'];
    case 'Destroy':
      return ['ExpungingRequested', 'OperationSucceeded'];
    case 'Expunging':
      return ['OperationSucceeded'];
    default:
      return [];
  }
}
