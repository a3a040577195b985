import type { EntityManager } from 'typeorm';
import { MigrationJobEntity, TemplateLockEntity, TemplatePoolRefEntity } from './entities';
import { isUniqueViolation } from './typeorm-migration-job-store';

/** Whether a job holds the lock of a (pool, template) pair (gateway_template_lock). */
export type PairLock = { kind: 'HELD' } | { kind: 'BUSY'; holderJobId: number | null };

/**
 * Takes the lock row of a (pool, template) pair for `jobId` inside the transaction `m`: inserts it,
 * or takes it over from a holder whose job ended or whose lease expired (its process died and
 * nobody has rolled it back yet). The unique index on the pair decides between concurrent takers.
 */
export async function lockTemplatePair(m: EntityManager, pair: { poolId: number; templateId: number }, jobId: number, now: Date): Promise<PairLock> {
  const existing = await m.findOne(TemplateLockEntity, { where: { poolId: pair.poolId, templateId: pair.templateId } });
  if (existing) {
    if (existing.jobId === jobId) return { kind: 'HELD' };
    if (!(await holderIsGone(m, existing.jobId, now))) return { kind: 'BUSY', holderJobId: existing.jobId };
    const taken = await m.update(TemplateLockEntity, { id: existing.id, jobId: existing.jobId }, { jobId, acquiredAt: now });
    return (taken.affected ?? 0) === 1 ? { kind: 'HELD' } : { kind: 'BUSY', holderJobId: null };
  }
  try {
    await m.insert(TemplateLockEntity, { poolId: pair.poolId, templateId: pair.templateId, jobId, acquiredAt: now });
    return { kind: 'HELD' };
  } catch (error) {
    // Another job inserted it first (MySQL waited for that transaction, then refused the duplicate).
    if (isUniqueViolation(error)) return { kind: 'BUSY', holderJobId: null };
    throw error;
  }
}

/** Drops the pair's lock if `jobId` holds it. */
export async function unlockTemplatePair(m: EntityManager, pair: { poolId: number; templateId: number }, jobId: number): Promise<void> {
  await m.delete(TemplateLockEntity, { poolId: pair.poolId, templateId: pair.templateId, jobId });
}

/** Drops every pair lock of a job (its end, success or failure). */
export async function unlockTemplatePairsOfJob(m: EntityManager, jobId: number): Promise<void> {
  await m.delete(TemplateLockEntity, { jobId });
}

async function holderIsGone(m: EntityManager, holderJobId: number, now: Date): Promise<boolean> {
  const holder = await m.findOne(MigrationJobEntity, { where: { id: holderJobId }, select: { id: true, status: true, leaseExpiresAt: true } });
  if (!holder || (holder.status !== 'PENDING' && holder.status !== 'RUNNING')) return true;
  return holder.leaseExpiresAt !== null && holder.leaseExpiresAt.getTime() < now.getTime();
}

/**
 * CloudStack looks references up as "pool + template, first row" (duplicates are possible in a
 * database CloudStack itself wrote, R21). Read with a lock on MySQL, so a holder of the pair's lock
 * sees the row another job committed a moment ago (a locking read reads the latest version).
 */
export function firstTemplateRef(m: EntityManager, poolId: number, templateId: number) {
  const qb = m
    .createQueryBuilder(TemplatePoolRefEntity, 'r')
    .where('r.poolId = :poolId AND r.templateId = :templateId', { poolId, templateId })
    .orderBy('r.id', 'ASC');
  if (m.connection.options.type === 'mysql') qb.setLock('pessimistic_write');
  return qb.getOne();
}

/** R15 / R21 [PR]: the destination reference, updated in place when it exists, else inserted; never a duplicate. */
export async function upsertTemplateRef(
  m: EntityManager,
  poolId: number,
  templateId: number,
  values: { installPath: string; localPath: string; templateSize: number },
): Promise<void> {
  const now = new Date();
  const fields = { ...values, downloadPct: 100, downloadState: 'DOWNLOADED', state: 'Ready', lastUpdated: now, updated: now };
  const existing = await firstTemplateRef(m, poolId, templateId);
  if (existing) {
    await m.update(TemplatePoolRefEntity, { id: existing.id }, { ...fields, updateCount: (existing.updateCount ?? 0) + 1 });
  } else {
    await m.insert(TemplatePoolRefEntity, { poolId, templateId, created: now, markedForGc: false, updateCount: 0, deploymentOption: null, ...fields });
  }
}
