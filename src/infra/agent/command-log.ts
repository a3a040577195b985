import type { AgentOutcome } from '../../domain/agent/agent-command';
import type { DispatchContext } from '../../app/ports/agent-dispatcher';
import type { FaultKind } from './fault-script';

/** One command a simulated agent received, with what the gateway saw come back. */
export interface CommandLogEntry {
  /** 1-based position since the log was last cleared. */
  seq: number;
  hostId: number;
  name: string;
  /** A copy of the command body as received. */
  body: Record<string, unknown>;
  outcome: AgentOutcome;
  /** `(jobId, seq)` the command arrived with (null when a test delivered it without). */
  origin: DispatchContext | null;
  /** Answered from memory as a repeat of an earlier `(jobId, seq)`, not run again. */
  repeated: boolean;
  /** The scripted fault that shaped the outcome, if one did. */
  fault: FaultKind | null;
}

/** Ordered record of every command the fleet received, faulted or not, so tests assert the exact sequence. */
export class CommandLog {
  private entries: CommandLogEntry[] = [];

  append(entry: Omit<CommandLogEntry, 'seq'>): CommandLogEntry {
    // The body is copied so a caller mutating its object later cannot rewrite history.
    const logged: CommandLogEntry = { seq: this.entries.length + 1, ...entry, body: structuredClone(entry.body) };
    this.entries.push(logged);
    return logged;
  }

  list(): CommandLogEntry[] {
    return structuredClone(this.entries);
  }

  /** Empty the log; numbering starts again at 1 so a test can assert from a clean slate. */
  clear(): void {
    this.entries = [];
  }
}
