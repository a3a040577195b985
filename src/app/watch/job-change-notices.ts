import type { MigrationBookkeeping } from '../ports/migration-bookkeeping';
import type { MigrationJobAdmission } from '../ports/migration-job-admission';
import type { MigrationJobLeases } from '../ports/migration-job-leases';
import type { MigrationJournal } from '../ports/migration-journal';

/** Told after a write that a client can see went through for a job; resolves once subscribers got it. */
export type JobChanged = (jobId: number) => Promise<void>;

/** The job writes a subscriber sees outside the bookkeeping (lease renewals and claims are not changes). */
const JOB_WRITES = ['create', 'markRunning'] as const satisfies readonly (keyof (MigrationJobAdmission & MigrationJobLeases))[];
/** A command recorded (with the answers written since the job's last write). */
const JOURNAL_WRITES = ['recordCommandSent'] as const satisfies readonly (keyof MigrationJournal)[];
/** The bookkeeping transactions that move a job's progress or end it (template locks and refs are not job state). */
const BOOKKEEPING_WRITES = [
  'begin',
  'insertDestinationVolume',
  'apply',
  'saveProgress',
  'end',
  'refuse',
] as const satisfies readonly (keyof MigrationBookkeeping)[];

/**
 * The job store (admission and leases), telling `changed` after each visible write: with the
 * journal and bookkeeping below, the in-process change source (the only one with the embedded
 * SQLite database, so nothing polls there). The write resolves after the subscribers of that job
 * got the new state, so a subscriber sees every state in order; with nobody watching the job that
 * costs nothing. A failing notice never fails the write.
 */
export function jobStoreWithChangeNotices<T extends MigrationJobAdmission & MigrationJobLeases>(store: T, changed: JobChanged): T {
  return withNotices(store, JOB_WRITES, changed, (method, args, result) => (method === 'create' ? (result as { id: number }).id : (args[0] as number)));
}

/** The command log, telling `changed` after each command recorded (see jobStoreWithChangeNotices). */
export function journalWithChangeNotices(journal: MigrationJournal, changed: JobChanged): MigrationJournal {
  return withNotices(journal, JOURNAL_WRITES, changed, (_method, args, result) => (result === true ? (args[0] as { jobId: number }).jobId : null));
}

/** The bookkeeping port, telling `changed` after each transaction that moved a job (see jobStoreWithChangeNotices). */
export function bookkeepingWithChangeNotices(bookkeeping: MigrationBookkeeping, changed: JobChanged): MigrationBookkeeping {
  return withNotices(bookkeeping, BOOKKEEPING_WRITES, changed, (_method, args) => {
    const first = args[0];
    return typeof first === 'number' ? first : (first as { jobId: number }).jobId;
  });
}

/**
 * A proxy rather than a class restating every method: a method this does not list simply passes
 * through, and the listed names are checked against the port's type.
 */
function withNotices<T extends object>(
  target: T,
  writes: readonly (keyof T)[],
  changed: JobChanged,
  jobIdOf: (method: keyof T, args: unknown[], result: unknown) => number | null,
): T {
  const notifying = new Set<PropertyKey>(writes);
  return new Proxy(target, {
    get(object, name, receiver) {
      const value = Reflect.get(object, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!notifying.has(name)) return method.bind(object);
      return async (...args: unknown[]) => {
        const result: unknown = await method.apply(object, args);
        const jobId = jobIdOf(name as keyof T, args, result);
        if (jobId !== null) await changed(jobId).catch(() => undefined);
        return result;
      };
    },
  });
}
