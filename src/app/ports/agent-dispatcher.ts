import type { AgentCommand, AgentHost, AgentOutcome } from '../../domain/agent/agent-command';

/** Context that lets an agent recognise a repeated command (contract: `seq` + `jobId`). */
export interface DispatchContext {
  jobId: string;
}

/**
 * The one port to KVM host agents: send a command, get what happened.
 * Implementations never throw for agent-side failures; they return the outcome class.
 */
export interface AgentDispatcher {
  send(host: AgentHost, command: AgentCommand, context: DispatchContext): Promise<AgentOutcome>;
}
