import { sameTag, splitTags } from './tag-match';
import { SUITABLE, TargetReasonCode as Code, undecidable, unsuitable, type Verdict } from './target-reason';
import type { TagRecord } from './target-records';

/**
 * T22 (`findPoolsByTags`, `storagePoolTagsMatchOfferingTags`): a tagged offering needs every one of
 * its tags among the pool's plain tags; an untagged offering accepts any pool without a tag rule.
 * A rule pool needs a JavaScript evaluation (with tags) or is [uncertain] (without): undecidable (T32).
 */
export function storageTagVerdict(offeringTags: string | null, poolTags: readonly TagRecord[], poolName: string): Verdict {
  const wanted = splitTags(offeringTags);
  const rule = poolTags.find((t) => t.isTagARule);
  if (rule !== undefined) {
    return undecidable(
      Code.StorageTagRule,
      `Pool ${poolName} has a storage tag rule (${rule.tag}); the gateway does not evaluate JavaScript tag rules` +
        (wanted.length ? ` against the offering's tags ${wanted.join(',')}.` : ' and whether 4.22 tries rules for an untagged offering is unknown.'),
    );
  }
  const plain = poolTags.map((t) => t.tag);
  const missing = wanted.filter((tag) => !plain.some((p) => sameTag(p, tag)));
  if (missing.length === 0) return SUITABLE;
  return unsuitable(
    Code.StorageTagMissing,
    `Pool ${poolName} lacks the storage tag(s) ${missing.join(',')} of the disk offering (pool tags: ${plain.join(',') || 'none'}).`,
  );
}

/** T28, detached volume: an untagged offering, or one of the pool's tag rows equal to one of the offering's tags. */
export function anyStorageTagMatches(offeringTags: string | null, poolTags: readonly TagRecord[]): boolean {
  const wanted = splitTags(offeringTags);
  return wanted.length === 0 || poolTags.some((p) => wanted.some((tag) => sameTag(p.tag, tag)));
}
