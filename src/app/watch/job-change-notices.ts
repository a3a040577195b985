import type { MigrationBookkeeping } from '../ports/migration-bookkeeping';
import type { MigrationJobStore } from '../ports/migration-job-store';

/** Told after a write that a client can see went through for a job; resolves once subscribers got it. */
export type JobChanged = (jobId: number) => Promise<void>;

/** The job-store writes a subscriber sees (lease renewals and claims are not changes). */
const JOB_STORE_WRITES = ['create', 'markRunning', 'saveProgress', 'savePlan', 'recordCommandSent', 'recordCommandOutcome', 'finish'] as const satisfies readonly (keyof MigrationJobStore)[];
/** The bookkeeping transactions that move a job's progress or end it (template locks and refs are not job state). */
const BOOKKEEPING_WRITES = ['begin', 'insertDestinationVolume', 'apply', 'saveProgress', 'end'] as const satisfies readonly (keyof MigrationBookkeeping)[];

/**
 * The job store, telling `changed` after each visible write: the in-process change source (the
 * only one with the embedded SQLite database, so nothing polls there). The write resolves after
 * the subscribers of that job got the new state, so a subscriber sees every state in order; with
 * nobody watching the job that costs nothing. A failing notice never fails the write.
 */
export function jobStoreWithChangeNotices(store: MigrationJobStore, changed: JobChanged): MigrationJobStore {
  // recordCommandOutcome names the command, not the job: remember whose command it is.
  const jobOfCommand = new Map<number, number>();
  return withNotices(store, JOB_STORE_WRITES, changed, (method, args, result) => {
    if (method === 'create') return (result as { id: number }).id;
    if (method === 'recordCommandSent') {
      const jobId = (args[0] as { jobId: number }).jobId;
      if (typeof result === 'number') jobOfCommand.set(result, jobId);
      return jobId;
    }
    if (method === 'recordCommandOutcome') {
      const jobId = jobOfCommand.get(args[0] as number) ?? null;
      jobOfCommand.delete(args[0] as number);
      return jobId;
    }
    return args[0] as number;
  });
}

/** The bookkeeping port, telling `changed` after each transaction that moved a job (see jobStoreWithChangeNotices). */
export function bookkeepingWithChangeNotices(bookkeeping: MigrationBookkeeping, changed: JobChanged): MigrationBookkeeping {
  return withNotices(bookkeeping, BOOKKEEPING_WRITES, changed, (_method, args) => {
    const first = args[0];
    return typeof first === 'number' ? first : (first as { jobId: number }).jobId;
  });
}

/**
 * A proxy rather than a class restating every method: the ports are being reshaped, and a method
 * this does not list simply passes through; the listed names are checked against the port's type.
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
      if (!notifying.has(name)) return value.bind(object);
      return async (...args: unknown[]) => {
        const result = await value.apply(object, args);
        const jobId = jobIdOf(name as keyof T, args, result);
        if (jobId !== null) await changed(jobId).catch(() => undefined);
        return result;
      };
    },
  });
}
