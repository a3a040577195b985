import type { AgentOutcome } from '../../agent/agent-command';

/**
 * The agents' answer bodies as the migration reads them, parsed at the edge into typed records
 * (an agent that is not ours may leave fields out or send other types: such a field is absent).
 */
type Body = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const object = (value: unknown): Body | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : null);

/** R15 CopyCmdAnswer `{newData}`: the template object as written on the destination pool. */
export function copiedTemplate(body: Body): { path: string | null; size: number | null } {
  const data = object(body.newData);
  return { path: text(data?.path), size: count(data?.size) };
}

/** R14 DirectDownloadAnswer: the file name the agent chose, and the template's size. */
export function downloadedTemplate(body: Body): { installPath: string | null; templateSize: number | null } {
  return { installPath: text(body.installPath), templateSize: count(body.templateSize) };
}

/** R19/R20 CreateObjectAnswer `{data}`: a managed pool's driver names the volume (`path`). */
export function createdVolumePath(body: Body): string | null {
  return text(object(body.data)?.path);
}

/** R25 ModifyTargetsAnswer `{connectedPaths}`: the paths the host now sees the targets at. */
export function connectedPaths(body: Body): string[] {
  return Array.isArray(body.connectedPaths) ? body.connectedPaths.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
}

/** R26 PrepareForMigrationAnswer: `newVmCpuShares` when the destination gave one. */
export function newVmCpuShares(body: Body): number | null {
  return count(body.newVmCpuShares);
}

/** R29 CheckVirtualMachineAnswer: a definitive power state, or null (a failed or lost answer, "Unknown"). */
export function definitivePowerState(outcome: AgentOutcome): 'PowerOn' | 'PowerOff' | null {
  if (outcome.kind !== 'ANSWERED' || !outcome.answer.result) return null;
  const state = outcome.answer.body.state;
  return state === 'PowerOn' || state === 'PowerOff' ? state : null;
}
