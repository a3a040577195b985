import type { AgentAnswer } from '../../domain/agent/agent-command';

/** Version of shared/contracts/agent-protocol.md both sides speak. */
export const AGENT_PROTOCOL_VERSION = 1;

/** Default agent base URL (contract "Endpoint"). */
export const DEFAULT_AGENT_URL_TEMPLATE = 'http://{privateIp}:8251/v1';

/** Body of `POST {base}/commands` (contract "Request"). */
export interface AgentRequestEnvelope {
  protocol: typeof AGENT_PROTOCOL_VERSION;
  seq: number;
  jobId: string;
  host: { id: number; uuid: string | null; name: string };
  command: { name: string; wait: number; executeInSequence: boolean; body: Record<string, unknown> };
}

/** Body of a 200 response (contract "Response"); `details` and `body` may be left out by an agent. */
export interface AgentResponseEnvelope {
  answer: {
    name: string;
    result: boolean;
    details?: string | null;
    body?: Record<string, unknown>;
  } | null;
}

/** A message that does not follow the contract. */
export class AgentProtocolError extends Error {
  override name = 'AgentProtocolError';
}

/**
 * Read an agent's response body: the answer (normalised: `details` null and `body` {} when left out)
 * or null for `{"answer": null}`. Throws AgentProtocolError for anything else.
 */
export function parseAgentResponse(value: unknown): AgentAnswer | null {
  if (!isPlainObject(value) || !('answer' in value)) throw new AgentProtocolError('response has no "answer" member');
  const answer = value.answer;
  if (answer === null) return null;
  if (!isPlainObject(answer)) throw new AgentProtocolError('"answer" is neither an object nor null');
  if (typeof answer.name !== 'string' || answer.name.length === 0) throw new AgentProtocolError('answer.name is not a string');
  if (typeof answer.result !== 'boolean') throw new AgentProtocolError('answer.result is not a boolean');
  const { details, body } = answer;
  if (details !== undefined && details !== null && typeof details !== 'string') {
    throw new AgentProtocolError('answer.details is not a string');
  }
  if (body !== undefined && !isPlainObject(body)) throw new AgentProtocolError('answer.body is not an object');
  return { name: answer.name, result: answer.result, details: details ?? null, body: body ?? {} };
}

/** Read a gateway's request body; throws AgentProtocolError naming the first field that is wrong. */
export function parseAgentRequest(value: unknown): AgentRequestEnvelope {
  if (!isPlainObject(value)) throw new AgentProtocolError('request is not a JSON object');
  if (value.protocol !== AGENT_PROTOCOL_VERSION) throw new AgentProtocolError(`unsupported protocol ${String(value.protocol)}`);
  if (!Number.isInteger(value.seq)) throw new AgentProtocolError('seq is not an integer');
  if (typeof value.jobId !== 'string') throw new AgentProtocolError('jobId is not a string');
  const { host, command } = value;
  if (!isPlainObject(host) || !Number.isInteger(host.id)) throw new AgentProtocolError('host.id is not an integer');
  if (host.uuid !== null && typeof host.uuid !== 'string') throw new AgentProtocolError('host.uuid is not a string or null');
  if (typeof host.name !== 'string') throw new AgentProtocolError('host.name is not a string');
  if (!isPlainObject(command) || typeof command.name !== 'string' || command.name.length === 0) {
    throw new AgentProtocolError('command.name is not a string');
  }
  if (typeof command.wait !== 'number' || !(command.wait >= 0)) throw new AgentProtocolError('command.wait is not a number of seconds');
  if (typeof command.executeInSequence !== 'boolean') throw new AgentProtocolError('command.executeInSequence is not a boolean');
  if (!isPlainObject(command.body)) throw new AgentProtocolError('command.body is not an object');
  return {
    protocol: AGENT_PROTOCOL_VERSION,
    seq: value.seq as number,
    jobId: value.jobId,
    host: { id: host.id as number, uuid: host.uuid, name: host.name },
    command: { name: command.name, wait: command.wait, executeInSequence: command.executeInSequence, body: command.body },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
