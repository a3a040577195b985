import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import { Cluster } from '../types/cluster.type';
import { Zone } from '../types/zone.type';
import { loadOne } from './load-one';

@Resolver(() => Cluster)
export class ClusterResolver {
  @FieldResolver(() => Zone, { nullable: true })
  zone(@Root() cluster: Cluster, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('zone'), cluster.record.zoneId, Zone.from);
  }
}
