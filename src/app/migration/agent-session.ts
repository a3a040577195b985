import type { AgentCommand, AgentHost, AgentOutcome } from '../../domain/agent/agent-command';
import type { HostRecord } from '../../domain/inventory/records';
import { type MigrationAgentCommand, toAgentCommand } from '../../domain/migration';
import type { AgentDispatcher } from '../ports/agent-dispatcher';
import type { CommandOutcome, MigrationJournal } from '../ports/migration-journal';
import type { AgentCommandOutcome } from './migration-job';

/** Observability hooks for agent traffic and job ends (metrics are optional). */
export interface MigrationObserver {
  agentCommand?(name: string, outcome: AgentCommandOutcome, durationMs: number): void;
  jobFinished?(status: 'SUCCEEDED' | 'FAILED'): void;
  log?(entry: { level?: 'debug' | 'info' | 'warn' | 'error'; msg: string; [key: string]: unknown }): void;
}

/** Thrown before a command when this process no longer holds the job's lease: another process owns it now. */
export class LeaseLostError extends Error {}

/** This process's hold on a running job (lease/recovery fencing). */
export interface JobLease {
  /** This process's name in the job's `lease_owner`. */
  owner: string;
  /** Whether the job is still this process's: renews the lease in the database, conditional on owning it. */
  holds(): Promise<boolean>;
}

function toAgentHost(host: HostRecord): AgentHost {
  return { id: host.id, uuid: host.uuid, name: host.name, privateIpAddress: host.privateIpAddress };
}

/**
 * Sends a job's agent commands in order and records each one (request before sending, answer
 * after), so the job's command log is complete even if the process dies mid-command. An answer is
 * written with the job's next write: the step's progress (`withAnswers`) or the next command's
 * record, so before the next command goes out the log holds every answer before it.
 */
export class AgentSession {
  /** Answers not written yet, oldest first. */
  private unwritten: CommandOutcome[] = [];

  constructor(
    private readonly agents: AgentDispatcher,
    private readonly journal: MigrationJournal,
    private readonly observer: MigrationObserver,
    private readonly lease: JobLease,
  ) {}

  /** Runs a job write that records the answers not written yet (in its transaction); they count as written once it succeeds. */
  async withAnswers<T>(write: (answered: readonly CommandOutcome[]) => Promise<T>): Promise<T> {
    const answered = this.unwritten;
    const result = await write(answered);
    this.unwritten = this.unwritten.slice(answered.length);
    return result;
  }

  /** Throws LeaseLostError when another process owns the job now (checked in the database). */
  async ensureLease(): Promise<void> {
    if (!(await this.lease.holds())) throw new LeaseLostError(`lease of ${this.lease.owner} lost`);
  }

  /**
   * `frame.seq` is the job's next seq (from the command log when the frame was built); it is the
   * seq on the wire too, so `(jobId, seq)` names this one command for any agent.
   */
  async send(frame: { job: { id: number; uuid: string }; seq: number }, host: HostRecord, typed: MigrationAgentCommand): Promise<AgentOutcome> {
    const command: AgentCommand = toAgentCommand(typed);
    const seq = frame.seq++;
    // Fencing (lease/recovery): the record is written only while this process owns the job, in the
    // same statement, so a process whose job another replica took over sends nothing more.
    const record = {
      jobId: frame.job.id,
      owner: this.lease.owner,
      seq,
      hostId: host.id,
      name: command.name,
      request: { name: command.name, wait: command.wait, executeInSequence: command.executeInSequence, body: command.body },
    };
    const recorded = await this.withAnswers((answered) => this.journal.recordCommandSent(record, answered));
    if (!recorded) throw new LeaseLostError(`job ${frame.job.uuid}: lease lost before ${typed.name} (seq ${seq})`);
    const started = Date.now();
    const outcome = await this.agents.send(toAgentHost(host), command, { jobId: frame.job.uuid, seq });
    const durationMs = Date.now() - started;
    const result = recordedOutcome(outcome);
    this.unwritten.push({ jobId: frame.job.id, seq, outcome: result, answer: answerOf(outcome), durationMs });
    this.observer.agentCommand?.(command.name, result, durationMs);
    return outcome;
  }
}

function recordedOutcome(outcome: AgentOutcome): AgentCommandOutcome {
  if (outcome.kind === 'ANSWERED') return outcome.answer.result ? 'SUCCEEDED' : 'FAILED';
  return outcome.kind;
}

/** What the command log keeps as the answer: the agent's answer, or the transport's reason. */
function answerOf(outcome: AgentOutcome): unknown {
  switch (outcome.kind) {
    case 'ANSWERED':
      return outcome.answer;
    case 'NO_ANSWER':
      return null;
    default:
      return { error: outcome.message };
  }
}
