import type { DataSource } from 'typeorm';
import { DestinationHostCheck } from '../../src/app/targets/destination-host-check';
import { MigrationTargetsUseCase } from '../../src/app/targets/migration-targets.use-case';
import { DEFAULT_TARGET_POLICY, type TargetPolicy } from '../../src/domain/targets';
import { TypeOrmMigrationTargetsReader } from '../../src/infra/db/targets/typeorm-migration-targets-reader';
import type { TypeOrmInventoryReader } from '../../src/infra/db/typeorm-inventory-reader';
import { TypeOrmMigrationReader } from '../../src/infra/db/typeorm-migration-reader';

export interface TargetServicesOptions {
  policy?: Partial<TargetPolicy>;
  refuseUnsuitableHost?: boolean;
}

/** The migration-target services as gateway.ts composes them, over a test database (defaults: the documented ones). */
export function createTargetServices(dataSource: DataSource, inventory: TypeOrmInventoryReader, options: TargetServicesOptions = {}) {
  const policy = { ...DEFAULT_TARGET_POLICY, ...options.policy };
  const reader = new TypeOrmMigrationTargetsReader(dataSource, inventory, new TypeOrmMigrationReader(dataSource));
  const targets = new MigrationTargetsUseCase(reader, policy);
  return {
    reader,
    destinationCheck: new DestinationHostCheck(reader, { policy, refuseUnsuitable: options.refuseUnsuitableHost ?? true }),
    services: {
      migrationTargets: (vmUuid: string, hostUuids?: readonly string[]) => targets.forVm(vmUuid, hostUuids),
      storagePoolsForMigration: (volumeUuid: string) => targets.forVolume(volumeUuid),
    },
  };
}
