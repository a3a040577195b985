import { describe, expect, it } from 'vitest';
import { planMigration } from '../../../../src/domain/migration/plan-migration';
import {
  entry,
  Ids,
  makeDataDisk,
  makeDirectDownloadTemplate,
  makeImageStore,
  makePool,
  makePoolRef,
  makePowerFlexPool,
  makeSnapshot,
  makeStoreRef,
  makeTemplate,
  makeVolume,
} from '../../../factories/migration-snapshot.factory';
import { commandLog, commandNamed, entryAt } from './plan-helpers';

/** The default request, with the template already on the destination pool under `installPath`. */
function withDestinationRef(installPath: string, id = 77) {
  return makeSnapshot({
    templatePoolRefs: [makePoolRef(), makePoolRef({ id, poolId: Ids.destinationPool, installPath })],
  });
}

describe(planMigration.name, () => {
  describe('R13-R15 template staging', () => {
    it('copies the template from the image store to the destination pool through the destination host (R15)', () => {
      const plan = planMigration(makeSnapshot({ settings: { ...makeSnapshot().settings, executeInSequence: true } }));
      const copy = commandNamed(plan, 'CopyCommand');

      expect(entryAt(plan, 0).templateStaging).toMatchObject({ kind: 'COPY_FROM_IMAGE_STORE', imageStoreId: Ids.imageStore });
      expect(copy).toMatchObject({ step: 1, target: 'DESTINATION_HOST', entryIndex: 0, wait: 10_800, executeInSequence: true });
      expect(copy.body.srcTO).toMatchObject({ path: 'template/tmpl/2/500/500.qcow2', store: { role: 'Image', uuid: 'store-1-uuid' } });
      expect(copy.body.destTO).toMatchObject({ path: 'tmpl-500-uuid', store: { role: 'Primary', uuid: 'pool-200-uuid' } });
    });

    it('copies only for ROOT volumes (R13): a former ROOT data disk with a template is not staged', () => {
      const plan = planMigration(makeSnapshot({ entries: [entry(makeVolume({ volumeType: 'DATADISK', deviceId: 1 }))] }));

      expect(entryAt(plan, 0)).toMatchObject({ cloneMode: 'LINKED_CLONE', templateStaging: { kind: 'NONE' } });
      expect(commandLog(plan)).not.toContain('CopyCommand@0');
    });

    it('copies nothing when the destination pool already holds the template (R15)', () => {
      const plan = planMigration(withDestinationRef('tmpl-500-on-100'));

      expect(entryAt(plan, 0).templateStaging).toEqual({ kind: 'EXISTING_REFERENCE' });
      expect(commandLog(plan)).not.toContain('CopyCommand@0');
    });

    it('picks the lowest-id image store holding a ready copy (CloudStack picks at random, R15)', () => {
      const plan = planMigration(
        makeSnapshot({
          imageStores: [makeImageStore({ id: 7 }), makeImageStore({ id: 2 }), makeImageStore({ id: 3 })],
          templateStoreRefs: [
            makeStoreRef({ id: 41, storeId: 7 }),
            makeStoreRef({ id: 42, storeId: 2, state: 'Creating', downloadState: 'DOWNLOAD_IN_PROGRESS' }),
            makeStoreRef({ id: 44, storeId: 3 }),
            makeStoreRef({ id: 43, storeId: 3 }),
          ],
        }),
      );

      expect(entryAt(plan, 0).templateStaging).toEqual({ kind: 'COPY_FROM_IMAGE_STORE', imageStoreId: 3, templateStoreRefId: 43 });
    });

    it('skips the copy silently when the zone has no image store (R15)', () => {
      const plan = planMigration(makeSnapshot({ imageStores: [], templateStoreRefs: [] }));

      expect(entryAt(plan, 0).templateStaging).toEqual({ kind: 'NO_IMAGE_STORE', reason: 'NO_IMAGE_STORE_IN_ZONE' });
      expect(commandLog(plan)).toEqual(['CreateObjectCommand@0', 'ModifyTargetsCommand@0', 'PrepareForMigrationCommand', 'MigrateCommand']);
    });

    it('skips the copy when no image store holds a ready copy of the template (R15, gateway: no doomed copy)', () => {
      const plan = planMigration(makeSnapshot({ templateStoreRefs: [makeStoreRef({ destroyed: true })] }));

      expect(entryAt(plan, 0).templateStaging).toEqual({ kind: 'NO_IMAGE_STORE', reason: 'TEMPLATE_NOT_ON_ANY_IMAGE_STORE' });
    });

    it('never reaches direct-download staging (R14): a migrated DD ROOT volume forces a full clone first (R10a)', () => {
      const dd = makeDirectDownloadTemplate();
      const plan = planMigration(makeSnapshot({ templates: [dd], vmTemplate: dd }));

      expect(plan.forceFullClone).toBe(true);
      expect(entryAt(plan, 0).templateStaging).toEqual({ kind: 'NONE' });
      expect(commandLog(plan)).not.toContain('DirectDownloadCommand@0');
    });
  });

  describe('R18 linked-clone backing [PR, inferred]', () => {
    it('uses the destination reference without copying when its install path equals the source backing file', () => {
      const plan = planMigration(withDestinationRef('tmpl-500-on-100'));

      expect(entryAt(plan, 0)).toMatchObject({ backingFile: 'tmpl-500-on-100', copySrcTemplate: false });
      expect(entryAt(plan, 0).templateRefAction).toEqual({ kind: 'NONE' });
    });

    it('backs onto the source file and copies it when the destination reference path differs', () => {
      const plan = planMigration(withDestinationRef('some-other-file', 77));

      expect(entryAt(plan, 0)).toMatchObject({ backingFile: 'tmpl-500-on-100', copySrcTemplate: true });
      expect(entryAt(plan, 0).templateRefAction).toEqual({ kind: 'UPDATE', templatePoolRefId: 77, createdByEntryIndex: null });
    });

    it('backs onto the source file and copies it when the destination has no reference', () => {
      const plan = planMigration(makeSnapshot({ imageStores: [] }));

      expect(entryAt(plan, 0)).toMatchObject({ backingFile: 'tmpl-500-on-100', copySrcTemplate: true });
      expect(entryAt(plan, 0).migrationOptions).toEqual({
        type: 'LinkedClone',
        srcPoolUuid: 'pool-100-uuid',
        srcPoolType: 'NetworkFilesystem',
        srcPoolClusterId: Ids.cluster,
        scopeType: 'CLUSTER',
        srcBackingFilePath: 'tmpl-500-on-100',
        copySrcTemplate: true,
        timeout: 86_400,
      });
    });

    it('compares against the reference the R15 copy just recorded (the template uuid) and so still copies', () => {
      const plan = planMigration(makeSnapshot());

      expect(entryAt(plan, 0).templateStaging.kind).toBe('COPY_FROM_IMAGE_STORE');
      expect(entryAt(plan, 0)).toMatchObject({ backingFile: 'tmpl-500-on-100', copySrcTemplate: true });
    });

    it('keeps the reference from the copy when it already names the source backing file', () => {
      const plan = planMigration(makeSnapshot({ templatePoolRefs: [makePoolRef({ installPath: 'tmpl-500-uuid' })] }));

      expect(entryAt(plan, 0)).toMatchObject({ copySrcTemplate: false, templateRefAction: { kind: 'NONE' } });
    });

    it('gives a full clone the source volume path and the migration timeout (R18 FullClone)', () => {
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(makeDataDisk({ path: 'disk-path' }))],
          settings: { ...makeSnapshot().settings, storageOnlineMigrationWaitSeconds: 1234 },
        }),
      );

      expect(entryAt(plan, 0).migrationOptions).toEqual({
        type: 'FullClone',
        srcPoolUuid: 'pool-100-uuid',
        srcPoolType: 'NetworkFilesystem',
        srcPoolClusterId: Ids.cluster,
        scopeType: 'CLUSTER',
        srcVolumeUuid: 'disk-path',
        timeout: 1234,
      });
      expect(entryAt(plan, 0)).toMatchObject({ copySrcTemplate: null, backingFile: null });
    });

    it('gives a managed destination no migration options (R18)', () => {
      const plan = planMigration(
        makeSnapshot({ entries: [entry(makeVolume(), 300)], pools: [makePool({ id: Ids.sourcePool }), makePowerFlexPool({ id: 300 })] }),
      );

      expect(entryAt(plan, 0).migrationOptions).toBeNull();
      expect(commandNamed(plan, 'CreateObjectCommand').body.data.migrationOptions).toBeNull();
    });
  });

  describe('R21 copied-template reference [PR]', () => {
    it("updates in place the reference the same entry's copy created, never inserting a duplicate", () => {
      const plan = planMigration(makeSnapshot());

      expect(entryAt(plan, 0).templateRefAction).toEqual({ kind: 'UPDATE', templatePoolRefId: null, createdByEntryIndex: 0 });
    });

    it('inserts a reference when the destination has none', () => {
      const plan = planMigration(makeSnapshot({ imageStores: [] }));

      expect(entryAt(plan, 0).templateRefAction).toEqual({ kind: 'INSERT' });
    });

    it('lets a later entry see the reference an earlier entry wrote (no second copy of the template)', () => {
      const dataDisk = makeVolume({ id: 2000, volumeType: 'DATADISK', deviceId: 1, path: 'vol-2000-path' });
      const plan = planMigration(makeSnapshot({ entries: [entry(makeVolume()), entry(dataDisk)], imageStores: [] }));

      expect(entryAt(plan, 0)).toMatchObject({ copySrcTemplate: true, templateRefAction: { kind: 'INSERT' } });
      expect(entryAt(plan, 1)).toMatchObject({
        backingFile: 'tmpl-500-on-100',
        copySrcTemplate: false,
        templateRefAction: { kind: 'NONE' },
      });
    });

    it('does nothing for a full clone', () => {
      const plan = planMigration(makeSnapshot({ entries: [entry(makeDataDisk())] }));

      expect(entryAt(plan, 0).templateRefAction).toEqual({ kind: 'NONE' });
    });

    it('looks the template up in the source pool of the entry, with the template of the volume', () => {
      const other = makeTemplate({ id: 600 });
      const volume = makeVolume({ templateId: 600 });
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(volume)],
          templates: [makeTemplate(), other],
          templatePoolRefs: [makePoolRef({ templateId: 600, installPath: 'six-hundred' })],
          imageStores: [],
        }),
      );

      expect(entryAt(plan, 0)).toMatchObject({ backingFile: 'six-hundred', templateRefAction: { kind: 'INSERT' } });
    });
  });
});
