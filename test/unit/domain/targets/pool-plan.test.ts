import { describe, expect, it } from 'vitest';
import { PoolPlanner } from '../../../../src/domain/targets';
import { makeTargetPool, makeTargetsSnapshot } from '../../../factories/migration-targets.factory';
import { makeDataDisk, makeDirectDownloadTemplate, makePoolRef, makeVolume } from '../../../factories/migration-snapshot.factory';
import { answerOf } from './targets-helpers';

const DD_TEMPLATE = 600;

function plannerFor(snapshot: ReturnType<typeof makeTargetsSnapshot>) {
  return new PoolPlanner(snapshot, answerOf(snapshot));
}

describe(PoolPlanner.name, () => {
  it("shows migrationPlan's linked clone on a pool holding the template, and the template copy on one that lacks it", () => {
    const snapshot = makeTargetsSnapshot({ storage: { templatePoolRefs: [makePoolRef(), makePoolRef({ poolId: 200 })] } });
    const planner = plannerFor(snapshot);
    expect(planner.decide(2, 1000, 200)).toEqual({
      cloneMode: 'LINKED_CLONE',
      cloneModeReason: 'LINKED_CLONE',
      templateStaging: { kind: 'EXISTING_REFERENCE' },
    });
    expect(planner.decide(3, 1000, 300)).toMatchObject({ cloneMode: 'LINKED_CLONE', templateStaging: { kind: 'COPY_FROM_IMAGE_STORE' } });
  });

  it("is null for the volume's own pool: it does not move", () => {
    expect(plannerFor(makeTargetsSnapshot()).decide(2, 1000, 100)).toEqual({ cloneMode: null, cloneModeReason: null, templateStaging: null });
  });

  it('forces a full clone of every volume when a volume the host cannot reach is direct-download backed (R10a)', () => {
    const root = makeVolume({ templateId: DD_TEMPLATE });
    const data = makeDataDisk({ id: 1001, templateId: 500 });
    const base = makeTargetsSnapshot({ volumes: [root, data] });
    const snapshot = {
      ...base,
      storage: { ...base.storage, templates: new Map([...base.storage.templates, [DD_TEMPLATE, makeDirectDownloadTemplate({ id: DD_TEMPLATE })]]) },
      planning: {
        ...base.planning,
        templates: new Map([...base.planning.templates, [DD_TEMPLATE, makeDirectDownloadTemplate({ id: DD_TEMPLATE })]]),
        templatePoolRefs: [makePoolRef(), makePoolRef({ poolId: 300 })],
      },
    };
    const planner = plannerFor(snapshot);
    // Host 3 (cluster 2) must take the ROOT too: the data disk's plan includes it and is forced.
    expect(planner.decide(3, 1001, 300)).toMatchObject({
      cloneMode: 'FULL_CLONE',
      cloneModeReason: 'FORCED_BY_DIRECT_DOWNLOAD',
      templateStaging: { kind: 'NONE' },
    });
    // Host 2 (same cluster) reaches the ROOT where it is: the data disk moves alone, a linked clone.
    expect(planner.decide(2, 1001, 200).cloneMode).toBe('LINKED_CLONE');
  });

  it('shares one plan between hosts alike for R2 and the request', () => {
    const snapshot = makeTargetsSnapshot({
      hosts: [1, 2, 3, 4].map((id) => ({ ...makeTargetsSnapshot().hosts[0], id, name: `h${id}`, clusterId: id >= 3 ? 2 : 1 })),
    });
    const planner = plannerFor(snapshot);
    expect(planner.decide(3, 1000, 300)).toBe(planner.decide(4, 1000, 300));
    expect(planner.decide(3, 1000, makeTargetPool({ id: 300 }).id)).not.toBe(planner.decide(2, 1000, 200));
  });
});
