import { GuestOsCategoryEntity, GuestOsEntity, TemplateEntity, TemplatePoolRefEntity, TemplateStoreRefEntity } from '../entities';
import { SequenceName } from '../sequence-allocator';
import { DEMO_GUEST_OS, DEMO_GUEST_OS_CATEGORIES, DEMO_TEMPLATES, type TemplateSpec } from './demo-catalog';
import { demoTime, demoUuid, GiB } from './demo-ids';
import { type SeedContext, templateFileKey } from './seed-context';

/** Templates are registered by the root admin (account 2), as in `template/tmpl/2/<id>/`. */
const TEMPLATE_OWNER = 2;

/** Guest OS categories and types, templates, their image-store copies and their primary-pool copies. */
export async function writeTemplates(ctx: SeedContext): Promise<void> {
  for (const c of DEMO_GUEST_OS_CATEGORIES) {
    await ctx.manager.insert(GuestOsCategoryEntity, { id: c.id, name: c.name, uuid: demoUuid('guest-os-category', c.name) } satisfies GuestOsCategoryEntity);
  }
  for (const os of DEMO_GUEST_OS) {
    await ctx.manager.insert(GuestOsEntity, {
      id: os.id,
      categoryId: os.category,
      name: null,
      uuid: demoUuid('guest-os', os.key),
      displayName: os.displayName,
    } satisfies GuestOsEntity);
  }
  for (const [index, spec] of (DEMO_TEMPLATES as readonly TemplateSpec[]).entries()) {
    const template = await writeTemplate(ctx, spec, index);
    if (spec.onImageStore) await writeStoreRef(ctx, spec, template);
    for (const ref of spec.pools) await writePoolRef(ctx, spec, template, ref.pool, ref.sameFileAs);
  }
}

async function writeTemplate(ctx: SeedContext, spec: TemplateSpec, index: number): Promise<TemplateEntity> {
  const id = await ctx.sequences.next(SequenceName.VmTemplate, ctx.manager);
  const uuid = demoUuid('template', spec.name);
  const dummy = spec.type === 'SYSTEM';
  const template: TemplateEntity = {
    id,
    uuid,
    name: spec.name,
    // CloudStack: hex account id + a random uuid without dashes; the import dummy uses its name.
    uniqueName: dummy ? spec.name : `${TEMPLATE_OWNER.toString(16)}${uuid.replace(/-/g, '')}`,
    isPublic: spec.isPublic,
    featured: spec.featured,
    type: spec.type,
    hvm: 1,
    bits: 64,
    url: spec.url,
    format: spec.format,
    created: demoTime(1, index),
    removed: spec.removedOnDay === undefined ? null : demoTime(spec.removedOnDay),
    accountId: TEMPLATE_OWNER,
    checksum: null,
    displayText: spec.displayText,
    guestOsId: DEMO_GUEST_OS.find((os) => os.key === spec.guestOs)!.id,
    hypervisorType: spec.hypervisor,
    size: spec.sizeGiB * GiB,
    state: spec.removedOnDay === undefined ? 'Active' : 'Inactive',
    directDownload: spec.directDownload,
    templateTag: null,
  };
  await ctx.manager.insert(TemplateEntity, template);
  ctx.templates.set(spec.name, template);
  return template;
}

async function writeStoreRef(ctx: SeedContext, spec: TemplateSpec, template: TemplateEntity): Promise<void> {
  const file = `${demoUuid('template-file', spec.name)}.${spec.format.toLowerCase()}`;
  await ctx.manager.insert(TemplateStoreRefEntity, {
    storeId: ctx.imageStoreId,
    templateId: template.id,
    created: demoTime(1, 1),
    downloadPct: 100,
    size: template.size,
    storeRole: 'Image',
    physicalSize: Math.round((template.size ?? 0) * 0.4),
    downloadState: 'DOWNLOADED',
    localPath: null,
    installPath: `template/tmpl/${TEMPLATE_OWNER}/${template.id}/${file}`,
    state: 'Ready',
    destroyed: false,
    updateCount: 2,
  } satisfies Omit<TemplateStoreRefEntity, 'id'>);
}

/**
 * A template on a primary pool: the file (or, on PowerFlex, the volume) linked clones are backed
 * by. Each copy gets its own name unless `sameFileAs` says it was copied from another pool (R21).
 */
async function writePoolRef(ctx: SeedContext, spec: TemplateSpec, template: TemplateEntity, poolName: string, sameFileAs?: string): Promise<void> {
  const pool = ctx.pools.get(poolName)!;
  const fileUuid = demoUuid('template-pool-file', templateFileKey(spec.name, poolName));
  const installPath = sameFileAs
    ? ctx.templateFiles.get(templateFileKey(spec.name, sameFileAs))!
    : pool.poolType === 'PowerFlex'
      ? `${fileUuid.replace(/-/g, '').slice(0, 16)}:tmpl-${template.id}-${fileUuid.slice(0, 8)}`
      : fileUuid;
  ctx.templateFiles.set(templateFileKey(spec.name, poolName), installPath);
  await ctx.manager.insert(TemplatePoolRefEntity, {
    poolId: pool.id,
    templateId: template.id,
    created: demoTime(2),
    lastUpdated: demoTime(2),
    downloadPct: 100,
    downloadState: 'DOWNLOADED',
    localPath: installPath,
    installPath,
    templateSize: template.size ?? 0,
    markedForGc: false,
    state: 'Ready',
    updateCount: 2,
    updated: demoTime(2),
    deploymentOption: null,
  } satisfies Omit<TemplatePoolRefEntity, 'id'>);
}
