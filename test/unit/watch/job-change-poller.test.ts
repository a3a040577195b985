import { describe, expect, it } from 'vitest';
import type { JobFingerprint, JobFingerprintReader } from '../../../src/app/ports/job-fingerprint-reader';
import { JobChangePoller } from '../../../src/app/watch/job-change-poller';
import type { WatchInterest } from '../../../src/app/watch/migration-job-watch';

/** A fingerprint table the test edits, recording every read (each read is one statement). */
function fakeReader(rows: Map<number, { fingerprint: string; finished: boolean }>) {
  const reads: { jobIds: readonly number[]; unfinishedAndAfterId: number | null }[] = [];
  const reader: JobFingerprintReader = {
    async read(query) {
      reads.push(query);
      const result: JobFingerprint[] = [];
      for (const [jobId, row] of rows) {
        const named = query.jobIds.includes(jobId);
        const broad = query.unfinishedAndAfterId !== null && (!row.finished || jobId > query.unfinishedAndAfterId);
        if (named || broad) result.push({ jobId, ...row });
      }
      return result;
    },
    async maxJobId() {
      return Math.max(0, ...rows.keys());
    },
  };
  return { reader, reads };
}

function fakeWatch(interest: WatchInterest) {
  const changes: number[][] = [];
  return { watch: { interest: () => interest, changed: async (ids: readonly number[]) => void changes.push([...ids]) }, changes };
}

describe(JobChangePoller.name, () => {
  it('reads nothing while nobody watches', async () => {
    const { reader, reads } = fakeReader(new Map([[1, { fingerprint: 'a', finished: false }]]));
    const poller = new JobChangePoller(reader, fakeWatch({ jobIds: [], anyJob: false }).watch);
    await poller.tick();
    await poller.tick();
    expect(reads).toEqual([]);
  });

  it('reads the fingerprints of 500 watched jobs in one statement per tick and reports only the jobs that moved', async () => {
    const rows = new Map(
      Array.from({ length: 500 }, (_, i) => [i + 1, { fingerprint: 'v1', finished: false }] as [number, { fingerprint: string; finished: boolean }]),
    );
    const { reader, reads } = fakeReader(rows);
    const { watch, changes } = fakeWatch({ jobIds: [...rows.keys()], anyJob: false });
    const poller = new JobChangePoller(reader, watch);
    await poller.tick();
    // First seen: every job counts as changed (it may have moved since the subscriber's first load).
    expect(changes).toEqual([[...rows.keys()]]);
    await poller.tick();
    expect(changes).toHaveLength(1);
    rows.set(17, { fingerprint: 'v2', finished: false });
    await poller.tick();
    expect(changes.at(-1)).toEqual([17]);
    expect(reads).toHaveLength(3);
  });

  it('while somebody watches every job, sees new jobs and reads a job that just ended once more', async () => {
    const rows = new Map([[1, { fingerprint: 'running', finished: false }]]);
    const { reader, reads } = fakeReader(rows);
    const { watch, changes } = fakeWatch({ jobIds: [], anyJob: true });
    const poller = new JobChangePoller(reader, watch);
    await poller.tick();
    expect(changes).toEqual([[1]]);
    rows.set(1, { fingerprint: 'done', finished: true });
    rows.set(2, { fingerprint: 'new', finished: false });
    await poller.tick();
    expect(changes.at(-1)).toEqual([1, 2]);
    await poller.tick();
    expect(changes).toHaveLength(2);
    // The ended job is read by id once after its end, then forgotten.
    expect(reads.map((r) => r.jobIds)).toEqual([[], [1], [2]]);
  });
});
