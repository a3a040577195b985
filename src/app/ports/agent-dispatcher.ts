import type { AgentCommand, AgentHost, AgentOutcome } from '../../domain/agent/agent-command';

/**
 * What names one command on the wire (contract: `(jobId, seq)`): `seq` is the number the job's
 * command log recorded for it, unique within the job across every gateway process, so an agent
 * that answers a repeated `(jobId, seq)` from memory only ever repeats the same command.
 */
export interface DispatchContext {
  jobId: string;
  seq: number;
}

/**
 * The one port to KVM host agents: send a command, get what happened.
 * Implementations never throw for agent-side failures; they return the outcome class.
 */
export interface AgentDispatcher {
  send(host: AgentHost, command: AgentCommand, context: DispatchContext): Promise<AgentOutcome>;
}
