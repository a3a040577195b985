import { type DataSource, type EntityManager, In, IsNull, LessThan, Not } from 'typeorm';
import type { Page } from '../../app/ports/inventory-reader';
import {
  ActiveMigrationExistsError, type CommandToRecord, IdempotencyKeyTakenError, type MigrationJobFilter, type MigrationJobStore, type NewMigrationJob,
} from '../../app/ports/migration-job-store';
import {
  type AgentCommandOutcome, EMPTY_CHECKPOINT, type MigrationCheckpoint, type MigrationCommandRecord, type MigrationJob,
  type MigrationJobError, type MigrationJobStatus,
} from '../../app/migration/migration-job';
import type { MigrationPlan } from '../../domain/migration';
import { MigrationCommandEntity, MigrationJobEntity } from './entities';
import { executeWrite } from './execute-write';

const UNFINISHED: MigrationJobStatus[] = ['PENDING', 'RUNNING'];

/** MigrationJobStore over the gateway-owned tables, on MySQL/MariaDB and SQLite. */
export class TypeOrmMigrationJobStore implements MigrationJobStore {
  constructor(private readonly dataSource: DataSource) {}

  private get jobs() {
    return this.dataSource.getRepository(MigrationJobEntity);
  }

  async create(job: NewMigrationJob): Promise<MigrationJob> {
    const now = new Date();
    const row: Partial<MigrationJobEntity> = {
      uuid: job.uuid,
      vmId: job.vmId,
      activeVmId: job.vmId,
      idempotencyKey: job.idempotencyKey,
      requestedByAccountId: job.requestedByAccountId,
      status: 'PENDING',
      sourceHostId: job.sourceHostId,
      destinationHostId: job.destinationHostId,
      requestJson: JSON.stringify(job.request),
      planJson: JSON.stringify(job.plan),
      checkpointJson: JSON.stringify(EMPTY_CHECKPOINT),
      progressStep: 'QUEUED',
      progressPercent: 0,
      leaseOwner: job.leaseOwner,
      leaseExpiresAt: job.leaseExpiresAt,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.jobs.insert(row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Tell apart which unique index refused the row: the idempotency key or the VM's slot.
      if (job.idempotencyKey && (await this.byIdempotencyKey(job.idempotencyKey))) throw new IdempotencyKeyTakenError(job.idempotencyKey);
      throw new ActiveMigrationExistsError(`VM ${job.vmId} already has a migration in progress`);
    }
    return (await this.byUuid(job.uuid))!;
  }

  async byUuid(uuid: string): Promise<MigrationJob | null> {
    const row = await this.jobs.findOneBy({ uuid });
    return row && toJob(row);
  }

  async byUuids(uuids: readonly string[]): Promise<MigrationJob[]> {
    if (uuids.length === 0) return [];
    return (await this.jobs.findBy({ uuid: In([...uuids]) })).map(toJob);
  }

  async byIds(ids: readonly number[]): Promise<MigrationJob[]> {
    if (ids.length === 0) return [];
    return (await this.jobs.findBy({ id: In([...ids]) })).map(toJob);
  }

  async byIdempotencyKey(key: string): Promise<MigrationJob | null> {
    const row = await this.jobs.findOneBy({ idempotencyKey: key });
    return row && toJob(row);
  }

  async activeForVm(vmId: number): Promise<MigrationJob | null> {
    const row = await this.jobs.findOneBy({ activeVmId: vmId });
    return row && toJob(row);
  }

  async page(filter: MigrationJobFilter, page: { first: number; afterUuid: string | null }): Promise<Page<MigrationJob>> {
    const qb = this.filtered(filter);
    // Newest first: operators look at recent jobs.
    if (page.afterUuid) qb.andWhere('j.id < (SELECT c.id FROM gateway_migration_job c WHERE c.uuid = :after)', { after: page.afterUuid });
    const rows = await qb.orderBy('j.id', 'DESC').take(page.first + 1).getMany();
    return { rows: rows.slice(0, page.first).map(toJob), hasNextPage: rows.length > page.first };
  }

  count(filter: MigrationJobFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  async commandsByJobIds(jobIds: readonly number[]): Promise<MigrationCommandRecord[]> {
    if (jobIds.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(MigrationCommandEntity)
      .find({ where: { jobId: In([...jobIds]) }, order: { jobId: 'ASC', seq: 'ASC' } });
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

  async markRunning(jobId: number, owner: string): Promise<boolean> {
    const now = new Date();
    const result = await this.jobs.update({ id: jobId, leaseOwner: owner, status: In(UNFINISHED) }, { status: 'RUNNING', startedAt: now, updatedAt: now });
    return (result.affected ?? 0) === 1;
  }

  async renewLease(jobId: number, owner: string, until: Date): Promise<boolean> {
    const result = await this.jobs.update({ id: jobId, leaseOwner: owner, status: In(UNFINISHED) }, { leaseExpiresAt: until });
    return (result.affected ?? 0) === 1;
  }

  async claimAbandoned(owner: string, now: Date, until: Date): Promise<MigrationJob[]> {
    const candidates = await this.jobs.find({ where: { status: In(UNFINISHED), leaseExpiresAt: LessThan(now) }, order: { id: 'ASC' } });
    const claimed: MigrationJob[] = [];
    for (const candidate of candidates) {
      // Conditional on the lease we saw: of several replicas racing for a job, exactly one wins.
      const result = await this.jobs.update(
        { id: candidate.id, status: In(UNFINISHED), leaseOwner: candidate.leaseOwner ?? IsNull(), leaseExpiresAt: candidate.leaseExpiresAt ?? IsNull() },
        { leaseOwner: owner, leaseExpiresAt: until, updatedAt: now },
      );
      if ((result.affected ?? 0) === 1) claimed.push(toJob({ ...candidate, leaseOwner: owner, leaseExpiresAt: until }));
    }
    return claimed;
  }

  async saveProgress(jobId: number, step: string, percent: number, checkpoint: MigrationCheckpoint): Promise<void> {
    // Lease/recovery fencing: an ended job's progress (DONE/FAILED) is never rewritten by a late process.
    await this.jobs.update({ id: jobId, status: In(UNFINISHED) }, { progressStep: step, progressPercent: percent, checkpointJson: JSON.stringify(checkpoint), updatedAt: new Date() });
  }

  async savePlan(jobId: number, plan: MigrationPlan): Promise<void> {
    await this.jobs.update({ id: jobId }, { planJson: JSON.stringify(plan), updatedAt: new Date() });
  }

  async nextCommandSeq(jobId: number): Promise<number> {
    const row = await this.dataSource
      .getRepository(MigrationCommandEntity)
      .createQueryBuilder('c')
      .select('MAX(c.seq)', 'top')
      .where('c.jobId = :jobId', { jobId })
      .getRawOne<{ top: number | string | null }>();
    return Number(row?.top ?? 0) + 1;
  }

  async recordCommandSent(command: CommandToRecord): Promise<number | null> {
    const metadata = this.dataSource.getMetadata(MigrationCommandEntity);
    const createdAt: unknown = this.dataSource.driver.preparePersistentValue(new Date(), metadata.findColumnWithPropertyName('createdAt')!);
    // Lease/recovery fencing in the same statement that records the command: the row is written only
    // while `owner` holds the job, and the unique (job_id, seq) refuses a seq another process used.
    const sql =
      'INSERT INTO gateway_migration_command (job_id, seq, host_id, name, request_json, answer_json, outcome, duration_ms, created_at) ' +
      "SELECT j.id, ?, ?, ?, ?, NULL, 'SENT', 0, ? FROM gateway_migration_job j " +
      "WHERE j.id = ? AND j.lease_owner = ? AND j.status IN ('PENDING', 'RUNNING')";
    const params = [command.seq, command.hostId, command.name, JSON.stringify(command.request), createdAt, command.jobId, command.owner];
    try {
      const written = await executeWrite(this.dataSource, sql, params);
      return written.affected === 1 ? written.insertId : null;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async recordCommandOutcome(commandId: number, outcome: AgentCommandOutcome, answer: unknown, durationMs: number): Promise<void> {
    await this.dataSource
      .getRepository(MigrationCommandEntity)
      .update({ id: commandId }, { outcome, answerJson: answer === undefined ? null : JSON.stringify(answer), durationMs });
  }

  finish(jobId: number, status: 'SUCCEEDED' | 'FAILED', error: MigrationJobError | null): Promise<void> {
    return finishJob(this.dataSource.manager, jobId, status, error);
  }

  private filtered(filter: MigrationJobFilter) {
    const qb = this.jobs.createQueryBuilder('j').where('1 = 1');
    if (filter.vmId !== undefined) qb.andWhere('j.vmId = :vmId', { vmId: filter.vmId });
    if (filter.statuses) {
      if (filter.statuses.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('j.status IN (:...statuses)', { statuses: filter.statuses });
    }
    return qb;
  }
}

/** Ends a job and frees the VM's slot; usable inside the bookkeeping transaction of R30/R31. */
export async function finishJob(manager: EntityManager, jobId: number, status: 'SUCCEEDED' | 'FAILED', error: MigrationJobError | null): Promise<void> {
  const now = new Date();
  await manager.getRepository(MigrationJobEntity).update(
    { id: jobId, status: Not(In(['SUCCEEDED', 'FAILED'])) },
    {
      status,
      activeVmId: null,
      errorCode: error?.code ?? null,
      errorMessage: error?.message ?? null,
      progressStep: status === 'SUCCEEDED' ? 'DONE' : 'FAILED',
      progressPercent: 100,
      finishedAt: now,
      updatedAt: now,
      leaseExpiresAt: null,
    },
  );
}

function toJob(row: MigrationJobEntity): MigrationJob {
  return {
    id: row.id,
    uuid: row.uuid,
    vmId: row.vmId,
    status: row.status as MigrationJobStatus,
    sourceHostId: row.sourceHostId,
    destinationHostId: row.destinationHostId,
    request: JSON.parse(row.requestJson) as MigrationJob['request'],
    plan: row.planJson ? (JSON.parse(row.planJson) as MigrationJob['plan']) : null,
    checkpoint: row.checkpointJson ? (JSON.parse(row.checkpointJson) as MigrationJob['checkpoint']) : EMPTY_CHECKPOINT,
    progressStep: row.progressStep,
    progressPercent: row.progressPercent,
    error: row.errorCode ? { code: row.errorCode as MigrationJobError['code'], message: row.errorMessage ?? '' } : null,
    idempotencyKey: row.idempotencyKey,
    requestedByAccountId: row.requestedByAccountId,
    leaseOwner: row.leaseOwner,
    leaseExpiresAt: row.leaseExpiresAt,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

/** MySQL ER_DUP_ENTRY or SQLite UNIQUE constraint failure. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e.driverError?.code ?? e.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e.message ?? '');
}

