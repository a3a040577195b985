import type { TargetPolicy } from './targets-snapshot';
import { sameTag, splitTags } from './tag-match';
import { combine, SUITABLE, TargetReasonCode as Code, undecidable, unsuitable, type Verdict } from './target-reason';
import type { TagRecord, TargetHost } from './target-records';

/** The tags the allocator asks of a host: the offering's `host_tag` and the template's `template_tag`. */
export interface RequiredHostTags {
  offeringTag: string | null;
  templateTag: string | null;
}

/**
 * T12 (`retainHostsMatchingCriteria`): without tags, a host tagged with `ha.tag` is an HA host and
 * is left out; with an offering tag the host needs it, with a template tag that one too. Only plain
 * rows match (`is_tag_a_rule = 0`); the multi-tag reading of `host_tag` is [uncertain] (policy).
 */
export function hostTagVerdict(host: TargetHost, tags: readonly TagRecord[], required: RequiredHostTags, haTag: string | null, policy: TargetPolicy): Verdict {
  const plain = tags.filter((t) => !t.isTagARule).map((t) => t.tag);
  const offeringTag = blankToNull(required.offeringTag);
  const templateTag = blankToNull(required.templateTag);
  if (offeringTag === null && templateTag === null) {
    const ha = blankToNull(haTag);
    if (ha !== null && plain.some((t) => sameTag(t, ha))) return unsuitable(Code.HaHost, `Host ${host.name} is an HA host (tag ${ha}).`);
    return SUITABLE;
  }
  const checks: Verdict[] = [];
  if (offeringTag !== null) {
    const wanted = policy.hostTagMatch === 'ALL_OF_LIST' ? splitTags(offeringTag) : [offeringTag];
    const missing = wanted.filter((w) => !plain.some((t) => sameTag(t, w)));
    if (missing.length) {
      checks.push(
        unsuitable(
          Code.HostTagMissing,
          `Host ${host.name} lacks the host tag ${missing.join(',')} of the service offering (host tags: ${plain.join(',') || 'none'}).`,
        ),
      );
    }
  }
  if (templateTag !== null && !plain.some((t) => sameTag(t, templateTag))) {
    checks.push(unsuitable(Code.TemplateTagMissing, `Host ${host.name} lacks the template tag ${templateTag}.`));
  }
  return checks.length ? combine(checks) : SUITABLE;
}

/**
 * T13 (`addHostsBasedOnTagRules`): with an offering tag, hosts whose tag rule (JavaScript) accepts
 * it are added back after T12, even when T7/T10 removed them (then only T15-T18 judge them). The
 * gateway cannot evaluate the rule: such a host's earlier verdict becomes undecidable (T32).
 */
export function tagRuleOverride(host: TargetHost, tags: readonly TagRecord[], offeringTag: string | null): Verdict | null {
  const rule = tags.find((t) => t.isTagARule);
  if (rule === undefined || blankToNull(offeringTag) === null) return null;
  return undecidable(
    Code.HostTagRule,
    `Host ${host.name} has a host tag rule (${rule.tag}) that CloudStack evaluates against the offering tag ${offeringTag}; the gateway does not run JavaScript rules, and a matching rule adds the host back.`,
  );
}

function blankToNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value.trim();
}
