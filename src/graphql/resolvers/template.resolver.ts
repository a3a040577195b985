import { Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Access } from '../auth/access';
import type { GatewayContext } from '../context';
import { ConnectionArgs } from '../inputs/connection-args';
import { ImageStore } from '../types/image-store.type';
import { TemplatePoolRefConnection, TemplateStoreRefConnection } from '../types/inventory-connections';
import { StoragePool } from '../types/storage-pool.type';
import { Template } from '../types/template.type';
import { TemplatePoolRef } from '../types/template-pool-ref.type';
import { TemplateStoreRef } from '../types/template-store-ref.type';
import { childConnection } from './child-connection';
import { loadOne } from './load-one';

@Resolver(() => Template)
export class TemplateResolver {
  @Authorized(Access.INFRASTRUCTURE)
  @FieldResolver(() => TemplateStoreRefConnection, { description: 'Copies on image stores (template_store_ref), by reference id. Administrators only.' })
  storeRefs(@Root() template: Template, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: GatewayContext) {
    const request = { list: 'templateStoreRefs', connection: 'Template.storeRefs', parent: template.record, filter: {}, ...page } as const;
    return childConnection(ctx, request, TemplateStoreRef.from);
  }

  @Authorized(Access.INFRASTRUCTURE)
  @FieldResolver(() => TemplatePoolRefConnection, { description: 'Copies on primary pools (template_spool_ref), by reference id. Administrators only.' })
  poolRefs(@Root() template: Template, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: GatewayContext) {
    const request = { list: 'templatePoolRefs', connection: 'Template.poolRefs', parent: template.record, filter: {}, ...page } as const;
    return childConnection(ctx, request, TemplatePoolRef.from);
  }
}

@Resolver(() => TemplateStoreRef)
export class TemplateStoreRefResolver {
  @FieldResolver(() => ImageStore, { nullable: true })
  imageStore(@Root() ref: TemplateStoreRef, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('imageStore'), ref.record.storeId, ImageStore.from);
  }

  @FieldResolver(() => Template, { nullable: true })
  template(@Root() ref: TemplateStoreRef, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('template'), ref.record.templateId, Template.from);
  }
}

@Resolver(() => TemplatePoolRef)
export class TemplatePoolRefResolver {
  @FieldResolver(() => StoragePool, { nullable: true })
  pool(@Root() ref: TemplatePoolRef, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byId('storagePool'), ref.record.poolId, StoragePool.from);
  }

  @FieldResolver(() => Template, { nullable: true })
  template(@Root() ref: TemplatePoolRef, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('template'), ref.record.templateId, Template.from);
  }
}
