import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import { Cluster } from '../types/cluster.type';
import { Host } from '../types/host.type';
import { StoragePool } from '../types/storage-pool.type';
import { TemplatePoolRef } from '../types/template-pool-ref.type';
import { Volume } from '../types/volume.type';
import { Zone } from '../types/zone.type';
import { NESTED_LIST_LIMIT } from '../loaders/inventory-loaders';
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
    return loadMany(ctx.loaders.byId('host'), refs.map((r) => r.hostId), Host.from);
  }

  @FieldResolver(() => [Volume], { description: `Live volumes on the pool, the first ${NESTED_LIST_LIMIT} by id (page with volumes(filter: {poolId})).` })
  async volumes(@Root() pool: StoragePool, @Ctx() ctx: GatewayContext) {
    return (await ctx.loaders.volumesByPoolId.load(pool.record.id)).map(Volume.from);
  }

  @FieldResolver(() => [TemplatePoolRef], { description: 'Templates on this pool (template_spool_ref).' })
  async templateRefs(@Root() pool: StoragePool, @Ctx() ctx: GatewayContext) {
    return (await ctx.loaders.poolRefsByPoolId.load(pool.record.id)).map(TemplatePoolRef.from);
  }
}
