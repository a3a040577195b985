import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '../../domain/errors';
import { Access, isRootAdmin } from '../auth/access';
import type { PageableKind } from '../../app/ports/inventory-reader';
import type { GatewayContext } from '../context';
import {
  ClusterFilter,
  HostFilter,
  StoragePoolFilter,
  TemplateFilter,
  VirtualMachineFilter,
  VolumeFilter,
  ZoneFilter,
} from '../inputs/inventory-filters.input';
import { toClusterQuery, toHostQuery, toPoolQuery, toTemplateQuery, toVmQuery, toVolumeQuery, toZoneQuery } from '../inputs/filter-mapping';
import { pageRequest, toConnection } from '../pagination';
import { parsePublicId } from '../public-id';
import { Cluster } from '../types/cluster.type';
import { Host } from '../types/host.type';
import {
  ClusterConnection,
  HostConnection,
  StoragePoolConnection,
  TemplateConnection,
  VirtualMachineConnection,
  VolumeConnection,
  ZoneConnection,
} from '../types/inventory-connections';
import { MigrationJob } from '../types/migration-job.type';
import { Node } from '../types/node.interface';
import { isNodeKind, NODE_TYPES } from '../types/node-types';
import { StoragePool } from '../types/storage-pool.type';
import { Template } from '../types/template.type';
import { VirtualMachine } from '../types/virtual-machine.type';
import { Volume } from '../types/volume.type';
import { Zone } from '../types/zone.type';

/**
 * Root inventory queries: single lookups by uuid (`null` when unknown) and Relay connections.
 * Connection arguments are declared filter, after, first because type-graphql registers parameter
 * decorators last-first; the SDL then reads `(first, after, filter)` as in the contract.
 */
@Resolver()
export class InventoryQueryResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its uuid; null when unknown or not visible to the caller.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Node | null> {
    const found = await ctx.loaders.kindOfUuid.load(parsePublicId(id));
    if (found?.kind === 'migrationJob') {
      // Jobs are for root admins, like migrationJob(id:); anyone else sees an unknown id.
      if (!isRootAdmin(ctx)) return null;
      const job = await ctx.migrationLoaders.jobByUuid.load(id);
      return job && MigrationJob.from(job);
    }
    if (!found || !isNodeKind(found.kind)) return null;
    // The row is read again within the caller's scope: another account's object is null, like an unknown id.
    const record = await ctx.loaders.byIdInScope(found.kind).load(found.id);
    return record ? NODE_TYPES[found.kind](record as never) : null;
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'Objects by uuid, in the order asked; null for an unknown or invisible id. At most the page-size cap of ids.',
  })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GatewayContext): Promise<(Node | null)[]> {
    if (ids.length > ctx.maxPageSize) {
      throw new BadUserInputError(`"ids" may hold at most ${ctx.maxPageSize} ids, got ${ids.length}`, { argument: 'ids', max: ctx.maxPageSize });
    }
    return Promise.all(ids.map((id) => this.node(id, ctx)));
  }

  @Query(() => VirtualMachine, { nullable: true })
  async virtualMachine(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    const record = await ctx.loaders.byUuid('vm').load(parsePublicId(id));
    return record && VirtualMachine.from(record);
  }

  @Query(() => VirtualMachineConnection)
  virtualMachines(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => VirtualMachineFilter, { nullable: true }) filter?: VirtualMachineFilter,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ) {
    return listConnection(ctx, 'vm', 'virtualMachines', toVmQuery(filter), first, after, VirtualMachine.from);
  }

  @Query(() => Volume, { nullable: true })
  async volume(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    const record = await ctx.loaders.byUuid('volume').load(parsePublicId(id));
    return record && Volume.from(record);
  }

  @Query(() => VolumeConnection)
  volumes(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => VolumeFilter, { nullable: true }) filter?: VolumeFilter,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ) {
    return listConnection(ctx, 'volume', 'volumes', toVolumeQuery(filter), first, after, Volume.from);
  }

  @Authorized(Access.INFRASTRUCTURE)
  @Query(() => StoragePool, { nullable: true, description: 'A primary storage pool by uuid. Administrators only (FORBIDDEN otherwise).' })
  async storagePool(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    const record = await ctx.loaders.byUuid('storagePool').load(parsePublicId(id));
    return record && StoragePool.from(record);
  }

  @Authorized(Access.INFRASTRUCTURE)
  @Query(() => StoragePoolConnection, { description: 'Primary storage pools. Administrators only (FORBIDDEN otherwise).' })
  storagePools(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => StoragePoolFilter, { nullable: true }) filter?: StoragePoolFilter,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ) {
    return listConnection(ctx, 'storagePool', 'storagePools', toPoolQuery(filter), first, after, StoragePool.from);
  }

  @Authorized(Access.INFRASTRUCTURE)
  @Query(() => Host, { nullable: true, description: 'A host by uuid. Administrators only (FORBIDDEN otherwise).' })
  async host(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    const record = await ctx.loaders.byUuid('host').load(parsePublicId(id));
    return record && Host.from(record);
  }

  @Authorized(Access.INFRASTRUCTURE)
  @Query(() => HostConnection, { description: 'Hosts. Administrators only (FORBIDDEN otherwise).' })
  hosts(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => HostFilter, { nullable: true }) filter?: HostFilter,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ) {
    return listConnection(ctx, 'host', 'hosts', toHostQuery(filter), first, after, Host.from);
  }

  @Query(() => Template, { nullable: true })
  async template(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    const record = await ctx.loaders.byUuid('template').load(parsePublicId(id));
    return record && Template.from(record);
  }

  @Query(() => TemplateConnection)
  templates(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => TemplateFilter, { nullable: true }) filter?: TemplateFilter,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ) {
    return listConnection(ctx, 'template', 'templates', toTemplateQuery(filter), first, after, Template.from);
  }

  @Query(() => Zone, { nullable: true })
  async zone(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    const record = await ctx.loaders.byUuid('zone').load(parsePublicId(id));
    return record && Zone.from(record);
  }

  @Query(() => ZoneConnection, { description: 'Zones (data_center); visible to every caller, as in CloudStack.' })
  zones(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => ZoneFilter, { nullable: true }) filter?: ZoneFilter,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ) {
    return listConnection(ctx, 'zone', 'zones', toZoneQuery(filter), first, after, Zone.from);
  }

  @Authorized(Access.INFRASTRUCTURE)
  @Query(() => Cluster, { nullable: true, description: 'A cluster by uuid. Administrators only (FORBIDDEN otherwise).' })
  async cluster(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    const record = await ctx.loaders.byUuid('cluster').load(parsePublicId(id));
    return record && Cluster.from(record);
  }

  @Authorized(Access.INFRASTRUCTURE)
  @Query(() => ClusterConnection, { description: 'Clusters. Administrators only (FORBIDDEN otherwise).' })
  clusters(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => ClusterFilter, { nullable: true }) filter?: ClusterFilter,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ) {
    return listConnection(ctx, 'cluster', 'clusters', toClusterQuery(filter), first, after, Cluster.from);
  }
}

/** A root list: the page in the caller's scope, its cursors bound to this connection and filter. */
async function listConnection<K extends PageableKind, N>(
  ctx: GatewayContext,
  kind: K,
  connection: string,
  filter: Parameters<GatewayContext['reader']['page']>[1] & object,
  first: number | undefined,
  after: string | undefined,
  toNode: (record: never) => N,
) {
  const binding = { connection, filter };
  const request = pageRequest(ctx, binding, { first, after });
  const page = await ctx.reader.page(kind, filter, request, ctx.scope);
  return toConnection(ctx, binding, page as never, toNode, () => ctx.reader.count(kind, filter as never, ctx.scope));
}
