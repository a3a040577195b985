import { Field, Float, ObjectType } from 'type-graphql';
import type { HostTarget, MigrationTargetsAnswer, PoolPlanDecision, PoolTarget, TargetReason, VolumeTargets } from '../../domain/targets';
import { Host } from './host.type';
import { StoragePool } from './storage-pool.type';
import { VirtualMachine } from './virtual-machine.type';
import { Volume } from './volume.type';

/** What migrationPlan would decide for a host, volume and pool (row ids). */
export type PoolPlanLookup = (hostId: number, volumeId: number, poolId: number) => PoolPlanDecision;

@ObjectType('MigrationTargetReason', {
  simpleResolvers: true,
  description: 'Why a host or pool is not (or not certainly) a migration target: a stable code and a message.',
})
export class MigrationTargetReason {
  @Field(() => String, { description: 'Stable code, e.g. HOST_DISABLED, CPU_CAPACITY, STORAGE_TAG_MISSING (a String so new codes are not a breaking change).' })
  code: string;
  @Field(() => String) message: string;

  static from(reason: TargetReason): MigrationTargetReason {
    return Object.assign(new MigrationTargetReason(), { code: reason.code, message: reason.message });
  }
}

const SUITABLE_DESCRIPTION =
  "null: undecidable from the database (a JavaScript tag rule, a storage driver's property, tables outside the gateway's); `reasons` says why.";

@ObjectType('MigrationPoolTarget', {
  simpleResolvers: true,
  description: "A pool a volume can move to, as CloudStack's storage allocators judge it, and what the migration would do there.",
})
export class MigrationPoolTarget {
  record: PoolTarget;
  /** What migrationPlan decides for this pool (null for storagePoolsForMigration, which names no host); asked for on demand. */
  decide: (() => PoolPlanDecision) | null;
  private decision?: PoolPlanDecision;
  @Field(() => StoragePool) pool: StoragePool;
  @Field(() => Boolean, { nullable: true, description: SUITABLE_DESCRIPTION }) suitable: boolean | null;
  @Field(() => [MigrationTargetReason], { description: 'Empty when suitable; first failing check first.' }) reasons: MigrationTargetReason[];

  plan(): PoolPlanDecision | null {
    if (this.decide === null) return null;
    this.decision ??= this.decide();
    return this.decision;
  }

  static from(record: PoolTarget, decide: (() => PoolPlanDecision) | null): MigrationPoolTarget {
    return Object.assign(new MigrationPoolTarget(), {
      record,
      decide,
      pool: StoragePool.from(record.pool),
      suitable: record.suitable,
      reasons: record.reasons.map(MigrationTargetReason.from),
    });
  }
}

@ObjectType('MigrationVolumeTargets', { simpleResolvers: true, description: 'One volume of the VM seen from a candidate host.' })
export class MigrationVolumeTargets {
  record: VolumeTargets;
  hostId: number;
  planFor: PoolPlanLookup;
  @Field(() => Volume) volume: Volume;
  @Field(() => Boolean, {
    description:
      'The host cannot use the volume where it is (a local pool, or a cluster pool of another cluster): a request to this host must move it. Otherwise it may stay (leave it out of the request).',
  })
  requiresMigration: boolean;

  static from(record: VolumeTargets, hostId: number, planFor: PoolPlanLookup): MigrationVolumeTargets {
    return Object.assign(new MigrationVolumeTargets(), {
      record,
      hostId,
      planFor,
      volume: Volume.from(record.volume),
      requiresMigration: record.requiresMigration,
    });
  }
}

@ObjectType('MigrationHostTarget', { simpleResolvers: true, description: 'A candidate host of findHostsForMigration, with the reasons CloudStack only logs.' })
export class MigrationHostTarget {
  record: HostTarget;
  planFor: PoolPlanLookup;
  @Field(() => Host) host: Host;
  @Field(() => Boolean, { nullable: true, description: SUITABLE_DESCRIPTION }) suitable: boolean | null;
  @Field(() => Boolean, { description: "CloudStack's requiresStorageMotion: some volume must move to other storage for this host." })
  requiresStorageMotion: boolean;
  @Field(() => [MigrationTargetReason], { description: 'Empty when suitable; first failing check first.' }) reasons: MigrationTargetReason[];
  @Field(() => [MigrationTargetReason], {
    description: "Facts the database cannot decide that do not change `suitable` (a managed zone pool's driver property).",
  })
  notes: MigrationTargetReason[];
  @Field(() => Float, {
    nullable: true,
    description: 'Allocated CPU (used + reserved) of the overprovisioned total, percent; null without capacity rows or ratios.',
  })
  cpuAllocatedPercent: number | null;
  @Field(() => Float, { nullable: true, description: 'Allocated memory (used + reserved) of the overprovisioned total, percent.' })
  memoryAllocatedPercent: number | null;
  @Field(() => Float, { nullable: true, description: 'CPU used + reserved, MHz.' }) cpuAllocatedMhz: number | null;
  @Field(() => Float, { nullable: true, description: 'cpus x speed x cpuOvercommitRatio, MHz.' }) cpuWithOverprovisioningMhz: number | null;
  @Field(() => Float, { nullable: true, description: 'Memory used + reserved, bytes.' }) memoryAllocatedBytes: number | null;
  @Field(() => Float, { nullable: true, description: 'ram x memoryOvercommitRatio, bytes.' }) memoryWithOverprovisioningBytes: number | null;

  static from(record: HostTarget, planFor: PoolPlanLookup): MigrationHostTarget {
    return Object.assign(new MigrationHostTarget(), {
      record,
      planFor,
      host: Host.from(record.host),
      suitable: record.suitable,
      requiresStorageMotion: record.requiresStorageMotion,
      reasons: record.reasons.map(MigrationTargetReason.from),
      notes: record.notes.map(MigrationTargetReason.from),
      ...record.allocation,
    });
  }
}

@ObjectType('MigrationTargets', {
  simpleResolvers: true,
  description: 'Where a running VM can go with its storage (findHostsForMigration from the database), and why not elsewhere.',
})
export class MigrationTargets {
  record: MigrationTargetsAnswer;
  planFor: PoolPlanLookup;
  @Field(() => VirtualMachine, { nullable: true }) vm: VirtualMachine;
  @Field(() => [MigrationTargetReason], {
    description: 'Checks CloudStack makes that the gateway cannot (affinity groups, dedication, DPDK: tables outside its own).',
  })
  notes: MigrationTargetReason[];

  static from(record: MigrationTargetsAnswer, planFor: PoolPlanLookup): MigrationTargets {
    return Object.assign(new MigrationTargets(), { record, planFor, vm: VirtualMachine.from(record.vm), notes: record.notes.map(MigrationTargetReason.from) });
  }
}
