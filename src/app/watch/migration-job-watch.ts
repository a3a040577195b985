import { createHash } from 'node:crypto';
import { NotFoundError } from '../../domain/errors';
import type { MigrationJobFilter, MigrationJobQueries } from '../ports/migration-job-queries';
import type { MigrationCommandRecord, MigrationJob } from '../migration/migration-job';
import { AsyncQueue } from './async-queue';

/** A job as a subscriber sees it at one moment: the row and its command log. */
export interface JobState {
  job: MigrationJob;
  commands: MigrationCommandRecord[];
}

/** Which jobs somebody watches now (what a change poller must look at). */
export interface WatchInterest {
  jobIds: number[];
  /** Somebody watches every job (migrationJobsUpdated): new and unfinished jobs count too. */
  anyJob: boolean;
}

/** The job subscriptions the GraphQL layer serves. */
export interface MigrationJobWatching {
  /** The job's current state, then each change; ends after SUCCEEDED/FAILED. NOT_FOUND for an unknown uuid. */
  job(uuid: string): Promise<AsyncIterable<JobState>>;
  /** Every change of any job matching the filter, from now on; never ends by itself. */
  jobs(filter: MigrationJobFilter): Promise<AsyncIterable<JobState>>;
}

interface Subscriber {
  /** null: any job matching `filter`. */
  jobId: number | null;
  filter: MigrationJobFilter;
  /** What this job's subscriber was last sent: a state is sent once, however many sources report it. */
  sent: string | null;
  queue: AsyncQueue<JobState>;
}

const FINAL = new Set(['SUCCEEDED', 'FAILED']);
/** Unfinished jobs a new migrationJobsUpdated subscriber takes as already seen (active migrations are few). */
const ACTIVE_SNAPSHOT_LIMIT = 1_000;

/**
 * The live view of migration jobs. Change sources (the in-process notices of the job store and
 * bookkeeping this process writes through; on a shared database the poller that sees other
 * replicas' writes) call `changed(jobIds)`; the watch loads those jobs once per change (two
 * statements, whoever subscribes) and sends each subscriber the states it has not seen. Loads and
 * subscriptions run one after another, so a state is never sent before an older one and a
 * subscriber registered while a change is written still gets it.
 */
export class MigrationJobWatch implements MigrationJobWatching {
  private readonly byJob = new Map<number, Set<Subscriber>>();
  private readonly anyJob = new Set<Subscriber>();
  /**
   * While anybody watches every job: the last state of each job known to them all, shared (one
   * entry per job, not per subscriber), so a state is sent to them once and an old one never.
   */
  private readonly anyJobSeen = new Map<number, string>();
  /** Subscriptions whose first load has not registered them yet: a change now may concern them. */
  private starting = 0;
  private tail: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly queries: Pick<MigrationJobQueries, 'byUuid' | 'byIds' | 'page' | 'commandsByJobIds'>,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Subscriber count (metrics, tests). */
  get size(): number {
    let count = this.anyJob.size;
    for (const set of this.byJob.values()) count += set.size;
    return count;
  }

  interest(): WatchInterest {
    return { jobIds: [...this.byJob.keys()], anyJob: this.anyJob.size > 0 };
  }

  /** Whether a change of this job would reach anybody (the in-process notices skip the load when not). */
  watches(jobId: number): boolean {
    return this.starting > 0 || this.anyJob.size > 0 || this.byJob.has(jobId);
  }

  /** These jobs may have changed: load and send what is new. Resolves once sent. */
  changed(jobIds: readonly number[]): Promise<void> {
    const wanted = [...new Set(jobIds)].filter((id) => this.watches(id));
    if (wanted.length === 0) return Promise.resolve();
    return this.serial(() => this.refresh(wanted));
  }

  job(uuid: string): Promise<AsyncIterable<JobState>> {
    return this.subscribe(async (subscriber) => {
      const job = await this.queries.byUuid(uuid);
      if (!job) throw new NotFoundError(`No migration job has id ${uuid}.`);
      subscriber.jobId = job.id;
      const state = { job, commands: await this.queries.commandsByJobIds([job.id]) };
      // A late subscriber gets the current state first, so it never misses the end.
      this.deliverToJobSubscriber(subscriber, state, stateKey(state));
      if (!subscriber.queue.isEnded) this.register(subscriber);
    });
  }

  jobs(filter: MigrationJobFilter): Promise<AsyncIterable<JobState>> {
    return this.subscribe(async (subscriber) => {
      subscriber.filter = filter;
      if (this.anyJob.size === 0) {
        // The first one: what is already there counts as seen, only changes from now on are sent.
        // Later ones share what the refreshes have kept up to date since.
        this.anyJobSeen.clear();
        const active = await this.queries.page({ statuses: ['PENDING', 'RUNNING'] }, { first: ACTIVE_SNAPSHOT_LIMIT, afterUuid: null });
        for (const state of await this.withCommands(active.rows)) this.anyJobSeen.set(state.job.id, stateKey(state));
      }
      this.register(subscriber);
    });
  }

  /** Ends every subscription (graceful shutdown); later subscriptions are refused. */
  close(): void {
    this.closed = true;
    for (const subscriber of [...this.anyJob, ...[...this.byJob.values()].flatMap((set) => [...set])]) subscriber.queue.end();
  }

  private subscribe(start: (subscriber: Subscriber) => Promise<void>): Promise<AsyncIterable<JobState>> {
    if (this.closed) return Promise.reject(new Error('The gateway is shutting down.'));
    const subscriber: Subscriber = { jobId: null, filter: {}, sent: null, queue: new AsyncQueue(() => this.unregister(subscriber)) };
    this.starting += 1;
    return this.serial(async () => {
      try {
        await start(subscriber);
      } finally {
        this.starting -= 1;
      }
      return subscriber.queue;
    });
  }

  private register(subscriber: Subscriber): void {
    if (subscriber.jobId === null) {
      this.anyJob.add(subscriber);
      return;
    }
    const set = this.byJob.get(subscriber.jobId) ?? new Set();
    set.add(subscriber);
    this.byJob.set(subscriber.jobId, set);
  }

  private unregister(subscriber: Subscriber): void {
    if (subscriber.jobId === null) {
      this.anyJob.delete(subscriber);
      if (this.anyJob.size === 0) this.anyJobSeen.clear();
      return;
    }
    const set = this.byJob.get(subscriber.jobId);
    set?.delete(subscriber);
    if (set?.size === 0) this.byJob.delete(subscriber.jobId);
  }

  private async refresh(jobIds: number[]): Promise<void> {
    const ids = jobIds.filter((id) => this.anyJob.size > 0 || this.byJob.has(id));
    if (ids.length === 0) return;
    for (const state of await this.withCommands(await this.queries.byIds(ids))) {
      const key = stateKey(state);
      for (const subscriber of this.byJob.get(state.job.id) ?? []) this.deliverToJobSubscriber(subscriber, state, key);
      if (this.anyJob.size === 0 || this.anyJobSeen.get(state.job.id) === key) continue;
      this.anyJobSeen.set(state.job.id, key);
      for (const subscriber of this.anyJob) if (matches(subscriber.filter, state.job)) subscriber.queue.push(state);
    }
  }

  private deliverToJobSubscriber(subscriber: Subscriber, state: JobState, key: string): void {
    if (subscriber.sent === key) return;
    subscriber.sent = key;
    subscriber.queue.push(state);
    if (FINAL.has(state.job.status)) subscriber.queue.end();
  }

  private async withCommands(jobs: MigrationJob[]): Promise<JobState[]> {
    if (jobs.length === 0) return [];
    const commands = await this.queries.commandsByJobIds(jobs.map((j) => j.id));
    return jobs.map((job) => ({ job, commands: commands.filter((c) => c.jobId === job.id).sort((a, b) => a.seq - b.seq) }));
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    // One failed load must not stop later ones; the caller of this task still sees its error.
    this.tail = run.then(
      () => undefined,
      (error: unknown) => {
        if (!(error instanceof NotFoundError)) this.onError(error);
      },
    );
    return run;
  }
}

function matches(filter: MigrationJobFilter, job: MigrationJob): boolean {
  if (filter.vmId !== undefined && job.vmId !== filter.vmId) return false;
  return !filter.statuses || filter.statuses.includes(job.status);
}

/**
 * Everything a client can read of the job, lease bookkeeping aside (renewals are not changes), as
 * a digest: the watch keeps one per watched job, and a plan's JSON would be kilobytes.
 */
function stateKey({ job, commands }: JobState): string {
  const { leaseOwner: _owner, leaseExpiresAt: _expires, ...visible } = job;
  return createHash('sha1')
    .update(JSON.stringify([visible, commands.map((c) => [c.seq, c.outcome])]))
    .digest('base64');
}
