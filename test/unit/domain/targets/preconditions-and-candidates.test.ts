import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET_POLICY, findMigrationTargets } from '../../../../src/domain/targets';
import { makeDiskOffering, makeTargetHost, makeTargetsSnapshot, TargetIds } from '../../../factories/migration-targets.factory';
import { makeVm } from '../../../factories/migration-snapshot.factory';
import { answerOf, hostOf } from './targets-helpers';

const refusal = (snapshot: ReturnType<typeof makeTargetsSnapshot>) => {
  const outcome = findMigrationTargets(snapshot, DEFAULT_TARGET_POLICY);
  return outcome.kind === 'REFUSED' ? outcome.reason : null;
};

describe(findMigrationTargets.name, () => {
  describe('T1-T4 preconditions', () => {
    it('refuses a VM that is not Running (T1)', () => {
      expect(refusal(makeTargetsSnapshot({ vm: makeVm({ state: 'Stopped' }) }))).toEqual({
        code: 'VM_NOT_RUNNING',
        message: 'Instance is not Running, cannot migrate the instance with specified id',
      });
    });

    it('refuses a hypervisor outside the live-migration set, and a User VM on LXC (T1)', () => {
      expect(refusal(makeTargetsSnapshot({ vm: makeVm({ hypervisorType: 'Ovm3' }) }))?.code).toBe('UNSUPPORTED_HYPERVISOR');
      expect(refusal(makeTargetsSnapshot({ vm: makeVm({ hypervisorType: 'LXC' }) }))?.message).toContain('User instance');
    });

    it('refuses a VM whose host row is gone (T3)', () => {
      expect(refusal(makeTargetsSnapshot({ sourceHost: null }))?.code).toBe('SOURCE_HOST_MISSING');
    });

    it('refuses a local-storage VM when the source hypervisor has no storage motion (T4)', () => {
      const snapshot = makeTargetsSnapshot({
        storage: {
          capabilities: [{ hypervisorType: 'KVM', hypervisorVersion: 'default', maxGuestsLimit: 50, storageMotionSupported: false }],
          diskOfferings: [makeDiskOffering({ useLocalStorage: true })],
        },
      });
      expect(refusal(snapshot)?.code).toBe('LOCAL_STORAGE_WITHOUT_STORAGE_MOTION');
    });

    it('answers no host at all for a PCI-passthrough offering (T2)', () => {
      const answer = answerOf(makeTargetsSnapshot({ offeringDetails: new Map([['pciDevice', 'Group of NVIDIA A100']]) }));
      expect(answer.hosts).toEqual([]);
      expect(answer.notes.map((n) => n.code)).toEqual(['GPU_PCI_DEVICE']);
    });
  });

  describe('T5 candidates with storage motion', () => {
    it('lists every other Routing host of the zone and hypervisor, whatever its state, cluster or tags', () => {
      const hosts = [
        makeTargetHost({ id: 1 }),
        makeTargetHost({ id: 2, status: 'Down' }),
        makeTargetHost({ id: 3, resourceState: 'Maintenance' }),
        makeTargetHost({ id: 4, hypervisorType: 'XenServer' }),
        makeTargetHost({ id: 5, zoneId: 2 }),
        makeTargetHost({ id: 6, type: 'SecondaryStorageVM' }),
        makeTargetHost({ id: 7, clusterId: 2, podId: 2 }),
      ];
      const answer = answerOf(makeTargetsSnapshot({ hosts }));
      expect(answer.hosts.map((h) => h.host.id).sort()).toEqual([2, 3, 7]);
    });

    it('keeps system VMs to the source pod', () => {
      const hosts = [makeTargetHost({ id: 1 }), makeTargetHost({ id: 2 }), makeTargetHost({ id: 7, clusterId: 2, podId: 2 })];
      const answer = answerOf(makeTargetsSnapshot({ hosts, vm: makeVm({ type: 'DomainRouter' }) }));
      expect(answer.hosts.map((h) => h.host.id)).toEqual([2]);
    });
  });

  describe('T6 candidates without storage motion', () => {
    it('lists the source cluster only, and no host requires storage motion', () => {
      const snapshot = makeTargetsSnapshot({ storage: { capabilities: [] } });
      const answer = answerOf(snapshot);
      expect(answer.hosts.map((h) => h.host.id)).toEqual([TargetIds.sameClusterHost]);
      expect(hostOf(answer, TargetIds.sameClusterHost).requiresStorageMotion).toBe(false);
    });
  });
});
