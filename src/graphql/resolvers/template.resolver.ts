import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Access } from '../auth/access';
import type { GatewayContext } from '../context';
import { ImageStore } from '../types/image-store.type';
import { StoragePool } from '../types/storage-pool.type';
import { Template } from '../types/template.type';
import { TemplatePoolRef } from '../types/template-pool-ref.type';
import { TemplateStoreRef } from '../types/template-store-ref.type';
import { loadOne } from './load-one';

@Resolver(() => Template)
export class TemplateResolver {
  @Authorized(Access.INFRASTRUCTURE)
  @FieldResolver(() => [TemplateStoreRef], { description: 'Copies on image stores (template_store_ref). Administrators only.' })
  storeRefs(@Root() template: Template, @Ctx() ctx: GatewayContext) {
    // `.then`, not async/await: fewer promises on the list's hot path (see load-one.ts).
    return ctx.loaders.storeRefsByTemplateId.load(template.record.id).then((rows) => rows.map(TemplateStoreRef.from));
  }

  @Authorized(Access.INFRASTRUCTURE)
  @FieldResolver(() => [TemplatePoolRef], { description: 'Copies on primary pools (template_spool_ref). Administrators only.' })
  poolRefs(@Root() template: Template, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.poolRefsByTemplateId.load(template.record.id).then((rows) => rows.map(TemplatePoolRef.from));
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
