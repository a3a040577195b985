import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Access } from '../auth/access';
import type { GatewayContext } from '../context';
import { StoragePool } from '../types/storage-pool.type';
import { Template } from '../types/template.type';
import { VirtualMachine } from '../types/virtual-machine.type';
import { Volume } from '../types/volume.type';
import { Zone } from '../types/zone.type';
import { loadOne } from './load-one';

@Resolver(() => Volume)
export class VolumeResolver {
  @FieldResolver(() => VirtualMachine, { nullable: true, description: 'The VM it is attached to (null when detached).' })
  vm(@Root() volume: Volume, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('vm'), volume.record.instanceId, VirtualMachine.from);
  }

  @Authorized(Access.INFRASTRUCTURE)
  @FieldResolver(() => StoragePool, { nullable: true, description: 'The primary storage pool the volume is on. Administrators only.' })
  pool(@Root() volume: Volume, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('storagePool'), volume.record.poolId, StoragePool.from);
  }

  @Authorized(Access.INFRASTRUCTURE)
  @FieldResolver(() => StoragePool, { nullable: true, description: 'The pool before the last migration. Administrators only.' })
  lastPool(@Root() volume: Volume, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('storagePool'), volume.record.lastPoolId, StoragePool.from);
  }

  @FieldResolver(() => Template, { nullable: true, description: 'The template the volume was created from, even if since removed.' })
  template(@Root() volume: Volume, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('template'), volume.record.templateId, Template.from);
  }

  @FieldResolver(() => Boolean, {
    description: "R35: the direct-download flag of the volume's template, removed templates included; false without a template.",
  })
  directDownload(@Root() volume: Volume, @Ctx() ctx: GatewayContext): boolean | Promise<boolean> {
    // R35: no template lookup at all for a volume without a template.
    if (volume.record.templateId === null) return false;
    // `.then`, not async/await: fewer promises on the list's hot path (see load-one.ts).
    return ctx.loaders
      .byIdIncludingRemoved('template')
      .load(volume.record.templateId)
      .then((template) => template?.directDownload ?? false);
  }

  @FieldResolver(() => Zone, { nullable: true })
  zone(@Root() volume: Volume, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('zone'), volume.record.zoneId, Zone.from);
  }
}
