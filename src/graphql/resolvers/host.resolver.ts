import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import { VirtualMachineConnectionArgs } from '../inputs/connection-args';
import { toVmQuery } from '../inputs/filter-mapping';
import { Cluster } from '../types/cluster.type';
import { Host } from '../types/host.type';
import { VirtualMachineConnection } from '../types/inventory-connections';
import { StoragePool } from '../types/storage-pool.type';
import { VirtualMachine } from '../types/virtual-machine.type';
import { Zone } from '../types/zone.type';
import { childConnection } from './child-connection';
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
    return loadMany(
      ctx.loaders.byId('storagePool'),
      refs.map((r) => r.poolId),
      StoragePool.from,
    );
  }

  @FieldResolver(() => VirtualMachineConnection, {
    description: 'VMs on this host by id, filtered as virtualMachines(filter:) (live ones unless includeRemoved).',
  })
  virtualMachines(@Root() host: Host, @Args(() => VirtualMachineConnectionArgs) { filter, ...page }: VirtualMachineConnectionArgs, @Ctx() ctx: GatewayContext) {
    const request = { list: 'hostVms', connection: 'Host.virtualMachines', parent: host.record, filter: toVmQuery(filter), ...page } as const;
    return childConnection(ctx, request, VirtualMachine.from);
  }
}
