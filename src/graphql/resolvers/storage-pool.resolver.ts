import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import { ConnectionArgs, VolumeConnectionArgs } from '../inputs/connection-args';
import { toVolumeQuery } from '../inputs/filter-mapping';
import { Cluster } from '../types/cluster.type';
import { Host } from '../types/host.type';
import { TemplatePoolRefConnection, VolumeConnection } from '../types/inventory-connections';
import { StoragePool } from '../types/storage-pool.type';
import { TemplatePoolRef } from '../types/template-pool-ref.type';
import { Volume } from '../types/volume.type';
import { Zone } from '../types/zone.type';
import { childConnection } from './child-connection';
import { loadMany } from './load-many';
import { loadOne } from './load-one';

@Resolver(() => StoragePool)
export class StoragePoolResolver {
  @FieldResolver(() => Zone, { nullable: true })
  zone(@Root() pool: StoragePool, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('zone'), pool.record.zoneId, Zone.from);
  }

  @FieldResolver(() => Cluster, { nullable: true, description: 'null for zone-wide pools.' })
  cluster(@Root() pool: StoragePool, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('cluster'), pool.record.clusterId, Cluster.from);
  }

  @FieldResolver(() => [Host], { description: 'Hosts with the pool connected (storage_pool_host_ref).' })
  async hosts(@Root() pool: StoragePool, @Ctx() ctx: GatewayContext) {
    const refs = await ctx.loaders.poolHostRefsByPoolId.load(pool.record.id);
    return loadMany(
      ctx.loaders.byId('host'),
      refs.map((r) => r.hostId),
      Host.from,
    );
  }

  @FieldResolver(() => VolumeConnection, { description: 'Volumes on the pool by id, filtered as volumes(filter:) (live ones unless includeRemoved).' })
  volumes(@Root() pool: StoragePool, @Args(() => VolumeConnectionArgs) { filter, ...page }: VolumeConnectionArgs, @Ctx() ctx: GatewayContext) {
    const request = { list: 'poolVolumes', connection: 'StoragePool.volumes', parent: pool.record, filter: toVolumeQuery(filter), ...page } as const;
    return childConnection(ctx, request, Volume.from);
  }

  @FieldResolver(() => TemplatePoolRefConnection, { description: 'Templates on this pool (template_spool_ref), by reference id.' })
  templateRefs(@Root() pool: StoragePool, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: GatewayContext) {
    const request = { list: 'poolTemplateRefs', connection: 'StoragePool.templateRefs', parent: pool.record, filter: {}, ...page } as const;
    return childConnection(ctx, request, TemplatePoolRef.from);
  }
}
