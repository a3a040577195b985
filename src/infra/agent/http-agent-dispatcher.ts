import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentCommand, AgentHost, AgentOutcome } from '../../domain/agent/agent-command';
import type { AgentDispatcher, DispatchContext } from '../../app/ports/agent-dispatcher';
import { assertAgentUrlTemplate, expandAgentUrl } from './agent-url';
import { AGENT_PROTOCOL_VERSION, type AgentRequestEnvelope, DEFAULT_AGENT_URL_TEMPLATE, parseAgentResponse } from './agent-wire';

export interface HttpAgentDispatcherOptions {
  /** Agent base URL template; default `http://{privateIp}:8251/v1`. */
  urlTemplate?: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string | null;
  fetchImpl?: typeof fetch;
  /** First backoff after a refused connection; doubled for the second retry. Default 250 ms. */
  retryDelayMs?: number;
}

/** A refused connection is retried at most this many times (nothing reached the agent). */
const MAX_CONNECT_RETRIES = 2;
/** CloudStack's `wait` default: a command with wait 0 waits this long. */
const DEFAULT_WAIT_SECONDS = 1800;
/** setTimeout's ceiling; longer waits would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The `http` transport of the agent port (shared/contracts/agent-protocol.md): one JSON POST per
 * command, classified into the contract's failure classes. It never throws, and never re-sends a
 * command once bytes may have reached the agent: only a refused connection is retried.
 */
export class HttpAgentDispatcher implements AgentDispatcher {
  private readonly urlTemplate: string;
  private readonly token: string | null;
  private readonly fetchImpl: typeof fetch;
  private readonly retryDelayMs: number;

  /** Throws when the URL template is invalid, so a bad configuration stops start-up. */
  constructor(options: HttpAgentDispatcherOptions = {}) {
    this.urlTemplate = options.urlTemplate ?? DEFAULT_AGENT_URL_TEMPLATE;
    assertAgentUrlTemplate(this.urlTemplate);
    this.token = options.token ?? null;
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.retryDelayMs = options.retryDelayMs ?? 250;
  }

  async send(host: AgentHost, command: AgentCommand, context: DispatchContext): Promise<AgentOutcome> {
    // The job log's seq, not a counter of this process: a job taken over by another process goes on
    // after the highest seq recorded, and a retried refused connection carries the same seq.
    const envelope: AgentRequestEnvelope = {
      protocol: AGENT_PROTOCOL_VERSION,
      seq: context.seq,
      jobId: context.jobId,
      host: { id: host.id, uuid: host.uuid, name: host.name },
      command: { name: command.name, wait: command.wait, executeInSequence: command.executeInSequence, body: command.body },
    };
    let url: string;
    try {
      url = `${expandAgentUrl(this.urlTemplate, host)}/commands`;
    } catch (error) {
      return { kind: 'UNREACHABLE', message: `No agent URL for host ${host.id} (${host.name}): ${messageOf(error)}` };
    }
    const waitSeconds = command.wait > 0 ? command.wait : DEFAULT_WAIT_SECONDS;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), Math.min(waitSeconds * 1000, MAX_TIMER_MS));
    try {
      return await this.deliver(url, JSON.stringify(envelope), deadline.signal, host, command, waitSeconds);
    } finally {
      clearTimeout(timer);
    }
  }

  private async deliver(url: string, payload: string, signal: AbortSignal, host: AgentHost, command: AgentCommand, waitSeconds: number): Promise<AgentOutcome> {
    const where = `agent of host ${host.id} (${host.name}) at ${url}`;
    const timeout: AgentOutcome = {
      kind: 'TIMEOUT',
      message: `Operation timed out: no answer to ${command.name} from the ${where} within ${waitSeconds} s`,
    };
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.token !== null) headers.authorization = `Bearer ${this.token}`;

    for (let attempt = 0; ; attempt += 1) {
      let text: string;
      let status: number;
      try {
        const response = await this.fetchImpl(url, { method: 'POST', headers, body: payload, signal });
        status = response.status;
        text = await response.text();
      } catch (error) {
        if (signal.aborted) return timeout;
        if (!isConnectionRefused(error) || attempt >= MAX_CONNECT_RETRIES) {
          return { kind: 'UNREACHABLE', message: `Unable to reach the ${where}: ${describeFetchError(error)}` };
        }
        await sleep(this.retryDelayMs * 2 ** attempt, undefined, { signal }).catch(() => undefined);
        if (signal.aborted) return timeout;
        continue;
      }
      if (status < 200 || status > 299) {
        return { kind: 'UNREACHABLE', message: `The ${where} answered HTTP ${status}` };
      }
      try {
        const answer = parseAgentResponse(JSON.parse(text));
        return answer === null ? { kind: 'NO_ANSWER' } : { kind: 'ANSWERED', answer };
      } catch (error) {
        return { kind: 'UNREACHABLE', message: `The ${where} sent a response outside the agent protocol: ${messageOf(error)}` };
      }
    }
  }
}

/**
 * True only when the TCP connection was refused, i.e. the request never left this process. undici
 * wraps the socket error in `cause`; with several addresses it is an AggregateError of them.
 */
function isConnectionRefused(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (e instanceof AggregateError && e.errors.length > 0) return e.errors.every(isConnectionRefused);
    if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
  }
  return false;
}

/** undici's own message is just "fetch failed": the socket error is in `cause` (an AggregateError per address). */
function describeFetchError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof AggregateError) return `${messageOf(error)}: ${cause.errors.map(messageOf).join('; ')}`;
  return cause instanceof Error ? `${messageOf(error)}: ${cause.message}` : messageOf(error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
