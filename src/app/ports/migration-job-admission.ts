import type { MigrationPlan } from '../../domain/migration';
import type { MigrationJob } from '../migration/migration-job';
import type { MigrationRequest } from '../migration/migration-request';

export interface NewMigrationJob {
  uuid: string;
  vmId: number;
  sourceHostId: number | null;
  destinationHostId: number;
  request: MigrationRequest;
  plan: MigrationPlan;
  idempotencyKey: string | null;
  requestedByAccountId: number | null;
  /** The creating process holds the new job's first lease. */
  leaseOwner: string;
  leaseExpiresAt: Date;
}

/** Thrown by `create` when the VM already has a PENDING/RUNNING job (unique `active_vm_id`). */
export class ActiveMigrationExistsError extends Error {}
/** Thrown by `create` when the idempotency key is already used. */
export class IdempotencyKeyTakenError extends Error {}

/** What the `migrateVmWithStorage` use case needs of the job table: the VM's migration slot and idempotency keys. */
export interface MigrationJobAdmission {
  /** Inserts a PENDING job holding the VM's migration slot (one statement; the job is returned as written). */
  create(job: NewMigrationJob): Promise<MigrationJob>;
  byIdempotencyKey(key: string): Promise<MigrationJob | null>;
  activeForVm(vmId: number): Promise<MigrationJob | null>;
}
