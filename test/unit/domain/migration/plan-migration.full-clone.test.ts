import { describe, expect, it } from 'vitest';
import { planMigration } from '../../../../src/domain/migration/plan-migration';
import {
  entry,
  Ids,
  makeDataDisk,
  makeDirectDownloadTemplate,
  makePool,
  makePoolRef,
  makePowerFlexPool,
  makeSnapshot,
  makeTemplate,
  makeVolume,
  recordingTemplates,
} from '../../../factories/migration-snapshot.factory';
import { commandLog, entryAt } from './plan-helpers';

const DD_TEMPLATE = 501;
const POWERFLEX_A = 300;
const POWERFLEX_B = 301;
const RBD_POOL = 104;

const ddTemplate = makeDirectDownloadTemplate({ id: DD_TEMPLATE });
const ddVolume = makeDataDisk({ id: 2000, templateId: DD_TEMPLATE, path: 'vol-2000-path' });

/** Two NFS volumes to NFS pool 200: the default linked-clone ROOT and a DD-backed disk. */
function mixedRequest(order: 'DD_FIRST' | 'DD_LAST') {
  const normal = entry(makeVolume());
  const directDownload = entry(ddVolume);
  return makeSnapshot({
    entries: order === 'DD_FIRST' ? [directDownload, normal] : [normal, directDownload],
    templates: [makeTemplate(), ddTemplate],
  });
}

describe(planMigration.name, () => {
  describe('R7/R8/R9 skipped entries', () => {
    it('skips a same-pool PowerFlex entry (R7) and migrates the rest', () => {
      const stays = makeDataDisk({ id: 2000, poolId: POWERFLEX_A });
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(stays, POWERFLEX_A), entry(makeVolume(), POWERFLEX_B)],
          pools: [makePool({ id: Ids.sourcePool }), makePowerFlexPool({ id: POWERFLEX_A }), makePowerFlexPool({ id: POWERFLEX_B })],
        }),
      );

      expect(plan.blockers).toEqual([]);
      expect(entryAt(plan, 0)).toMatchObject({ skipped: true, skipReason: 'SAME_POOL_POWERFLEX' });
      expect(entryAt(plan, 0).skipMessage).toContain('R7');
      expect(entryAt(plan, 1).skipped).toBe(false);
    });

    it('skips a non-file source under the non-managed strategy (R8 NM shouldMigrateVolume)', () => {
      const rbd = makeDataDisk({ id: 2000, poolId: RBD_POOL });
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(makeVolume()), entry(rbd)],
          pools: [makePool({ id: Ids.sourcePool }), makePool({ id: Ids.destinationPool }), makePool({ id: RBD_POOL, poolType: 'RBD' })],
        }),
      );

      expect(plan.strategy).toBe('NON_MANAGED');
      expect(entryAt(plan, 1)).toMatchObject({ skipped: true, skipReason: 'SOURCE_POOL_NOT_FILE_BASED' });
    });

    it('migrates a non-file source under the managed strategy (R8 base: always true)', () => {
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(makeVolume({ poolId: RBD_POOL }), POWERFLEX_A)],
          pools: [makePool({ id: RBD_POOL, poolType: 'RBD' }), makePowerFlexPool({ id: POWERFLEX_A })],
        }),
      );

      expect(plan.strategy).toBe('MANAGED');
      expect(entryAt(plan, 0).skipped).toBe(false);
    });

    it('gives a skipped entry no options, no disk, no template work and no command (R9)', () => {
      const rbd = makeDataDisk({ id: 2000, poolId: RBD_POOL });
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(makeVolume()), entry(rbd)],
          pools: [makePool({ id: Ids.sourcePool }), makePool({ id: Ids.destinationPool }), makePool({ id: RBD_POOL, poolType: 'RBD' })],
        }),
      );

      expect(entryAt(plan, 1)).toMatchObject({
        directDownload: null,
        cloneMode: null,
        migrationOptions: null,
        templateStaging: { kind: 'NONE' },
        templateRefAction: { kind: 'NONE' },
        destinationPath: null,
        migrateDiskInfo: null,
      });
      expect(plan.commands.some((command) => command.entryIndex === 1)).toBe(false);
      const migrate = plan.commands.at(-1);
      expect(migrate?.name).toBe('MigrateCommand');
      expect(Object.keys((migrate?.body as { migrateStorage: object }).migrateStorage)).toEqual(['vol-1000-path']);
    });
  });

  describe('R10a request-wide full clone [PR]', () => {
    it.each(['DD_FIRST', 'DD_LAST'] as const)('forces a full clone for every volume when a migrated volume is direct-download backed (%s)', (order) => {
      const plan = planMigration(mixedRequest(order));

      expect(plan.forceFullClone).toBe(true);
      expect(plan.forcedByVolumeIds).toEqual([2000]);
      expect(plan.entries.map((e) => [e.volumeId, e.cloneMode, e.cloneModeReason])).toEqual(
        expect.arrayContaining([
          [Ids.volume, 'FULL_CLONE', 'FORCED_BY_DIRECT_DOWNLOAD'],
          [2000, 'FULL_CLONE', 'FORCED_BY_DIRECT_DOWNLOAD'],
        ]),
      );
      expect(plan.migrateNonSharedInc).toBe(false);
    });

    it('stages no template and sends no CopyCommand when full clone is forced (R10 step 1)', () => {
      const plan = planMigration(mixedRequest('DD_LAST'));

      expect(plan.entries.map((e) => e.templateStaging.kind)).toEqual(['NONE', 'NONE']);
      expect(commandLog(plan)).not.toContain('CopyCommand@0');
      expect(entryAt(plan, 0).sourceBackingFile).toBeNull();
      expect(entryAt(plan, 0).migrationOptions).toMatchObject({ type: 'FullClone', srcVolumeUuid: 'vol-1000-path' });
    });

    it('does not let a skipped same-pool PowerFlex DD volume force a full clone nor read its template', () => {
      const stays = makeDataDisk({ id: 2000, poolId: POWERFLEX_A, templateId: DD_TEMPLATE });
      const templates = recordingTemplates(makeTemplate(), ddTemplate);
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(stays, POWERFLEX_A), entry(makeVolume(), POWERFLEX_B)],
          pools: [makePool({ id: Ids.sourcePool }), makePowerFlexPool({ id: POWERFLEX_A }), makePowerFlexPool({ id: POWERFLEX_B })],
          templates,
        }),
      );

      expect(entryAt(plan, 0)).toMatchObject({ skipped: true, directDownload: null });
      expect(plan.forceFullClone).toBe(false);
      expect(entryAt(plan, 1).cloneModeReason).not.toBe('FORCED_BY_DIRECT_DOWNLOAD');
      expect(templates.reads).not.toContain(DD_TEMPLATE);
    });

    it('does not let a DD volume on a non-file source, rejected by shouldMigrateVolume (R8 NM), force a full clone', () => {
      const rbdDd = makeDataDisk({ id: 2000, poolId: RBD_POOL, templateId: DD_TEMPLATE });
      const templates = recordingTemplates(makeTemplate(), ddTemplate);
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(makeVolume()), entry(rbdDd)],
          pools: [makePool({ id: Ids.sourcePool }), makePool({ id: Ids.destinationPool }), makePool({ id: RBD_POOL, poolType: 'RBD' })],
          templates,
        }),
      );

      expect(plan.blockers).toEqual([]);
      expect(entryAt(plan, 1)).toMatchObject({ skipped: true, skipReason: 'SOURCE_POOL_NOT_FILE_BASED' });
      expect(plan.forceFullClone).toBe(false);
      expect(entryAt(plan, 0).cloneMode).toBe('LINKED_CLONE');
      expect(plan.migrateNonSharedInc).toBe(true);
      expect(templates.reads).not.toContain(DD_TEMPLATE);
    });
  });

  describe('R35 direct-download flag [PR]', () => {
    it('still forces a full clone when the DD template row was removed (R35 reads removed rows)', () => {
      const removedDd = makeDirectDownloadTemplate({ id: DD_TEMPLATE, removed: new Date('2024-06-01T00:00:00Z') });
      const plan = planMigration(makeSnapshot({ entries: [entry(makeVolume()), entry(ddVolume)], templates: [makeTemplate(), removedDd] }));

      expect(entryAt(plan, 1).directDownload).toBe(true);
      expect(plan.forceFullClone).toBe(true);
      expect(plan.forcedByVolumeIds).toEqual([2000]);
    });

    it('reads no template at all for a volume without template (R35: no lookup when template_id is NULL)', () => {
      const templates = recordingTemplates(makeTemplate());
      const plan = planMigration(makeSnapshot({ entries: [entry(makeDataDisk())], templates }));

      expect(plan.blockers).toEqual([]);
      expect(entryAt(plan, 0)).toMatchObject({ directDownload: false, cloneModeReason: 'VOLUME_HAS_NO_TEMPLATE' });
      expect(templates.reads).toEqual([]);
    });

    it('treats a template row missing even including removed rows as not direct-download (R35)', () => {
      const orphan = makeDataDisk({ id: 2000, templateId: 999 });
      const plan = planMigration(makeSnapshot({ entries: [entry(orphan)] }));

      expect(entryAt(plan, 0).directDownload).toBe(false);
      expect(plan.forceFullClone).toBe(false);
    });

    it('reports each migrated DD volume once in forcedByVolumeIds, in input order', () => {
      const otherDd = makeDataDisk({ id: 3000, deviceId: 2, templateId: DD_TEMPLATE, path: 'vol-3000-path' });
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(otherDd), entry(makeVolume()), entry(ddVolume)],
          templates: [makeTemplate(), ddTemplate],
          templatePoolRefs: [makePoolRef(), makePoolRef({ templateId: DD_TEMPLATE })],
        }),
      );

      expect(plan.forcedByVolumeIds).toEqual([3000, 2000]);
    });
  });
});
