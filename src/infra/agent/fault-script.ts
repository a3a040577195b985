import { AgentCommandName } from '../../domain/agent/agent-command';

/** How a scripted fault shows itself to the gateway (contract: "Failure classes seen by the gateway"). */
const FAULT_KINDS = [
  'FAILED_ANSWER',
  'FAILED_SPECIFIC',
  'NO_ANSWER',
  'TIMEOUT',
  'UNREACHABLE',
  'EMPTY_CONNECTED_PATHS',
  /** The agent answers HTTP 503 (over HTTP) without running the command: UNREACHABLE to the gateway. */
  'HTTP_503',
  /** The agent runs the command and answers only after its `wait` ran out: TIMEOUT to the gateway. */
  'LATE_ANSWER',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Whether the host carried the command out although its answer was lost. */
type FaultEffect = 'APPLIED' | 'NOT_APPLIED';

/** Faults whose answer is lost, so the command may still have taken effect on the host. */
const LOST_ANSWER_FAULTS: ReadonlySet<FaultKind> = new Set(['NO_ANSWER', 'TIMEOUT', 'UNREACHABLE']);

/**
 * One scripted fault: the next `times` (default 1) commands named `command` sent to `hostId`
 * (any host when absent) fail this way instead of being answered normally.
 */
export interface FaultSpec {
  hostId?: number;
  /**
   * Command class name; names the gateway does not send yet are allowed (the agent answers them
   * too). `*` matches any command (with `seq`: whatever the job sends as that command).
   */
  command: AgentCommandName | (string & {});
  fault: FaultKind;
  /** Agent `details` of FAILED_ANSWER / FAILED_SPECIFIC. */
  details?: string;
  times?: number;
  /** Only for NO_ANSWER, TIMEOUT, UNREACHABLE; default NOT_APPLIED. */
  effect?: FaultEffect;
  /** Only a command carrying this `seq` (the job's command number on the wire) matches. */
  seq?: number;
}

/** Check a fault spec (in-process or JSON from `POST /_sim/faults`); throws with the reason. */
export function parseFaultSpec(value: unknown): FaultSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('a fault must be an object');
  const v = value as Record<string, unknown>;
  if (typeof v.command !== 'string' || v.command.length === 0) throw new Error('fault.command must be a command name');
  if (!FAULT_KINDS.includes(v.fault as FaultKind)) throw new Error(`fault.fault must be one of ${FAULT_KINDS.join(', ')}`);
  const fault = v.fault as FaultKind;
  if (v.hostId !== undefined && !Number.isInteger(v.hostId)) throw new Error('fault.hostId must be an integer');
  if (v.details !== undefined && typeof v.details !== 'string') throw new Error('fault.details must be a string');
  if (v.times !== undefined && !(typeof v.times === 'number' && v.times >= 1)) throw new Error('fault.times must be >= 1');
  if (v.seq !== undefined && !(Number.isInteger(v.seq) && (v.seq as number) >= 1)) throw new Error('fault.seq must be an integer >= 1');
  if (v.effect !== undefined) {
    if (v.effect !== 'APPLIED' && v.effect !== 'NOT_APPLIED') throw new Error('fault.effect must be APPLIED or NOT_APPLIED');
    if (!LOST_ANSWER_FAULTS.has(fault)) throw new Error(`fault.effect only applies to ${[...LOST_ANSWER_FAULTS].join(', ')}`);
  }
  if (fault === 'EMPTY_CONNECTED_PATHS' && v.command !== AgentCommandName.ModifyTargets) {
    throw new Error(`EMPTY_CONNECTED_PATHS only applies to ${AgentCommandName.ModifyTargets}`);
  }
  return {
    command: v.command,
    fault,
    ...(v.hostId !== undefined && { hostId: v.hostId as number }),
    ...(v.details !== undefined && { details: v.details }),
    ...(v.times !== undefined && { times: v.times }),
    ...(v.effect !== undefined && { effect: v.effect }),
    ...(v.seq !== undefined && { seq: v.seq as number }),
  };
}

/** A fault whose `command` is this matches every command. */
const ANY_COMMAND = '*';

/** Scripted faults, consumed in the order they were injected. */
export class FaultScript {
  private readonly queue: Array<{ spec: FaultSpec; remaining: number }> = [];

  inject(spec: FaultSpec): void {
    const checked = parseFaultSpec(spec);
    this.queue.push({ spec: checked, remaining: checked.times ?? 1 });
  }

  /** Consume the first fault that matches this command on this host (and its wire seq, when the fault names one). */
  take(hostId: number, command: string, seq: number | null = null): FaultSpec | null {
    const index = this.queue.findIndex(
      (f) =>
        (f.spec.command === command || f.spec.command === ANY_COMMAND) &&
        (f.spec.hostId === undefined || f.spec.hostId === hostId) &&
        (f.spec.seq === undefined || f.spec.seq === seq),
    );
    if (index < 0) return null;
    const entry = this.queue[index];
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.spec;
  }

  /** Faults not consumed yet (a test can assert its script was used up). */
  pending(): FaultSpec[] {
    return this.queue.map((f) => ({ ...f.spec, times: f.remaining }));
  }

  clear(): void {
    this.queue.length = 0;
  }
}
