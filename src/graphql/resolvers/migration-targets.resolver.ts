import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../domain/errors';
import { Access } from '../auth/access';
import type { GatewayContext } from '../context';
import { parsePublicId } from '../public-id';
import { CloneModeEnum, CloneModeReasonEnum } from '../types/migration-enums';
import { TemplateStaging } from '../types/migration-plan-entry.type';
import { MigrationHostTarget, MigrationPoolTarget, MigrationTargets, MigrationVolumeTargets } from '../types/migration-targets.type';

/** `first` on the target lists: the N best (they are ordered suitable first); all when omitted. */
function takeFirst<T>(items: readonly T[], first: number | undefined, maxPageSize: number): T[] {
  if (first === undefined || first === null) return [...items];
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw new BadUserInputError(`"first" must be between 0 and ${maxPageSize}, got ${first}`, { argument: 'first', max: maxPageSize });
  }
  return items.slice(0, first);
}

const FIRST_DESCRIPTION = 'At most this many, in answer order (suitable first); all when omitted.';

/** Root admins only, as CloudStack's findHostsForMigration / findStoragePoolsForMigration. */
@Resolver()
export class MigrationTargetsQueryResolver {
  @Authorized(Access.ROOT_ADMIN)
  @Query(() => MigrationTargets, {
    description: 'findHostsForMigration from the database: every candidate host, why it is not suitable, and per volume the pools it can use from there.',
  })
  async migrationTargets(
    @Arg('vmId', () => ID) vmId: string,
    @Ctx() ctx: GatewayContext,
    @Arg('hostIds', () => [ID], { nullable: true, description: 'Only these candidate hosts (e.g. the one a user picked); others are not read.' })
    hostIds?: string[],
  ) {
    const vm = parsePublicId(vmId, 'vmId');
    const hosts = hostIds?.map((id, i) => parsePublicId(id, `hostIds[${i}]`));
    const result = await ctx.services.migrationTargets(vm, hosts);
    return MigrationTargets.from(result.answer, result.planFor);
  }

  @Authorized(Access.ROOT_ADMIN)
  @Query(() => [MigrationPoolTarget], {
    description: 'findStoragePoolsForMigration from the database: the pools listed for the volume, suitable first by name.',
  })
  async storagePoolsForMigration(@Arg('volumeId', () => ID) volumeId: string, @Ctx() ctx: GatewayContext) {
    const pools = await ctx.services.storagePoolsForMigration(parsePublicId(volumeId, 'volumeId'));
    return pools.map((pool) => MigrationPoolTarget.from(pool, null));
  }
}

@Resolver(() => MigrationTargets)
export class MigrationTargetsResolver {
  @FieldResolver(() => [MigrationHostTarget], { description: 'Suitable first, then undecidable, then unsuitable; by name within each.' })
  hosts(
    @Root() targets: MigrationTargets,
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
  ) {
    return takeFirst(targets.record.hosts, first, ctx.maxPageSize).map((host) => MigrationHostTarget.from(host, targets.planFor));
  }
}

@Resolver(() => MigrationHostTarget)
export class MigrationHostTargetResolver {
  @FieldResolver(() => [MigrationVolumeTargets], { description: 'One per VM volume created on primary storage, by device.' })
  volumes(@Root() host: MigrationHostTarget) {
    return host.record.volumes.map((volume) => MigrationVolumeTargets.from(volume, host.record.host.id, host.planFor));
  }
}

@Resolver(() => MigrationVolumeTargets)
export class MigrationVolumeTargetsResolver {
  @FieldResolver(() => [MigrationPoolTarget], {
    description: 'The pools the allocators look at from this host, its own pool left out; suitable first by name.',
  })
  pools(
    @Root() volume: MigrationVolumeTargets,
    @Ctx() ctx: GatewayContext,
    @Arg('first', () => Int, { nullable: true, description: FIRST_DESCRIPTION }) first?: number,
  ) {
    const volumeId = volume.record.volume.id;
    return takeFirst(volume.record.pools, first, ctx.maxPageSize).map((pool) =>
      MigrationPoolTarget.from(pool, () => volume.planFor(volume.hostId, volumeId, pool.pool.id)),
    );
  }
}

@Resolver(() => MigrationPoolTarget)
export class MigrationPoolTargetResolver {
  @FieldResolver(() => CloneModeEnum, {
    nullable: true,
    description: 'What migrationPlan would decide for this host and pool (R10, R10a); null: not migrated, or no host named.',
  })
  cloneMode(@Root() pool: MigrationPoolTarget) {
    return pool.plan()?.cloneMode ?? null;
  }

  @FieldResolver(() => CloneModeReasonEnum, {
    nullable: true,
    description: 'Why that clone mode: the forced full clone (R10a) or the first unmet linked-clone condition.',
  })
  cloneModeReason(@Root() pool: MigrationPoolTarget) {
    return pool.plan()?.cloneModeReason ?? null;
  }

  @FieldResolver(() => TemplateStaging, {
    nullable: true,
    description: 'How the template would reach this pool first (R13-R15, e.g. a copy from the image store); null: not migrated.',
  })
  templateStaging(@Root() pool: MigrationPoolTarget) {
    const staging = pool.plan()?.templateStaging;
    return staging ? TemplateStaging.from(staging) : null;
  }
}
