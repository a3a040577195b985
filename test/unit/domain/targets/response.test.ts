import { describe, expect, it } from 'vitest';
import { findMigrationTargets } from '../../../../src/domain/targets';
import { makeCapacityRows, makeTargetHost, makeTargetsSnapshot, ratios } from '../../../factories/migration-targets.factory';
import { answerOf, hostOf } from './targets-helpers';

const GiB = 1024 ** 3;

describe(findMigrationTargets.name, () => {
  describe('T19 response rows', () => {
    it('lists every candidate, suitable first, then undecidable, then unsuitable, by name within each', () => {
      const hosts = [
        makeTargetHost({ id: 1, name: 'src' }),
        makeTargetHost({ id: 2, name: 'zeta' }),
        makeTargetHost({ id: 3, name: 'alpha', status: 'Down' }),
        makeTargetHost({ id: 4, name: 'beta' }),
        makeTargetHost({ id: 5, name: 'Gamma' }),
      ];
      const answer = answerOf(makeTargetsSnapshot({ hosts, hostCapacity: hosts.filter((h) => h.id !== 4).flatMap((h) => makeCapacityRows(h.id)) }));
      expect(answer.hosts.map((h) => [h.host.name, h.suitable])).toEqual([
        ['Gamma', true],
        ['zeta', true],
        ['alpha', false],
        ['beta', false],
      ]);
    });
  });

  describe('T20 allocated capacity', () => {
    it('counts used + reserved against cpus x speed x ratio and ram x ratio, in percent with two decimals', () => {
      const rows = [...makeCapacityRows(1), ...makeCapacityRows(2, { cpuUsed: 4_000, cpuReserved: 1_000, memUsed: 8 * GiB, memReserved: 4 * GiB })];
      const snapshot = makeTargetsSnapshot({
        hosts: [makeTargetHost({ id: 1 }), makeTargetHost({ id: 2 })],
        hostCapacity: rows,
        clusterDetails: new Map([[1, ratios('3.0', '1.5')]]),
      });
      expect(hostOf(answerOf(snapshot), 2).allocation).toEqual({
        cpuAllocatedMhz: 5_000,
        cpuWithOverprovisioningMhz: 48_000,
        cpuAllocatedPercent: 10.42,
        memoryAllocatedBytes: 12 * GiB,
        memoryWithOverprovisioningBytes: 48 * GiB,
        memoryAllocatedPercent: 25,
      });
    });

    it('is null where a capacity row or a ratio is missing', () => {
      const snapshot = makeTargetsSnapshot({ hosts: [makeTargetHost({ id: 1 }), makeTargetHost({ id: 2 })], hostCapacity: [], clusterDetails: new Map() });
      expect(hostOf(answerOf(snapshot), 2).allocation).toEqual({
        cpuAllocatedMhz: null,
        cpuWithOverprovisioningMhz: null,
        cpuAllocatedPercent: null,
        memoryAllocatedBytes: null,
        memoryWithOverprovisioningBytes: null,
        memoryAllocatedPercent: null,
      });
    });
  });
});
