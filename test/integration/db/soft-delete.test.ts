import { IsNull, Not } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateEntity, TemplatePoolRefEntity, VmEntity, VolumeEntity } from '../../../src/infra/db/entities';
import { demoHandles, seedDemoInventory } from '../../../src/infra/db/seed/demo-inventory';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database';

/**
 * CloudStack's DAOs add `removed IS NULL` to findById/listBy and skip it in the *IncludingRemoved
 * variants; the entities map `removed` as a plain column, so each query states which view it wants.
 */
describe.each(DATABASE_KINDS)('soft-deleted rows on %s', (kind) => {
  let db: TestDatabase;
  const handles = demoHandles();

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await seedDemoInventory(db.dataSource);
  });
  afterAll(async () => db?.dispose());

  it('hides a deleted template from the non-removed lookup but not from the including-removed one (R35)', async () => {
    const templates = db.dataSource.getRepository(TemplateEntity);
    const uuid = handles.templates['rocky-9-dd'];
    expect(await templates.findOneBy({ uuid, removed: IsNull() })).toBeNull();
    const includingRemoved = await templates.findOneBy({ uuid });
    expect(includingRemoved).toMatchObject({ name: 'rocky-9-dd', directDownload: true, removed: expect.any(Date) });

    const live = await templates.findBy({ removed: IsNull() });
    const all = await templates.find();
    expect(all.length - live.length).toBe(1);
    expect(live.map((t) => t.name)).not.toContain('rocky-9-dd');
  });

  it('keeps the deleted template referenced by live volumes and by its (never filtered) pool references', async () => {
    const template = await db.dataSource.getRepository(TemplateEntity).findOneByOrFail({ uuid: handles.templates['rocky-9-dd'] });
    const volumes = await db.dataSource.getRepository(VolumeEntity).findBy({ templateId: template.id, removed: IsNull() });
    expect(volumes.length).toBeGreaterThanOrEqual(2);
    expect(await db.dataSource.getRepository(TemplatePoolRefEntity).countBy({ templateId: template.id })).toBeGreaterThan(0);
  });

  it('lists an expunged VM only when removed rows are included', async () => {
    const vms = db.dataSource.getRepository(VmEntity);
    expect(await vms.findOneBy({ name: 'old-ci-runner', removed: IsNull() })).toBeNull();
    expect(await vms.findOneBy({ name: 'old-ci-runner' })).toMatchObject({ state: 'Expunging', hostId: null, removed: expect.any(Date) });
    expect(await vms.findBy({ removed: Not(IsNull()) })).toHaveLength(1);
  });

  it('shows the expunged source row of an earlier migration (uuid NULL) only when removed rows are included', async () => {
    const volumes = db.dataSource.getRepository(VolumeEntity);
    const vm = await db.dataSource.getRepository(VmEntity).findOneByOrFail({ uuid: handles.vms['web-02'] });
    const attached = await volumes.findBy({ instanceId: vm.id, removed: IsNull() });
    expect(attached.map((v) => v.volumeType).sort()).toEqual(['DATADISK', 'ROOT']);
    const root = attached.find((v) => v.volumeType === 'ROOT')!;

    expect(await volumes.findOneBy({ id: root.lastId!, removed: IsNull() })).toBeNull();
    expect(await volumes.findOneBy({ id: root.lastId! })).toMatchObject({ uuid: null, state: 'Expunged', instanceId: null });
    expect(await volumes.countBy({ uuid: IsNull(), removed: IsNull() })).toBe(0);
  });

  it('rejects `removed: null` in a where clause instead of silently matching everything (TypeORM 1.x)', async () => {
    await expect(db.dataSource.getRepository(VmEntity).findBy({ removed: null as never })).rejects.toThrow();
  });
});
