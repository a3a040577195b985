import { describe, expect, it } from 'vitest';
import { planMigration } from '../../../../src/domain/migration/plan-migration';
import {
  entry,
  Ids,
  makeCluster,
  makeDataDisk,
  makePool,
  makePoolRef,
  makeSnapshot,
  makeTemplate,
  makeVolume,
} from '../../../factories/migration-snapshot.factory';
import { entryAt } from './plan-helpers';

const RBD_POOL = 104;

describe(planMigration.name, () => {
  describe('R10 per-volume migration type', () => {
    it('chooses a linked clone when the volume has a backing file, a file destination and a regular VM template', () => {
      const plan = planMigration(makeSnapshot());

      expect(entryAt(plan, 0)).toMatchObject({
        cloneMode: 'LINKED_CLONE',
        cloneModeReason: 'LINKED_CLONE',
        sourceBackingFile: 'tmpl-500-on-100',
      });
    });

    it('chooses a full clone for a volume without template (R10: template_id NULL)', () => {
      const plan = planMigration(makeSnapshot({ entries: [entry(makeDataDisk())] }));

      expect(entryAt(plan, 0)).toMatchObject({ cloneMode: 'FULL_CLONE', cloneModeReason: 'VOLUME_HAS_NO_TEMPLATE' });
    });

    it('chooses a full clone when the source pool holds no reference for the template (R10: no backing file)', () => {
      const plan = planMigration(makeSnapshot({ templatePoolRefs: [] }));

      expect(entryAt(plan, 0)).toMatchObject({ cloneMode: 'FULL_CLONE', cloneModeReason: 'NO_BACKING_FILE' });
    });

    it('treats a blank install path as no backing file (R10: backing file not blank)', () => {
      const plan = planMigration(makeSnapshot({ templatePoolRefs: [makePoolRef({ installPath: '  ' })] }));

      expect(entryAt(plan, 0).cloneModeReason).toBe('NO_BACKING_FILE');
    });

    it('chooses a full clone for a non-file destination pool (R10)', () => {
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(makeVolume(), RBD_POOL)],
          pools: [makePool({ id: Ids.sourcePool }), makePool({ id: RBD_POOL, poolType: 'RBD' })],
        }),
      );

      expect(plan.blockers).toEqual([]);
      expect(entryAt(plan, 0)).toMatchObject({ cloneMode: 'FULL_CLONE', cloneModeReason: 'DESTINATION_POOL_NOT_FILE_BASED' });
    });

    it('chooses a full clone when the VM template row is missing or removed (R6 non-removed lookup, R10)', () => {
      const missing = planMigration(makeSnapshot({ vmTemplate: null }));
      const removed = planMigration(makeSnapshot({ vmTemplate: makeTemplate({ removed: new Date('2024-06-01') }) }));

      expect(entryAt(missing, 0).cloneModeReason).toBe('VM_TEMPLATE_MISSING');
      expect(entryAt(removed, 0).cloneModeReason).toBe('VM_TEMPLATE_MISSING');
    });

    it.each(['kvm-default-vm-import-dummy-template', 'system-default-vm-import-dummy-template.iso'])(
      'chooses a full clone for an imported VM whose template is %s (R10)',
      (name) => {
        const plan = planMigration(makeSnapshot({ vmTemplate: makeTemplate({ id: 9, name }) }));

        expect(entryAt(plan, 0)).toMatchObject({ cloneMode: 'FULL_CLONE', cloneModeReason: 'VM_IMPORT_DUMMY_TEMPLATE' });
      },
    );
  });

  describe('R11 backing file', () => {
    it('has no backing file when the volume hypervisor (cluster of a CLUSTER pool) is not KVM', () => {
      const plan = planMigration(makeSnapshot({ clusters: [makeCluster({ hypervisorType: 'XenServer' })] }));

      expect(entryAt(plan, 0)).toMatchObject({ sourceBackingFile: null, cloneModeReason: 'NO_BACKING_FILE' });
    });

    it('takes the hypervisor of a ZONE-scoped pool from the pool row', () => {
      const zonePool = (hypervisor: string) => makePool({ id: Ids.sourcePool, scope: 'ZONE', clusterId: null, hypervisor });
      const kvm = planMigration(makeSnapshot({ pools: [zonePool('KVM'), makePool({ id: Ids.destinationPool })] }));
      const other = planMigration(makeSnapshot({ pools: [zonePool('VMware'), makePool({ id: Ids.destinationPool })] }));

      expect(entryAt(kvm, 0).sourceBackingFile).toBe('tmpl-500-on-100');
      expect(entryAt(other, 0).sourceBackingFile).toBeNull();
    });

    it('ignores a removed template (non-removed lookup) and an ISO template', () => {
      const removed = planMigration(makeSnapshot({ templates: [makeTemplate({ removed: new Date('2024-06-01') })] }));
      const iso = planMigration(makeSnapshot({ templates: [makeTemplate({ format: 'ISO' })] }));

      expect(entryAt(removed, 0).sourceBackingFile).toBeNull();
      expect(entryAt(iso, 0).sourceBackingFile).toBeNull();
    });

    it('takes the first reference row by id when the pool holds duplicates', () => {
      const plan = planMigration(
        makeSnapshot({
          templatePoolRefs: [makePoolRef({ id: 90, installPath: 'second' }), makePoolRef({ id: 80, installPath: 'first' })],
        }),
      );

      expect(entryAt(plan, 0).sourceBackingFile).toBe('first');
    });
  });

  describe('R12 migrateNonSharedInc', () => {
    it('is true as soon as one migrated volume is a linked clone', () => {
      const plan = planMigration(makeSnapshot({ entries: [entry(makeDataDisk({ id: 2000 })), entry(makeVolume())] }));

      expect(plan.entries.map((e) => e.cloneMode)).toEqual(['FULL_CLONE', 'LINKED_CLONE']);
      expect(plan.migrateNonSharedInc).toBe(true);
    });

    it('is false when every migrated volume is a full clone', () => {
      const plan = planMigration(makeSnapshot({ entries: [entry(makeDataDisk())] }));

      expect(plan.migrateNonSharedInc).toBe(false);
    });

    it('is false when nothing is migrated', () => {
      const plan = planMigration(makeSnapshot({ entries: [] }));

      expect(plan.migrateNonSharedInc).toBe(false);
    });
  });
});
