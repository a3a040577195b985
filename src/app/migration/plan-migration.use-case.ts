import { planMigration, type MigrationPlan } from '../../domain/migration';
import { BadUserInputError } from '../../domain/errors';
import { loadMigrationSnapshot, type SnapshotReaders } from './load-migration-snapshot';
import type { MigrationRequest } from './migration-request';
import type { DestinationHostCheck } from '../targets/destination-host-check';

/** More volumes than any VM has: a larger request is a mistake or abuse. */
const MAX_VOLUMES_PER_REQUEST = 64;

/** Checks the shape of a request before any read. */
export function validateMigrationRequest(request: MigrationRequest): void {
  if (request.volumes.length > MAX_VOLUMES_PER_REQUEST) {
    throw new BadUserInputError(`A migration moves at most ${MAX_VOLUMES_PER_REQUEST} volumes, got ${request.volumes.length}.`, { argument: 'input.volumes' });
  }
  if (request.idempotencyKey !== undefined && request.idempotencyKey !== null && (request.idempotencyKey.length < 1 || request.idempotencyKey.length > 255)) {
    throw new BadUserInputError('idempotencyKey must be 1 to 255 characters.', { argument: 'input.idempotencyKey' });
  }
}

/** The `migrationPlan` dry run: load the snapshot with batched reads and decide. Writes and sends nothing. */
export class PlanMigrationUseCase {
  constructor(
    private readonly readers: SnapshotReaders,
    private readonly destinationCheck?: DestinationHostCheck,
  ) {}

  async execute(request: MigrationRequest): Promise<MigrationPlan> {
    validateMigrationRequest(request);
    const snapshot = await loadMigrationSnapshot(this.readers, request);
    const plan = planMigration(snapshot);
    return (await this.destinationCheck?.apply(plan, snapshot)) ?? plan;
  }
}
