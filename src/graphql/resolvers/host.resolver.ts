import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import { Cluster } from '../types/cluster.type';
import { Host } from '../types/host.type';
import { StoragePool } from '../types/storage-pool.type';
import { VirtualMachine } from '../types/virtual-machine.type';
import { Zone } from '../types/zone.type';
import { NESTED_LIST_LIMIT } from '../loaders/inventory-loaders';
import { loadMany } from './load-many';
import { loadOne } from './load-one';

@Resolver(() => Host)
export class HostResolver {
  @FieldResolver(() => Cluster, { nullable: true })
  cluster(@Root() host: Host, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('cluster'), host.record.clusterId, Cluster.from);
  }

  @FieldResolver(() => Zone, { nullable: true })
  zone(@Root() host: Host, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('zone'), host.record.zoneId, Zone.from);
  }

  @FieldResolver(() => [StoragePool], { description: 'Pools connected to this host (storage_pool_host_ref).' })
  async storagePools(@Root() host: Host, @Ctx() ctx: GatewayContext) {
    const refs = await ctx.loaders.poolHostRefsByHostId.load(host.record.id);
    return loadMany(ctx.loaders.byId('storagePool'), refs.map((r) => r.poolId), StoragePool.from);
  }

  @FieldResolver(() => [VirtualMachine], { description: `VMs on this host, the first ${NESTED_LIST_LIMIT} by id (page with virtualMachines(filter: {hostId})).` })
  async virtualMachines(@Root() host: Host, @Ctx() ctx: GatewayContext) {
    return (await ctx.loaders.vmsByHostId.load(host.record.id)).map(VirtualMachine.from);
  }
}
