import type { MigrationJobLeases } from '../ports/migration-job-leases';
import type { JobLease, MigrationObserver } from './agent-session';
import type { MigrationExecutor } from './migration-executor';
import type { MigrationJob } from './migration-job';

export interface MigrationRunnerOptions {
  /** This process's identity in job leases. */
  owner: string;
  /** How long a lease lasts; it is renewed every third of that while the job runs. */
  leaseSeconds: number;
  observer?: MigrationObserver;
}

/**
 * Runs jobs in the background of this process and keeps their leases alive. Any number of
 * gateway processes may share one database: each also looks for jobs whose lease expired (their
 * process died) and takes them over, conditionally, so exactly one process recovers each.
 */
export class MigrationRunner {
  private readonly running = new Map<number, Promise<void>>();
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly executor: MigrationExecutor,
    private readonly jobs: MigrationJobLeases,
    private readonly options: MigrationRunnerOptions,
  ) {}

  get leaseMs(): number {
    return this.options.leaseSeconds * 1000;
  }

  /** Starts a job this process just created (with the decision it was created with); returns at once. */
  start(job: MigrationJob, decided?: Parameters<MigrationExecutor['execute']>[2]): void {
    this.track(job, (lease) => this.executor.execute(job, lease, decided));
  }

  /** Resolves when a job this process runs has ended (tests, shutdown). */
  async settled(jobId?: number): Promise<void> {
    if (jobId !== undefined) {
      await this.running.get(jobId);
      return;
    }
    await Promise.all([...this.running.values()]);
  }

  /** Looks for abandoned jobs now and then every half lease. */
  startReconciler(): void {
    if (this.reconcileTimer) return;
    void this.reconcileOnce();
    this.reconcileTimer = setInterval(() => void this.reconcileOnce(), this.leaseMs / 2);
    this.reconcileTimer.unref();
  }

  /** Claims jobs whose lease expired and finishes or rolls each back. */
  async reconcileOnce(): Promise<number> {
    if (this.stopped || this.reconciling) return 0;
    let claimed: MigrationJob[] = [];
    this.reconciling = (async () => {
      const now = new Date();
      claimed = await this.jobs.claimAbandoned(this.options.owner, now, new Date(now.getTime() + this.leaseMs));
      for (const job of claimed) this.track(job, (lease) => this.executor.recover(job, lease));
    })().catch((error: unknown) => this.options.observer?.log?.({ level: 'error', msg: 'reconcile failed', error: String(error) }));
    await this.reconciling;
    this.reconciling = null;
    return claimed.length;
  }

  /** Graceful shutdown: no new takeovers; running jobs finish (their leases keep them ours meanwhile). */
  async drain(): Promise<void> {
    this.stopped = true;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await this.settled();
  }

  private track(job: MigrationJob, run: (lease: JobLease) => Promise<void>): void {
    if (this.running.has(job.id)) return;
    let held = true;
    let ended = false;
    const renew = setInterval(() => {
      const until = new Date(Date.now() + this.leaseMs);
      this.jobs.renewLease(job.id, this.options.owner, until).then(
        (ok) => {
          if (ok || !held || ended) return;
          held = false;
          this.options.observer?.log?.({ level: 'warn', msg: 'lease renewal refused: another process owns the job now', job: job.uuid });
        },
        (error: unknown) => this.options.observer?.log?.({ level: 'warn', msg: 'lease renewal failed', job: job.uuid, error: String(error) }),
      );
    }, this.leaseMs / 3);
    renew.unref();
    // Fencing (lease/recovery): the timer's flag can be stale (a frozen process wakes up after its
    // lease expired and another replica took the job over), so `holds` asks the database, and every
    // agent command is recorded conditional on this owner (AgentSession); losing it stops the job quietly.
    const lease: JobLease = {
      owner: this.options.owner,
      holds: async () => {
        if (held) held = await this.jobs.renewLease(job.id, this.options.owner, new Date(Date.now() + this.leaseMs));
        return held;
      },
    };
    const done = run(lease)
      .catch((error: unknown) => {
        // The job keeps its lease until it expires; then a reconciler (here or elsewhere) recovers it.
        this.options.observer?.log?.({
          level: 'error',
          msg: 'migration job crashed',
          job: job.uuid,
          error: error instanceof Error ? error.stack : String(error),
        });
      })
      .finally(() => {
        ended = true;
        clearInterval(renew);
        this.running.delete(job.id);
      });
    this.running.set(job.id, done);
  }
}
