import { expect } from 'vitest';
import {
  DEFAULT_TARGET_POLICY,
  findMigrationTargets,
  type HostTarget,
  type MigrationTargetsAnswer,
  type MigrationTargetsSnapshot,
  type TargetPolicy,
} from '../../../../src/domain/targets';

/** The answer of findMigrationTargets (failing the test on a refusal). */
export function answerOf(snapshot: MigrationTargetsSnapshot, policy: Partial<TargetPolicy> = {}): MigrationTargetsAnswer {
  const outcome = findMigrationTargets(snapshot, { ...DEFAULT_TARGET_POLICY, ...policy });
  if (outcome.kind !== 'ANSWER') throw new Error(`refused: ${outcome.reason.code} ${outcome.reason.message}`);
  return outcome.answer;
}

export function hostOf(answer: MigrationTargetsAnswer, hostId: number): HostTarget {
  const host = answer.hosts.find((h) => h.host.id === hostId);
  expect(host, `host ${hostId} among the candidates`).toBeDefined();
  return host!;
}

export const codes = (target: { reasons: { code: string }[] }) => target.reasons.map((r) => r.code);
