import { describe, expect, it } from 'vitest';
import { planMigration } from '../../../../src/domain/migration/plan-migration';
import { entry, Ids, makeHost, makePool, makePowerFlexPool, makeSnapshot, makeVm, makeVolume } from '../../../factories/migration-snapshot.factory';
import { blockerCodes, entryAt } from './plan-helpers';

const RBD_POOL = 104;

describe(planMigration.name, () => {
  describe('R1 preconditions', () => {
    it('accepts the default NFS to NFS request without blockers', () => {
      const plan = planMigration(makeSnapshot());

      expect(plan.blockers).toEqual([]);
      expect(plan.commands.length).toBeGreaterThan(0);
    });

    it('blocks a VM that is not Running with CloudStack R1 message and plans no command', () => {
      const plan = planMigration(makeSnapshot({ vm: makeVm({ state: 'Stopped' }) }));

      expect(blockerCodes(plan)).toEqual(['VM_NOT_RUNNING']);
      expect(plan.blockers[0]?.message).toBe(
        'VM instance {"instanceName":"i-2-10-VM","uuid":"vm-10-uuid"} is not in the Running state to migrate it to the new host.',
      );
      expect(plan.commands).toEqual([]);
    });

    it('blocks a volume that does not belong to the VM (R1) and names it', () => {
      const foreign = makeVolume({ id: 2000, instanceId: 99 });
      const plan = planMigration(makeSnapshot({ entries: [entry(makeVolume()), entry(foreign)] }));

      expect(plan.blockers).toEqual([expect.objectContaining({ code: 'VOLUME_NOT_ATTACHED_TO_VM', volumeId: 2000 })]);
      expect(plan.blockers[0]?.message).toContain('vol-2000-uuid');
    });

    it('blocks a request where no volume changes pool (R1 "doesn\'t involve migrating the volumes")', () => {
      const plan = planMigration(makeSnapshot({ entries: [entry(makeVolume(), Ids.sourcePool)] }));

      expect(blockerCodes(plan)).toEqual(['NOTHING_TO_MIGRATE']);
      expect(plan.blockers[0]?.message).toMatch(/^Migration of the vm .* doesn't involve migrating the volumes\.$/);
    });

    it('blocks an empty request as having nothing to migrate (R1)', () => {
      expect(blockerCodes(planMigration(makeSnapshot({ entries: [] })))).toEqual(['NOTHING_TO_MIGRATE']);
    });

    it('blocks the same volume listed twice (gateway guard on the R1 map)', () => {
      const volume = makeVolume();
      const plan = planMigration(makeSnapshot({ entries: [entry(volume), entry(volume)] }));

      expect(plan.blockers).toEqual([expect.objectContaining({ code: 'DUPLICATE_VOLUME', volumeId: Ids.volume })]);
    });
  });

  describe('R2/R4 hosts', () => {
    it('blocks a VM without a host and selects no strategy', () => {
      const plan = planMigration(makeSnapshot({ sourceHost: null, vm: makeVm({ hostId: null }) }));

      expect(blockerCodes(plan)).toEqual(['VM_NOT_ON_A_HOST']);
      expect(plan.strategy).toBeNull();
      expect(plan.strategyReason).toBe('VM_NOT_ON_A_HOST');
    });

    it('blocks a non-KVM source host with the R4 message and no KVM strategy (R2)', () => {
      const plan = planMigration(makeSnapshot({ sourceHost: makeHost({ id: 1, hypervisorType: 'XenServer' }) }));

      expect(plan.blockers).toEqual([
        {
          code: 'SOURCE_HOST_NOT_KVM',
          message: 'Invalid hypervisor type (only KVM supported for this operation at the time being)',
        },
      ]);
      expect(plan.strategy).toBeNull();
      expect(plan.strategyReason).toBe('SOURCE_HOST_NOT_KVM');
    });

    it('blocks a non-KVM destination host (gateway guard)', () => {
      const plan = planMigration(makeSnapshot({ destinationHost: makeHost({ id: 2, hypervisorType: 'VMware' }) }));

      expect(blockerCodes(plan)).toEqual(['DESTINATION_HOST_NOT_KVM']);
    });

    it('blocks a destination equal to the source host (gateway guard: libvirt cannot migrate to itself)', () => {
      const plan = planMigration(makeSnapshot({ destinationHost: makeHost({ id: Ids.sourceHost }) }));

      expect(blockerCodes(plan)).toEqual(['SAME_HOST']);
      expect(plan.blockers[0]?.message).toContain('VM is already present on this host');
    });

    it.each([
      ['Disconnected', 'Enabled'],
      ['Up', 'Maintenance'],
    ])('blocks a destination host with status %s and resource state %s (gateway guard)', (status, resourceState) => {
      const plan = planMigration(makeSnapshot({ destinationHost: makeHost({ id: 2, status, resourceState }) }));

      expect(plan.blockers).toEqual([
        {
          code: 'DESTINATION_HOST_NOT_UP',
          message: `Cannot migrate VM, destination host is not in correct state, has status: ${status}, state: ${resourceState}`,
        },
      ]);
    });
  });

  describe('R2 strategy selection', () => {
    it('picks the managed strategy when any pool of the request is managed', () => {
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(makeVolume(), 300)],
          pools: [makePool({ id: Ids.sourcePool }), makePowerFlexPool({ id: 300 })],
        }),
      );

      expect(plan.strategy).toBe('MANAGED');
      expect(plan.strategyReason).toBe('MANAGED_POOL_IN_REQUEST');
    });

    it('picks the non-managed strategy by the NFS shortcut (a) on the first entry alone', () => {
      const rbdVolume = makeVolume({ id: 2000, poolId: RBD_POOL, volumeType: 'DATADISK', deviceId: 1 });
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(makeVolume()), entry(rbdVolume)],
          pools: [makePool({ id: Ids.sourcePool }), makePool({ id: Ids.destinationPool }), makePool({ id: RBD_POOL, poolType: 'RBD' })],
        }),
      );

      expect(plan.strategy).toBe('NON_MANAGED');
      expect(plan.strategyReason).toBe('NFS_SAME_CLUSTER_FIRST_ENTRY');
      expect(plan.blockers).toEqual([]);
    });

    it('does not take the NFS shortcut (a) when the first entry comes from a non-NFS pool', () => {
      const rbdVolume = makeVolume({ id: 2000, poolId: RBD_POOL, volumeType: 'DATADISK', deviceId: 1 });
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(rbdVolume), entry(makeVolume())],
          pools: [makePool({ id: Ids.sourcePool }), makePool({ id: Ids.destinationPool }), makePool({ id: RBD_POOL, poolType: 'RBD' })],
        }),
      );

      expect(plan.strategy).toBeNull();
      expect(blockerCodes(plan)).toEqual(['NO_STRATEGY']);
    });

    it('falls back to all-file sources (b) when the hosts are in different clusters', () => {
      const plan = planMigration(makeSnapshot({ destinationHost: makeHost({ id: 2, clusterId: 7 }) }));

      expect(plan.strategyReason).toBe('ALL_SOURCE_POOLS_FILE_BASED');
    });

    it('falls back to all-file sources (b) when the destination NFS pool is zone-wide', () => {
      const plan = planMigration(
        makeSnapshot({
          pools: [makePool({ id: Ids.sourcePool }), makePool({ id: Ids.destinationPool, scope: 'ZONE', hypervisor: 'KVM' })],
        }),
      );

      expect(plan.strategyReason).toBe('ALL_SOURCE_POOLS_FILE_BASED');
    });

    it('selects (b) for local Filesystem and SharedMountPoint sources', () => {
      const plan = planMigration(
        makeSnapshot({
          pools: [makePool({ id: Ids.sourcePool, poolType: 'Filesystem', scope: 'HOST' }), makePool({ id: Ids.destinationPool, poolType: 'SharedMountPoint' })],
        }),
      );

      expect(plan.strategy).toBe('NON_MANAGED');
      expect(plan.strategyReason).toBe('ALL_SOURCE_POOLS_FILE_BASED');
    });

    it('blocks with CloudStack R2 "Can\'t find strategy" message when neither (a) nor (b) holds', () => {
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(makeVolume({ poolId: RBD_POOL }), Ids.destinationPool)],
          pools: [makePool({ id: RBD_POOL, poolType: 'RBD' }), makePool({ id: Ids.destinationPool })],
        }),
      );

      expect(plan.strategy).toBeNull();
      expect(plan.strategyReason).toBe('NO_MATCHING_STRATEGY');
      expect(plan.blockers).toEqual([
        {
          code: 'NO_STRATEGY',
          message: "Can't find strategy to move data. Source Host: kvm-01, Destination Host: kvm-02, Volume UUIDs: vol-1000-uuid",
        },
      ]);
      // The trace still explains it: the non-managed hooks skip the RBD source (R8).
      expect(entryAt(plan, 0).skipReason).toBe('SOURCE_POOL_NOT_FILE_BASED');
    });
  });

  describe('R3 snapshots', () => {
    it('blocks a request with a snapshot in progress on any volume, a skipped one included', () => {
      const stays = makeVolume({ id: 2000, poolId: 300, volumeType: 'DATADISK', deviceId: 1 });
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(stays, 300), entry(makeVolume(), 301)],
          pools: [makePool({ id: Ids.sourcePool }), makePowerFlexPool({ id: 300 }), makePowerFlexPool({ id: 301 })],
          snapshotsInProgress: new Set([2000]),
        }),
      );

      expect(entryAt(plan, 0).skipped).toBe(true);
      expect(plan.blockers).toEqual([
        {
          code: 'SNAPSHOT_IN_PROGRESS',
          message: 'Snapshots are being created on a volume. Volumes cannot be migrated now.',
          volumeId: 2000,
        },
      ]);
    });
  });

  describe('R5 pool validation', () => {
    it('blocks a volume whose source pool row is missing with the R5 message and leaves the entry undecided', () => {
      const plan = planMigration(makeSnapshot({ entries: [entry(makeVolume({ poolId: 999 }))] }));

      expect(plan.blockers).toEqual([
        {
          code: 'SOURCE_POOL_MISSING',
          message: 'Volume with ID vol-1000-uuid is not associated with a storage pool.',
          volumeId: Ids.volume,
          poolId: 999,
        },
      ]);
      expect(entryAt(plan, 0)).toMatchObject({ skipped: false, cloneMode: null, cloneModeReason: 'POOL_MISSING' });
    });

    it('blocks a destination pool that was not located with the R5 message, naming it as the request did', () => {
      const plan = planMigration(makeSnapshot({ entries: [entry(makeVolume(), null, 'a1b2c3d4-0000-4000-8000-000000000999')] }));

      expect(plan.blockers).toEqual([
        {
          code: 'DESTINATION_POOL_MISSING',
          message: 'Destination storage pool with ID a1b2c3d4-0000-4000-8000-000000000999 was not located.',
          volumeId: Ids.volume,
        },
      ]);
      expect(plan.entries[0].destinationPoolId).toBeNull();
    });

    it('blocks moving a volume off managed storage with the R5 message', () => {
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(makeVolume({ poolId: 300 }), 301)],
          pools: [makePowerFlexPool({ id: 300 }), makePowerFlexPool({ id: 301 })],
        }),
      );

      expect(plan.blockers).toEqual([
        {
          code: 'MANAGED_SOURCE_POOL',
          message: 'Migrating a volume online with KVM from managed storage is not currently supported.',
          volumeId: Ids.volume,
          poolId: 300,
        },
      ]);
    });

    it('blocks a same-pool PowerFlex entry mixed with a non-managed destination (R5 consequence)', () => {
      const stays = makeVolume({ id: 2000, poolId: 300, volumeType: 'DATADISK', deviceId: 1 });
      const plan = planMigration(
        makeSnapshot({
          entries: [entry(stays, 300), entry(makeVolume())],
          pools: [makePool({ id: Ids.sourcePool }), makePool({ id: Ids.destinationPool }), makePowerFlexPool({ id: 300 })],
        }),
      );

      expect(plan.blockers).toEqual([
        {
          code: 'MIXED_MANAGED_DESTINATIONS',
          message: 'Destination storage pools must be either all managed or all not managed',
          poolId: Ids.destinationPool,
        },
      ]);
    });

    it('does not report NO_STRATEGY when a missing pool row already explains the refusal (R5 over R2)', () => {
      const plan = planMigration(makeSnapshot({ entries: [entry(makeVolume({ poolId: 999 }))] }));

      expect(blockerCodes(plan)).not.toContain('NO_STRATEGY');
    });
  });

  it('collects every blocker, not only the first, in rule order (R1, R2/R4, R3, R5)', () => {
    const plan = planMigration(
      makeSnapshot({
        vm: makeVm({ state: 'Stopped' }),
        sourceHost: makeHost({ id: 1, hypervisorType: 'XenServer' }),
        entries: [entry(makeVolume(), 999)],
        snapshotsInProgress: new Set([Ids.volume]),
      }),
    );

    expect(blockerCodes(plan)).toEqual(['VM_NOT_RUNNING', 'SOURCE_HOST_NOT_KVM', 'SNAPSHOT_IN_PROGRESS', 'DESTINATION_POOL_MISSING']);
    expect(plan.commands).toEqual([]);
  });

  it('blocks a migrated volume without a path: it cannot key migrateStorage (gateway guard, R24/R28)', () => {
    const plan = planMigration(makeSnapshot({ entries: [entry(makeVolume({ path: null }))] }));

    expect(plan.blockers).toEqual([expect.objectContaining({ code: 'VOLUME_PATH_MISSING', volumeId: Ids.volume })]);
  });
});
