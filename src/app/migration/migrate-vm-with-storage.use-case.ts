import { randomUUID } from 'node:crypto';
import { ConflictError, MigrationBlockedError } from '../../domain/errors';
import { planMigration } from '../../domain/migration';
import type { Requester } from '../gateway-services';
import { ActiveMigrationExistsError, IdempotencyKeyTakenError, type MigrationJobAdmission } from '../ports/migration-job-admission';
import { loadMigrationSnapshot, type SnapshotReaders } from './load-migration-snapshot';
import type { MigrationJob } from './migration-job';
import type { MigrationRequest } from './migration-request';
import type { MigrationRunner } from './migration-runner';
import { validateMigrationRequest } from './plan-migration.use-case';
import type { DestinationHostCheck } from '../targets/destination-host-check';

/**
 * The `migrateVmWithStorage` mutation: validate, plan, persist a job holding the VM's migration
 * slot, start it in the background and return it at once. Refusals change nothing.
 */
export class MigrateVmWithStorageUseCase {
  constructor(
    private readonly readers: SnapshotReaders,
    private readonly jobs: MigrationJobAdmission,
    private readonly runner: MigrationRunner,
    private readonly owner: string,
    private readonly destinationCheck?: DestinationHostCheck,
  ) {}

  async execute(request: MigrationRequest, requester: Requester): Promise<MigrationJob> {
    validateMigrationRequest(request);
    const key = request.idempotencyKey ?? null;
    if (key) {
      const existing = await this.jobs.byIdempotencyKey(key);
      if (existing) return this.sameRequestOrConflict(existing, request);
    }
    // R16: destination uuids are chosen now, so the stored plan shows real paths.
    const uuids = request.volumes.map(() => randomUUID());
    const snapshot = await loadMigrationSnapshot(this.readers, request, uuids);
    const planned = planMigration(snapshot);
    const plan = (await this.destinationCheck?.apply(planned, snapshot)) ?? planned;
    if (plan.blockers.length) {
      // While a job runs the VM is Migrating (R3), which the planner reports as "not Running" (R1):
      // the contract's answer to a second request for the VM is CONFLICT, not MIGRATION_BLOCKED.
      const active = await this.jobs.activeForVm(snapshot.vm.id);
      if (active) throw new ConflictError(`Another migration of VM ${snapshot.vm.uuid} is in progress (job ${active.uuid}).`);
      throw new MigrationBlockedError(plan.blockers);
    }

    let job: MigrationJob;
    try {
      job = await this.jobs.create({
        uuid: randomUUID(),
        vmId: snapshot.vm.id,
        sourceHostId: snapshot.sourceHost?.id ?? null,
        destinationHostId: snapshot.destinationHost.id,
        request: { ...request, idempotencyKey: key },
        plan,
        idempotencyKey: key,
        requestedByAccountId: requester.accountId,
        leaseOwner: this.owner,
        leaseExpiresAt: new Date(Date.now() + this.runner.leaseMs),
      });
    } catch (error) {
      if (error instanceof IdempotencyKeyTakenError && key) return this.sameRequestOrConflict((await this.jobs.byIdempotencyKey(key))!, request);
      if (error instanceof ActiveMigrationExistsError) {
        const active = await this.jobs.activeForVm(snapshot.vm.id);
        throw new ConflictError(`Another migration of VM ${snapshot.vm.uuid} is in progress${active ? ` (job ${active.uuid})` : ''}.`);
      }
      throw error;
    }
    this.runner.start(job, { snapshot, plan });
    return job;
  }

  /** A repeated idempotency key returns its job, but only for the same request. */
  private sameRequestOrConflict(existing: MigrationJob, request: MigrationRequest): MigrationJob {
    const same =
      JSON.stringify(existing.request.volumes) === JSON.stringify(request.volumes) &&
      existing.request.vmUuid === request.vmUuid &&
      existing.request.destinationHostUuid === request.destinationHostUuid;
    if (!same) throw new ConflictError(`idempotencyKey "${request.idempotencyKey}" was already used for a different request (job ${existing.uuid}).`);
    return existing;
  }
}
