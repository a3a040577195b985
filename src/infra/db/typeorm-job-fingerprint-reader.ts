import type { DataSource } from 'typeorm';
import type { JobFingerprint, JobFingerprintReader } from '../../app/ports/job-fingerprint-reader';

/**
 * Fingerprints from the existing tables, so no write path changes: the job row's status, step,
 * percent and `updated_at`, and its command log's size and answered count (an answer updates the
 * command row only). The subqueries use the unique (job_id, seq) index.
 */
export class TypeOrmJobFingerprintReader implements JobFingerprintReader {
  constructor(private readonly dataSource: DataSource) {}

  async read(query: { jobIds: readonly number[]; unfinishedAndAfterId: number | null }): Promise<JobFingerprint[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.jobIds.length) {
      conditions.push(`j.id IN (${query.jobIds.map(() => '?').join(', ')})`);
      params.push(...query.jobIds);
    }
    if (query.unfinishedAndAfterId !== null) {
      conditions.push("j.status IN ('PENDING', 'RUNNING') OR j.id > ?");
      params.push(query.unfinishedAndAfterId);
    }
    if (conditions.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      'SELECT j.id AS id, j.status AS status, j.progress_step AS step, j.progress_percent AS percent, j.updated_at AS updated, ' +
        '(SELECT COUNT(*) FROM gateway_migration_command c WHERE c.job_id = j.id) AS sent, ' +
        "(SELECT COUNT(*) FROM gateway_migration_command c WHERE c.job_id = j.id AND c.outcome <> 'SENT') AS answered " +
        `FROM gateway_migration_job j WHERE ${conditions.join(' OR ')}`,
      params,
    );
    return rows.map((row) => ({
      jobId: Number(row.id),
      fingerprint: JSON.stringify([row.status, row.step, Number(row.percent), String(row.updated), Number(row.sent), Number(row.answered)]),
      finished: row.status === 'SUCCEEDED' || row.status === 'FAILED',
    }));
  }

  async maxJobId(): Promise<number> {
    const rows: { top: unknown }[] = await this.dataSource.query('SELECT MAX(id) AS top FROM gateway_migration_job');
    return Number(rows[0]?.top ?? 0);
  }
}
