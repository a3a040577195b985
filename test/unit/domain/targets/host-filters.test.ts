import { describe, expect, it } from 'vitest';
import { findMigrationTargets } from '../../../../src/domain/targets';
import { makeServiceOffering, makeTargetHost, makeTargetPool, makeTargetsSnapshot, tag } from '../../../factories/migration-targets.factory';
import { makeVm } from '../../../factories/migration-snapshot.factory';
import { answerOf, codes, hostOf } from './targets-helpers';

const UEFI = new Map([['UEFI', 'secure']]);

describe(findMigrationTargets.name, () => {
  describe('T10 UEFI', () => {
    it('keeps only hosts reporting host.uefi.enable=true for a UEFI VM', () => {
      const answer = answerOf(makeTargetsSnapshot({ vmDetails: UEFI, uefiHostIds: new Set([3]), anyHostReportsUefi: true }));
      expect(hostOf(answer, 3).suitable).toBe(true);
      expect(codes(hostOf(answer, 2))).toEqual(['UEFI_NOT_SUPPORTED']);
    });

    it('makes every host unsuitable when no host at all reports the detail', () => {
      const answer = answerOf(makeTargetsSnapshot({ vmDetails: UEFI }));
      expect(answer.hosts.map((h) => [h.suitable, codes(h)])).toEqual([
        [false, ['UEFI_NOT_SUPPORTED']],
        [false, ['UEFI_NOT_SUPPORTED']],
      ]);
      expect(answer.hosts[0].reasons[0].message).toContain('no host reports host.uefi.enable');
    });

    it('ignores BIOS VMs, and drops UEFI-incompatible hosts from the rows without storage motion (T6 quirk)', () => {
      expect(answerOf(makeTargetsSnapshot({ vmDetails: new Map([['UEFI', 'none']]) })).hosts.every((h) => h.suitable)).toBe(true);
      const withoutMotion = makeTargetsSnapshot({ vmDetails: UEFI, storage: { capabilities: [] } });
      expect(answerOf(withoutMotion).hosts).toEqual([]);
    });
  });

  describe('T11 allocation scope', () => {
    const hosts = [
      makeTargetHost({ id: 1 }),
      makeTargetHost({ id: 2, status: 'Down' }),
      makeTargetHost({ id: 3 }),
      makeTargetHost({ id: 4, resourceState: 'Disabled' }),
      makeTargetHost({ id: 5, resourceState: 'PrepareForMaintenance' }),
      makeTargetHost({ id: 6, resourceState: 'Error' }),
    ];
    const snapshot = makeTargetsSnapshot({ hosts });

    it('never picks a host that is not Up and Enabled, whatever the scope', () => {
      const answer = answerOf(snapshot);
      expect(codes(hostOf(answer, 2))).toEqual(['HOST_NOT_UP']);
      expect(codes(hostOf(answer, 4))).toEqual(['HOST_DISABLED']);
      expect(codes(hostOf(answer, 5))).toEqual(['HOST_IN_MAINTENANCE']);
      expect(codes(hostOf(answer, 6))).toEqual(['HOST_NOT_ENABLED']);
    });

    it('ZONE (default): a host of another cluster can be suitable', () => {
      expect(hostOf(answerOf(snapshot), 3).suitable).toBe(true);
    });

    it('SOURCE_CLUSTER: only hosts of the source cluster can be suitable; the others stay listed', () => {
      const answer = answerOf(snapshot, { hostScope: 'SOURCE_CLUSTER' });
      expect(hostOf(answer, 3)).toMatchObject({ suitable: false, requiresStorageMotion: true });
      expect(codes(hostOf(answer, 3))).toEqual(['OUTSIDE_SOURCE_CLUSTER']);
      expect(codes(hostOf(answer, 4))).toEqual(['HOST_DISABLED']);
    });
  });

  describe('T12 host tags', () => {
    it('without tags, leaves out the HA hosts (ha.tag)', () => {
      const snapshot = makeTargetsSnapshot({ hostTags: [tag(2, 'ha')], storage: { settings: { haTag: 'HA' } } });
      expect(codes(hostOf(answerOf(snapshot), 2))).toEqual(['HA_HOST']);
      expect(hostOf(answerOf(snapshot), 3).suitable).toBe(true);
    });

    it('needs the offering tag (case- and trailing-space-insensitive) and the template tag; rule rows never match plainly', () => {
      const snapshot = makeTargetsSnapshot({
        offering: makeServiceOffering({ hostTag: 'ssd' }),
        templateTag: 'gpu',
        hostTags: [tag(2, 'SSD '), tag(2, 'gpu'), tag(3, 'ssd')],
      });
      const answer = answerOf(snapshot);
      expect(hostOf(answer, 2).suitable).toBe(true);
      expect(codes(hostOf(answer, 3))).toEqual(['TEMPLATE_TAG_MISSING']);
      expect(hostOf(answer, 3).reasons[0].message).toContain('gpu');
    });

    it('WHOLE_STRING (default) compares the whole host_tag with one tag row; ALL_OF_LIST needs every listed tag', () => {
      const snapshot = makeTargetsSnapshot({
        offering: makeServiceOffering({ hostTag: 'ssd,avx512' }),
        hostTags: [tag(2, 'ssd'), tag(2, 'avx512'), tag(3, 'ssd,avx512')],
      });
      const whole = answerOf(snapshot);
      expect(codes(hostOf(whole, 2))).toEqual(['HOST_TAG_MISSING']);
      expect(hostOf(whole, 3).suitable).toBe(true);
      const all = answerOf(snapshot, { hostTagMatch: 'ALL_OF_LIST' });
      expect(hostOf(all, 2).suitable).toBe(true);
      expect(codes(hostOf(all, 3))).toEqual(['HOST_TAG_MISSING']);
    });
  });

  describe('T13 host tag rules', () => {
    const ruleHost = (extra = {}) =>
      makeTargetsSnapshot({
        offering: makeServiceOffering({ hostTag: 'ssd' }),
        hostTags: [tag(2, "tags.indexOf('ssd') >= 0", true)],
        ...extra,
      });

    it('reports a rule-tagged host that fails the plain tags as undecidable, not unsuitable (T32)', () => {
      const host = hostOf(answerOf(ruleHost()), 2);
      expect(host.suitable).toBeNull();
      expect(codes(host)).toEqual(['HOST_TAG_RULE', 'HOST_TAG_MISSING']);
    });

    it('adds such a host back even when the storage check removed it, but not past the capacity checks', () => {
      const pools = [makeTargetPool({ managed: true, poolType: 'Iscsi', scope: 'HOST' }), makeTargetPool({ id: 200 }), makeTargetPool({ id: 300 })];
      expect(hostOf(answerOf(ruleHost({ storage: { pools } })), 2).suitable).toBeNull();
      const full = ruleHost({ guestCounts: new Map([[2, 50]]) });
      expect(codes(hostOf(answerOf(full), 2))).toEqual(['HOST_TAG_RULE', 'HOST_TAG_MISSING', 'MAX_GUESTS_REACHED']);
      expect(hostOf(answerOf(full), 2).suitable).toBe(false);
    });

    it('plays no part without an offering tag', () => {
      const snapshot = makeTargetsSnapshot({ hostTags: [tag(2, 'true', true)], vm: makeVm() });
      expect(hostOf(answerOf(snapshot), 2)).toMatchObject({ suitable: true, reasons: [] });
    });
  });
});
