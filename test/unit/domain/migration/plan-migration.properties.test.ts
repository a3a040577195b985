import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MigrationSnapshot } from '../../../../src/domain/migration/migration-snapshot';
import { planMigration } from '../../../../src/domain/migration/plan-migration';
import type { TemplatePoolRefRecord } from '../../../../src/domain/inventory/records';
import {
  entry,
  Ids,
  makeCluster,
  makeDirectDownloadTemplate,
  makeHost,
  makeImageStore,
  makePool,
  makePoolRef,
  makePowerFlexPool,
  makeSnapshot,
  makeStoreRef,
  makeTemplate,
  makeVm,
  makeVolume,
} from '../../../factories/migration-snapshot.factory';

/** Enough runs that the properties conditioned on an unblocked plan see many of them. */
const RUNS = 400;
const REMOVED = new Date('2024-06-01T00:00:00Z');
const MISSING = 999;

const POOLS = [
  makePool({ id: 100 }),
  makePool({ id: 101, clusterId: 2 }),
  makePool({ id: 102, poolType: 'SharedMountPoint' }),
  makePool({ id: 103, poolType: 'Filesystem', scope: 'HOST', path: '/var/lib/libvirt/images' }),
  makePool({ id: 104, poolType: 'RBD' }),
  makePowerFlexPool({ id: 105 }),
  makePowerFlexPool({ id: 106 }),
  makePool({ id: 107, scope: 'ZONE', clusterId: null, hypervisor: 'KVM' }),
];
const POOL_IDS = POOLS.map((pool) => pool.id);
const FILE_POOL_IDS = [100, 101, 102, 103, 107];

const TEMPLATES = [
  makeTemplate({ id: 500 }),
  makeDirectDownloadTemplate({ id: 501 }),
  makeDirectDownloadTemplate({ id: 502, removed: REMOVED }),
  makeTemplate({ id: 503, removed: REMOVED }),
  makeTemplate({ id: 504, format: 'ISO' }),
];
const TEMPLATE_BY_ID = new Map(TEMPLATES.map((template) => [template.id, template]));
const TEMPLATE_IDS = TEMPLATES.map((template) => template.id);

/** `value` about once in `outOf` draws, else `otherwise` (keeps the blocking cases rare). */
function rarely<T>(value: T, otherwise: T, outOf: number): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constant(otherwise), weight: outOf - 1 }, { arbitrary: fc.constant(value), weight: 1 });
}

/** Mostly file pools (so that most requests can run), sometimes RBD, PowerFlex or a missing row (R5). */
const sourcePoolArb = fc.oneof(
  { arbitrary: fc.constantFrom(...FILE_POOL_IDS), weight: 16 },
  { arbitrary: fc.constantFrom(104, 105), weight: 3 },
  { arbitrary: fc.constant(MISSING), weight: 1 },
);
const destinationPoolArb = fc.oneof(
  { arbitrary: fc.constantFrom(...FILE_POOL_IDS), weight: 16 },
  { arbitrary: fc.constantFrom(104, 105, 106), weight: 3 },
  { arbitrary: fc.constant(MISSING), weight: 1 },
);
const templateIdArb = fc.oneof(
  { arbitrary: fc.constant(500), weight: 6 },
  { arbitrary: fc.constant<number | null>(null), weight: 3 },
  { arbitrary: fc.constantFrom(...TEMPLATE_IDS.filter((id) => id !== 500), MISSING), weight: 4 },
);

const volumeSpecArb = fc.record({
  poolId: sourcePoolArb,
  destinationPoolId: destinationPoolArb,
  templateId: templateIdArb,
  root: fc.boolean(),
  foreign: rarely(true, false, 20),
  pathless: rarely(true, false, 30),
});

/** Install paths drawn from a small set, so source and destination references often agree (R18). */
const refArb = fc.record({
  poolId: fc.constantFrom(...POOL_IDS),
  templateId: fc.constantFrom(...TEMPLATE_IDS),
  installPath: fc.constantFrom<string | null>('a', 'b', 'tmpl-500-uuid', ' ', null),
});

const snapshotArb: fc.Arbitrary<MigrationSnapshot> = fc
  .record({
    volumes: fc.array(volumeSpecArb, { maxLength: 4 }),
    baseRefPaths: fc.array(fc.constantFrom<string | null>('a', 'b', null), { minLength: FILE_POOL_IDS.length, maxLength: FILE_POOL_IDS.length }),
    refs: fc.array(refArb, { maxLength: 12 }),
    withImageStore: fc.boolean(),
    storeTemplateIds: fc.subarray(TEMPLATE_IDS),
    sourceHypervisor: rarely('XenServer', 'KVM', 20),
    destinationCluster: fc.constantFrom(1, 1, 2),
    sameHost: rarely(true, false, 20),
    vmTemplate: fc.constantFrom('regular', 'regular', 'regular', 'missing', 'dummy'),
    vmRunning: rarely(false, true, 20),
    snapshotOnFirst: rarely(true, false, 20),
  })
  .map((spec) => {
    const volumes = spec.volumes.map((volume, index) =>
      makeVolume({
        id: 1000 + index,
        deviceId: index,
        poolId: volume.poolId,
        templateId: volume.templateId,
        volumeType: volume.root ? 'ROOT' : 'DATADISK',
        instanceId: volume.foreign ? 99 : Ids.vm,
        path: volume.pathless ? null : `vol-${1000 + index}-path`,
      }),
    );
    // Template 500 sits on most file pools (as after deployments), plus random extra and duplicate rows.
    const baseRefs = FILE_POOL_IDS.flatMap((poolId, index) => {
      const installPath = spec.baseRefPaths[index] ?? null;
      return installPath === null ? [] : [{ poolId, templateId: 500, installPath }];
    });
    const refs: TemplatePoolRefRecord[] = [...baseRefs, ...spec.refs].map((ref, index) => makePoolRef({ id: index + 1, ...ref }));
    return makeSnapshot({
      vm: makeVm({ state: spec.vmRunning ? 'Running' : 'Stopped' }),
      vmTemplate:
        spec.vmTemplate === 'regular'
          ? makeTemplate({ id: 500 })
          : spec.vmTemplate === 'dummy'
            ? makeTemplate({ id: 9, name: 'kvm-default-vm-import-dummy-template' })
            : null,
      sourceHost: makeHost({ id: Ids.sourceHost, hypervisorType: spec.sourceHypervisor }),
      destinationHost: makeHost({ id: spec.sameHost ? Ids.sourceHost : Ids.destinationHost, clusterId: spec.destinationCluster }),
      entries: volumes.map((volume, index) => entry(volume, spec.volumes[index]?.destinationPoolId)),
      pools: POOLS,
      clusters: [makeCluster({ id: 1 }), makeCluster({ id: 2 })],
      templates: TEMPLATES,
      templatePoolRefs: refs,
      imageStores: spec.withImageStore ? [makeImageStore()] : [],
      templateStoreRefs: spec.storeTemplateIds.map((templateId, index) => makeStoreRef({ id: 100 + index, templateId })),
      snapshotsInProgress: new Set(spec.snapshotOnFirst && volumes.length > 0 ? [1000] : []),
    });
  });

/** The same request with its entries in another order. */
const reorderedArb = snapshotArb.chain((snapshot) =>
  fc
    .shuffledSubarray([...snapshot.entries], { minLength: snapshot.entries.length, maxLength: snapshot.entries.length })
    .map((entries) => [snapshot, { ...snapshot, entries }] as const),
);

/** R35 oracle, independent of the planner: the template row including removed ones. */
function isDirectDownload(templateId: number | null): boolean {
  return templateId !== null && TEMPLATE_BY_ID.get(templateId)?.directDownload === true;
}

describe(planMigration.name, () => {
  describe('invariants (fast-check)', () => {
    it('decides forceFullClone independently of the entry order (R10a)', () => {
      fc.assert(
        fc.property(reorderedArb, ([original, reordered]) => {
          const a = planMigration(original);
          const b = planMigration(reordered);
          expect(b.forceFullClone).toBe(a.forceFullClone);
          expect([...b.forcedByVolumeIds].sort()).toEqual([...a.forcedByVolumeIds].sort());
        }),
        { numRuns: RUNS },
      );
    });

    it('forces a full clone exactly when a non-skipped entry is direct-download backed; skipped DD volumes never do (R10a, R35)', () => {
      fc.assert(
        fc.property(snapshotArb, (snapshot) => {
          const plan = planMigration(snapshot);
          const expected = plan.entries.some(
            (e) => !e.skipped && e.cloneModeReason !== 'POOL_MISSING' && isDirectDownload(snapshot.entries[e.index].volume.templateId),
          );
          expect(plan.forceFullClone).toBe(expected);
          for (const e of plan.entries.filter((candidate) => candidate.skipped)) expect(e.directDownload).toBeNull();
        }),
        { numRuns: RUNS },
      );
    });

    it('never runs incremental when a full clone is forced, and then stages no template (R10a, R12)', () => {
      fc.assert(
        fc.property(snapshotArb, (snapshot) => {
          const plan = planMigration(snapshot);
          if (!plan.forceFullClone) return;
          expect(plan.migrateNonSharedInc).toBe(false);
          for (const e of plan.entries) {
            expect(e.cloneMode === null || e.cloneMode === 'FULL_CLONE').toBe(true);
            expect(e.templateStaging).toEqual({ kind: 'NONE' });
          }
        }),
        { numRuns: RUNS },
      );
    });

    it('runs incremental exactly when some migrated volume is a linked clone (R12)', () => {
      fc.assert(
        fc.property(snapshotArb, (snapshot) => {
          const plan = planMigration(snapshot);
          expect(plan.migrateNonSharedInc).toBe(plan.entries.some((e) => e.cloneMode === 'LINKED_CLONE'));
        }),
        { numRuns: RUNS },
      );
    });

    it('never stages a direct download: PR #13084 makes R14 unreachable', () => {
      fc.assert(
        fc.property(snapshotArb, (snapshot) => {
          const plan = planMigration(snapshot);
          expect(plan.entries.map((e) => e.templateStaging.kind)).not.toContain('DIRECT_DOWNLOAD');
        }),
        { numRuns: RUNS },
      );
    });

    it('is deterministic: the same snapshot, or a structural copy of it, gives a deep-equal plan', () => {
      fc.assert(
        fc.property(snapshotArb, (snapshot) => {
          const plan = planMigration(snapshot);
          expect(planMigration(snapshot)).toEqual(plan);
          expect(planMigration(structuredClone(snapshot))).toEqual(plan);
        }),
        { numRuns: RUNS },
      );
    });

    it('has at least one migrated entry whenever there is no blocker', () => {
      fc.assert(
        fc.property(snapshotArb, (snapshot) => {
          const plan = planMigration(snapshot);
          if (plan.blockers.length > 0) return;
          expect(plan.entries.some((e) => !e.skipped)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });

    it('plans commands only without blockers: one CreateObject per migrated entry, then Prepare and Migrate (§8, R9)', () => {
      fc.assert(
        fc.property(snapshotArb, (snapshot) => {
          const plan = planMigration(snapshot);
          if (plan.blockers.length > 0) {
            expect(plan.commands).toEqual([]);
            return;
          }
          const migrated = plan.entries.filter((e) => !e.skipped).map((e) => e.index);
          const creates = plan.commands.filter((c) => c.name === 'CreateObjectCommand').map((c) => c.entryIndex);
          expect(creates).toEqual(migrated);
          expect(plan.commands.slice(-2).map((c) => [c.name, c.target])).toEqual([
            ['PrepareForMigrationCommand', 'DESTINATION_HOST'],
            ['MigrateCommand', 'SOURCE_HOST'],
          ]);
          const skipped = new Set(plan.entries.filter((e) => e.skipped).map((e) => e.index));
          expect(plan.commands.every((c) => c.entryIndex === null || !skipped.has(c.entryIndex))).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });

    it('gives skipped entries nothing but their reason (R9)', () => {
      fc.assert(
        fc.property(snapshotArb, (snapshot) => {
          for (const e of planMigration(snapshot).entries.filter((candidate) => candidate.skipped)) {
            expect(e.skipReason).not.toBeNull();
            expect([e.cloneMode, e.migrationOptions, e.migrateDiskInfo, e.destinationPath]).toEqual([null, null, null, null]);
          }
        }),
        { numRuns: RUNS },
      );
    });
  });
});
