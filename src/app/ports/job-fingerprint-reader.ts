/** One job's change fingerprint: equal fingerprints mean nothing a client sees changed. */
export interface JobFingerprint {
  jobId: number;
  fingerprint: string;
  /** SUCCEEDED or FAILED: it changes no more. */
  finished: boolean;
}

/** What a change poller reads: one statement per call, over the gateway's job and command tables. */
export interface JobFingerprintReader {
  /**
   * Fingerprints of the jobs named, plus (with `unfinishedAndAfterId`) every unfinished job and
   * every job with a larger id (jobs created since), in ONE statement.
   */
  read(query: { jobIds: readonly number[]; unfinishedAndAfterId: number | null }): Promise<JobFingerprint[]>;
  /** The largest job id so far (0 when none). */
  maxJobId(): Promise<number>;
}
