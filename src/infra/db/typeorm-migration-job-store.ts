import { type DataSource, type EntityManager, In, IsNull, LessThan, Not } from 'typeorm';
import type { Page } from '../../app/ports/inventory-reader';
import {
  ActiveMigrationExistsError,
  IdempotencyKeyTakenError,
  type MigrationJobAdmission,
  type NewMigrationJob,
} from '../../app/ports/migration-job-admission';
import type { MigrationJobLeases } from '../../app/ports/migration-job-leases';
import type { MigrationJobFilter, MigrationJobQueries } from '../../app/ports/migration-job-queries';
import {
  EMPTY_CHECKPOINT,
  type MigrationCommandRecord,
  type MigrationJob,
  type MigrationJobError,
  type MigrationJobStatus,
} from '../../app/migration/migration-job';
import { MigrationJobEntity } from './entities';
import { insertedId } from './execute-write';
import { commandsOfJobs } from './typeorm-migration-journal';

const UNFINISHED: MigrationJobStatus[] = ['PENDING', 'RUNNING'];

/**
 * The `gateway_migration_job` table, on MySQL/MariaDB and SQLite, behind the ports its callers
 * shape: the API's queries, the mutation's admission, the runner's leases. The command log is
 * TypeOrmMigrationJournal; progress, checkpoint and the job's end are the bookkeeping's.
 */
export class TypeOrmMigrationJobStore implements MigrationJobQueries, MigrationJobAdmission, MigrationJobLeases {
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
    let id: number;
    try {
      // No read-back: the job is returned as written (updateEntity off spares TypeORM's SELECT of the defaults).
      const result = await this.jobs.createQueryBuilder().insert().values(row).updateEntity(false).execute();
      id = insertedId(result.raw);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Tell apart which unique index refused the row: the idempotency key or the VM's slot.
      if (job.idempotencyKey && (await this.byIdempotencyKey(job.idempotencyKey))) throw new IdempotencyKeyTakenError(job.idempotencyKey);
      throw new ActiveMigrationExistsError(`VM ${job.vmId} already has a migration in progress`);
    }
    return toJob({ ...row, id, errorCode: null, errorMessage: null, startedAt: null, finishedAt: null } as MigrationJobEntity);
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
    const rows = await qb
      .orderBy('j.id', 'DESC')
      .take(page.first + 1)
      .getMany();
    return { rows: rows.slice(0, page.first).map(toJob), hasNextPage: rows.length > page.first };
  }

  count(filter: MigrationJobFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  commandsByJobIds(jobIds: readonly number[]): Promise<MigrationCommandRecord[]> {
    return commandsOfJobs(this.dataSource, jobIds);
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

/**
 * Ends a job that has not ended yet and frees the VM's slot (the bookkeeping's end transaction of
 * R30/R31 writes it first: its condition is that transaction's fencing). False: it had ended.
 */
export async function finishJob(manager: EntityManager, jobId: number, status: 'SUCCEEDED' | 'FAILED', error: MigrationJobError | null): Promise<boolean> {
  const now = new Date();
  const result = await manager.getRepository(MigrationJobEntity).update(
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
  return (result.affected ?? 0) === 1;
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
