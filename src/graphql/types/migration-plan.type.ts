import { Field, Int, ObjectType } from 'type-graphql';
import type { MigrationRequest } from '../../app/migration/migration-request';
import type { MigrationPlan as PlanRecord } from '../../domain/migration';
import { MigrationStrategyEnum, MigrationStrategyReasonEnum } from './migration-enums';

@ObjectType('MigrationPlan', {
  simpleResolvers: true,
  description:
    'The decision trace of a migrateVmWithStorage request: what CloudStack would do and why. ' +
    "Related objects are resolved including removed rows, so a job's plan still names what it moved.",
})
export class MigrationPlan {
  record: PlanRecord;
  /** The request the plan answers (ids of rows the plan could not find are known only from it). */
  request: MigrationRequest;
  /** Destination volume row ids a job created, by entry index (empty for a dry run). */
  destinationRowIds: ReadonlyMap<number, number>;
  @Field(() => Boolean, { description: 'R10a: a migrated (not skipped) direct-download volume forces a full clone of every volume.' })
  forceFullClone: boolean;
  @Field(() => Boolean, { description: 'R12: libvirt incremental (non-shared) copy: some volume is a linked clone.' }) migrateNonSharedInc: boolean;
  @Field(() => Boolean, { description: 'R28: MigrateCommand.migrateStorageManaged.' }) migrateStorageManaged: boolean;
  @Field(() => MigrationStrategyEnum, { nullable: true, description: 'R2; null when no KVM strategy handles the request.' }) strategy: string | null;
  @Field(() => MigrationStrategyReasonEnum) strategyReason: string;
  @Field(() => Boolean, { description: 'R27: the guest OS category is Windows.' }) isWindows: boolean;
  @Field(() => Boolean, { description: 'kvm.auto.convergence.' }) autoConvergence: boolean;
  @Field(() => Int, { description: 'R28: MigrateCommand wait in seconds (kvm.storage.online.migration.wait).' }) migrateWaitSeconds: number;

  static from(record: PlanRecord, request: MigrationRequest, destinations: readonly { entryIndex: number; volumeId: number }[] = []): MigrationPlan {
    return Object.assign(new MigrationPlan(), {
      record,
      request,
      destinationRowIds: new Map(destinations.map((d) => [d.entryIndex, d.volumeId])),
      forceFullClone: record.forceFullClone,
      migrateNonSharedInc: record.migrateNonSharedInc,
      migrateStorageManaged: record.migrateStorageManaged,
      strategy: record.strategy,
      strategyReason: record.strategyReason,
      isWindows: record.isWindows,
      autoConvergence: record.autoConvergence,
      migrateWaitSeconds: record.migrateWaitSeconds,
    });
  }
}
