import { type DataSource, type EntityManager, In } from 'typeorm';
import type { CommandOutcome, CommandToRecord, MigrationJournal } from '../../app/ports/migration-journal';
import type { AgentCommandOutcome, MigrationCommandRecord } from '../../app/migration/migration-job';
import { MigrationCommandEntity } from './entities';
import { executeWrite } from './execute-write';
import { runTransaction } from './run-transaction';
import { isUniqueViolation } from './typeorm-migration-job-store';

/** MigrationJournal over `gateway_migration_command`, on MySQL/MariaDB and SQLite. */
export class TypeOrmMigrationJournal implements MigrationJournal {
  constructor(private readonly dataSource: DataSource) {}

  async nextCommandSeq(jobId: number): Promise<number> {
    const row = await this.dataSource
      .getRepository(MigrationCommandEntity)
      .createQueryBuilder('c')
      .select('MAX(c.seq)', 'top')
      .where('c.jobId = :jobId', { jobId })
      .getRawOne<{ top: number | string | null }>();
    return Number(row?.top ?? 0) + 1;
  }

  async recordCommandSent(command: CommandToRecord, answered: readonly CommandOutcome[] = []): Promise<boolean> {
    try {
      if (answered.length === 0) return await this.insertFenced(this.dataSource.manager, command);
      // The command and the answers before it in one transaction (one commit): fenced alike, as the
      // outcomes are written only after the record of the command succeeded.
      return await runTransaction(this.dataSource, async (m) => {
        if (!(await this.insertFenced(m, command))) return false;
        await writeOutcomes(m, answered);
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  recorded(jobId: number): Promise<MigrationCommandRecord[]> {
    return commandsOfJobs(this.dataSource, [jobId]);
  }

  /**
   * Lease/recovery fencing in the same statement that records the command: the row is written only
   * while `owner` holds the job, and the unique (job_id, seq) refuses a seq another process used.
   */
  private async insertFenced(m: EntityManager, command: CommandToRecord): Promise<boolean> {
    const metadata = this.dataSource.getMetadata(MigrationCommandEntity);
    const createdAt: unknown = this.dataSource.driver.preparePersistentValue(new Date(), metadata.findColumnWithPropertyName('createdAt')!);
    const sql =
      'INSERT INTO gateway_migration_command (job_id, seq, host_id, name, request_json, answer_json, outcome, duration_ms, created_at) ' +
      "SELECT j.id, ?, ?, ?, ?, NULL, 'SENT', 0, ? FROM gateway_migration_job j " +
      "WHERE j.id = ? AND j.lease_owner = ? AND j.status IN ('PENDING', 'RUNNING')";
    const params = [command.seq, command.hostId, command.name, JSON.stringify(command.request), createdAt, command.jobId, command.owner];
    return (await executeWrite(m, sql, params)).affected === 1;
  }
}

/**
 * Writes what came back for recorded commands, by (job_id, seq); usable inside the bookkeeping's
 * step transactions, which record the answers with the progress they make.
 */
export async function writeOutcomes(m: EntityManager, outcomes: readonly CommandOutcome[]): Promise<void> {
  for (const o of outcomes) {
    await m
      .getRepository(MigrationCommandEntity)
      .update(
        { jobId: o.jobId, seq: o.seq },
        { outcome: o.outcome, answerJson: o.answer === undefined ? null : JSON.stringify(o.answer), durationMs: o.durationMs },
      );
  }
}

/** Every command of these jobs, by job then seq, in one statement. */
export async function commandsOfJobs(dataSource: DataSource, jobIds: readonly number[]): Promise<MigrationCommandRecord[]> {
  if (jobIds.length === 0) return [];
  const rows = await dataSource.getRepository(MigrationCommandEntity).find({ where: { jobId: In([...jobIds]) }, order: { jobId: 'ASC', seq: 'ASC' } });
  return rows.map((r) => ({
    id: r.id,
    jobId: r.jobId,
    seq: r.seq,
    hostId: r.hostId,
    name: r.name,
    request: JSON.parse(r.requestJson) as unknown,
    answer: r.answerJson === null ? null : (JSON.parse(r.answerJson) as unknown),
    outcome: r.outcome as AgentCommandOutcome,
    durationMs: r.durationMs,
    createdAt: r.createdAt,
  }));
}
