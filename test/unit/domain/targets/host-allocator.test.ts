import { describe, expect, it } from 'vitest';
import { findMigrationTargets } from '../../../../src/domain/targets';
import {
  makeCapacityRows,
  makeServiceOffering,
  makeTargetCluster,
  makeTargetHost,
  makeTargetsSnapshot,
  ratios,
} from '../../../factories/migration-targets.factory';
import { answerOf, codes, hostOf } from './targets-helpers';

const GiB = 1024 ** 3;

describe(findMigrationTargets.name, () => {
  describe('T14 allocator order', () => {
    it('gives the same answer whatever order the hosts are read in (the random order only changes which host is tried first)', () => {
      const hosts = [makeTargetHost({ id: 1 }), makeTargetHost({ id: 2 }), makeTargetHost({ id: 3 })];
      const forward = answerOf(makeTargetsSnapshot({ hosts }));
      const backward = answerOf(makeTargetsSnapshot({ hosts: [...hosts].reverse() }));
      expect(backward).toEqual(forward);
    });
  });

  describe('T15 per-host checks', () => {
    it('rejects a host already running max_guests_limit VMs', () => {
      const answer = answerOf(
        makeTargetsSnapshot({
          guestCounts: new Map([
            [2, 50],
            [3, 49],
          ]),
        }),
      );
      expect(codes(hostOf(answer, 2))).toEqual(['MAX_GUESTS_REACHED']);
      expect(hostOf(answer, 3).suitable).toBe(true);
    });

    it('cannot decide a vGPU offering (host GPUs are outside the subset, T32)', () => {
      const answer = answerOf(makeTargetsSnapshot({ offeringDetails: new Map([['vgpuType', 'GRID V100-8Q']]) }));
      expect(answer.hosts.map((h) => [h.suitable, codes(h)])).toEqual([
        [null, ['GPU_UNDECIDABLE']],
        [null, ['GPU_UNDECIDABLE']],
      ]);
      // T2: a 4.21 vGPU profile (table outside the subset): whether it is a passthrough one is unknown.
      const profiled = answerOf(makeTargetsSnapshot({ offering: makeServiceOffering({ vgpuProfileId: 7 }) }));
      expect(profiled.hosts.every((h) => h.suitable === null && codes(h).includes('GPU_UNDECIDABLE'))).toBe(true);
    });

    it("names the checks it cannot make in the answer's notes", () => {
      expect(answerOf(makeTargetsSnapshot()).notes.map((n) => n.code)).toEqual(['OUTSIDE_SUBSET_CHECKS']);
    });
  });

  describe('T16 CPU capability', () => {
    it('needs as many cores, each as fast, as the effective offering', () => {
      const hosts = [makeTargetHost({ id: 1 }), makeTargetHost({ id: 2, cpus: 1 }), makeTargetHost({ id: 3, speed: 999 })];
      const answer = answerOf(makeTargetsSnapshot({ hosts }));
      expect(codes(hostOf(answer, 2))).toEqual(['CPU_CAPABILITY']);
      expect(codes(hostOf(answer, 3))).toEqual(['CPU_CAPABILITY']);
    });

    it("takes a custom offering's size from vm_instance_details, and cannot decide without it", () => {
      const custom = makeServiceOffering({ cpu: null, speed: null, ramSize: null });
      const sized = answerOf(
        makeTargetsSnapshot({
          offering: custom,
          vmDetails: new Map([
            ['cpuNumber', '16'],
            ['cpuSpeed', '500'],
            ['memory', '1024'],
          ]),
        }),
      );
      expect(codes(hostOf(sized, 2))).toEqual(['CPU_CAPABILITY']);
      const unsized = answerOf(makeTargetsSnapshot({ offering: custom }));
      expect(hostOf(unsized, 2)).toMatchObject({ suitable: null });
      expect(codes(hostOf(unsized, 2))).toEqual(['OFFERING_UNDECIDABLE']);
    });
  });

  describe('T17 capacity', () => {
    it('is inclusive: used + requested equal to the overprovisioned total fits', () => {
      // Offering: 2 x 1000 MHz, 2 GiB. Host 2: 14,000 of 16,000 MHz used; host 3: one MHz more.
      const rows = [...makeCapacityRows(1), ...makeCapacityRows(2, { cpuUsed: 14_000 }), ...makeCapacityRows(3, { cpuUsed: 14_001 })];
      const answer = answerOf(makeTargetsSnapshot({ hostCapacity: rows }));
      expect(hostOf(answer, 2).suitable).toBe(true);
      expect(codes(hostOf(answer, 3))).toEqual(['CPU_CAPACITY']);
    });

    it("applies the destination cluster's overcommit ratios, and ignores reserved capacity", () => {
      const rows = [
        ...makeCapacityRows(1),
        ...makeCapacityRows(2, { memUsed: 31 * GiB, memReserved: 10 * GiB }),
        ...makeCapacityRows(3, { memUsed: 31 * GiB }),
      ];
      const snapshot = makeTargetsSnapshot({
        hostCapacity: rows,
        clusterDetails: new Map([
          [1, ratios('1.0', '1.5')],
          [2, ratios()],
        ]),
      });
      const answer = answerOf(snapshot);
      expect(hostOf(answer, 2).suitable).toBe(true);
      expect(codes(hostOf(answer, 3))).toEqual(['MEMORY_CAPACITY']);
    });

    it("computes total x ratio in float arithmetic and truncates, as Java's (long) (long * float)", () => {
      // 1.1f * 16000 = 17600.000381... -> 17600; used 15,600 + 2,000 fits exactly.
      const rows = [...makeCapacityRows(1), ...makeCapacityRows(2, { cpuUsed: 15_600 }), ...makeCapacityRows(3, { cpuUsed: 15_601 })];
      const answer = answerOf(
        makeTargetsSnapshot({
          hostCapacity: rows,
          clusterDetails: new Map([
            [1, ratios('1.1')],
            [2, ratios('1.1')],
          ]),
        }),
      );
      expect(hostOf(answer, 2).suitable).toBe(true);
      expect(codes(hostOf(answer, 3))).toEqual(['CPU_CAPACITY']);
    });

    it('is never suitable without both capacity rows or both cluster ratios', () => {
      const rows = [...makeCapacityRows(1), ...makeCapacityRows(3)];
      const answer = answerOf(
        makeTargetsSnapshot({
          hostCapacity: rows,
          clusterDetails: new Map([
            [1, ratios()],
            [2, new Map([['cpuOvercommitRatio', '1']])],
          ]),
        }),
      );
      expect(codes(hostOf(answer, 2))).toEqual(['CAPACITY_ROWS_MISSING']);
      expect(codes(hostOf(answer, 3))).toEqual(['OVERCOMMIT_RATIO_MISSING']);
    });
  });

  describe('T18 architecture', () => {
    it('keeps to the source architecture only when the zone mixes architectures', () => {
      const hosts = [makeTargetHost({ id: 1 }), makeTargetHost({ id: 2 }), makeTargetHost({ id: 3, arch: 'aarch64' })];
      const mixed = makeTargetsSnapshot({ hosts, storage: { clusters: [makeTargetCluster({ id: 1 }), makeTargetCluster({ id: 2, arch: 'aarch64' })] } });
      expect(codes(hostOf(answerOf(mixed), 3))).toEqual(['ARCHITECTURE_MISMATCH']);
      const uniform = makeTargetsSnapshot({ hosts });
      expect(hostOf(answerOf(uniform), 3).suitable).toBe(true);
    });
  });

  describe('reasons', () => {
    it('lists every failing check, first failing check first', () => {
      const hosts = [makeTargetHost({ id: 1 }), makeTargetHost({ id: 2, status: 'Disconnected', cpus: 1 }), makeTargetHost({ id: 3 })];
      const answer = answerOf(makeTargetsSnapshot({ hosts, guestCounts: new Map([[2, 60]]), offering: makeServiceOffering({ hostTag: 'ssd' }) }));
      expect(codes(hostOf(answer, 2))).toEqual(['HOST_NOT_UP', 'HOST_TAG_MISSING', 'MAX_GUESTS_REACHED', 'CPU_CAPABILITY']);
    });
  });
});
