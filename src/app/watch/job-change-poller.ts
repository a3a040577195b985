import type { JobFingerprintReader } from '../ports/job-fingerprint-reader';
import type { WatchInterest } from './migration-job-watch';

/** Where the poller looks and whom it tells (the watch). */
export interface PolledWatch {
  interest(): WatchInterest;
  changed(jobIds: readonly number[]): Promise<void>;
}

/**
 * The cross-replica change source on a shared database: each tick, ONE statement reads the
 * fingerprints of the jobs watched in this process (and, while somebody watches every job, of the
 * unfinished and new ones), and the jobs whose fingerprint moved are handed to the watch. With
 * nobody watching, a tick reads nothing. A job seen for the first time counts as changed: it may
 * have moved between the subscriber's first load and this tick (the watch drops what it already sent).
 */
export class JobChangePoller {
  private readonly seen = new Map<number, string>();
  private highestJobId: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly reader: JobFingerprintReader,
    private readonly watch: PolledWatch,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(intervalMs: number): void {
    this.timer ??= setInterval(() => {
      // A slow tick is not stacked on: the next interval starts after it.
      if (!this.running) void this.tick().catch(this.onError);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One poll; exposed for tests and the bench. */
  async tick(): Promise<void> {
    this.running = true;
    try {
      const interest = this.watch.interest();
      if (!interest.anyJob) this.highestJobId = null;
      if (interest.jobIds.length === 0 && !interest.anyJob) {
        this.seen.clear();
        return;
      }
      if (interest.anyJob && this.highestJobId === null) this.highestJobId = await this.reader.maxJobId();
      // Jobs unfinished at the last tick are read once more, so their end is seen after they leave the unfinished set.
      const jobIds = interest.anyJob ? [...new Set([...interest.jobIds, ...this.seen.keys()])] : interest.jobIds;
      const rows = await this.reader.read({ jobIds, unfinishedAndAfterId: interest.anyJob ? this.highestJobId : null });
      const watched = new Set(interest.jobIds);
      const changed: number[] = [];
      const keep = new Set<number>();
      for (const row of rows) {
        if (this.seen.get(row.jobId) !== row.fingerprint) changed.push(row.jobId);
        this.seen.set(row.jobId, row.fingerprint);
        if (watched.has(row.jobId) || (interest.anyJob && !row.finished)) keep.add(row.jobId);
        if (this.highestJobId !== null && row.jobId > this.highestJobId) this.highestJobId = row.jobId;
      }
      // Forget jobs nobody watches any more and ended ones, so a later subscriber starts afresh.
      for (const id of this.seen.keys()) if (!keep.has(id)) this.seen.delete(id);
      if (changed.length) await this.watch.changed(changed);
    } finally {
      this.running = false;
    }
  }
}
