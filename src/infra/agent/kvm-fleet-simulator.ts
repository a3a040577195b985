import { randomUUID } from 'node:crypto';
import type { AgentAnswer, AgentCommand, AgentHost, AgentOutcome } from '../../domain/agent/agent-command';
import type { AgentDispatcher, DispatchContext } from '../../app/ports/agent-dispatcher';
import { CommandLog, type CommandLogEntry } from './command-log';
import { FaultScript, type FaultSpec } from './fault-script';
import { type FleetInventory, loadFleetInventory } from './fleet-inventory';
import { FleetModel, type FleetStateSnapshot, type PowerState, type SimHost } from './fleet-model';
import { SIMULATED_COMMAND_HANDLERS } from './simulated-command-handlers';
import { AgentCommandFailure, answerNameFor, genericFailure, okAnswer } from './simulated-answers';

export interface KvmFleetSimulatorOptions {
  /** Source of generated file names (DirectDownload, Copy without a path); tests pass a counter. */
  newUuid?: () => string;
}

/** A command as an agent receives it: the name is whatever the sender wrote, known or not. */
export type ReceivedCommand = Omit<AgentCommand, 'name'> & { name: string };

/**
 * What the fleet did with one delivered command, for a transport to relay. `lateEffect` is set only
 * for a TIMEOUT fault with effect APPLIED: the host carries the command out after the gateway gave
 * up, so the transport runs it when the answer is lost (in-process: at once; HTTP: when the client
 * disconnects).
 */
export interface SimulatedDelivery {
  outcome: AgentOutcome;
  /** Runs the command late; returns the answer the host would have sent (LATE_ANSWER sends it). */
  lateEffect: (() => AgentAnswer) | null;
  /** The scripted fault that shaped the outcome, when one did (the agent server sends HTTP 503 or a late answer). */
  fault?: FaultSpec['fault'];
}

/**
 * In-process model of a KVM fleet behind the agent port: hosts, pools with backing chains, image
 * stores and libvirt domains, answering agent commands as the KVM agent and libvirt would, with
 * scriptable faults and an ordered log of every command received.
 */
export class KvmFleetSimulator implements AgentDispatcher {
  /** The fleet's state; its seeding methods build a fleet without records. */
  readonly fleet = new FleetModel();
  private readonly faults = new FaultScript();
  private readonly log = new CommandLog();
  private readonly newUuid: () => string;

  constructor(options: KvmFleetSimulatorOptions = {}) {
    this.newUuid = options.newUuid ?? randomUUID;
  }

  /** Replace the fleet with the one the records describe (log and faults are kept). */
  loadInventory(inventory: FleetInventory): void {
    loadFleetInventory(this.fleet, inventory);
  }

  /** Script a fault; faults are consumed in injection order. Throws on an invalid spec. */
  injectFault(spec: FaultSpec): void {
    this.faults.inject(spec);
  }

  /** Faults not consumed yet, with the times each has left. */
  pendingFaults(): FaultSpec[] {
    return this.faults.pending();
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Make CheckVirtualMachine on this host answer `state` for the domain; `null` removes the override. */
  setPowerState(hostId: number, instanceName: string, state: PowerState | null): void {
    const overrides = this.fleet.requireHost(hostId).powerOverrides;
    if (state === null) overrides.delete(instanceName);
    else overrides.set(instanceName, state);
  }

  /** A host whose agent is down answers every command UNREACHABLE. */
  setHostReachable(hostId: number, reachable: boolean): void {
    this.fleet.requireHost(hostId).reachable = reachable;
  }

  /** `newVmCpuShares` this host's PrepareForMigrationAnswer carries (default null). */
  setPrepareCpuShares(hostId: number, shares: number | null): void {
    this.fleet.requireHost(hostId).prepareCpuShares = shares;
  }

  /** Every command received since the last clearLog, in order (a copy). */
  commandLog(): CommandLogEntry[] {
    return this.log.list();
  }

  clearLog(): void {
    this.log.clear();
  }

  /** The fleet as plain JSON: pools' files and domains per host, for assertions. */
  state(): FleetStateSnapshot {
    return this.fleet.snapshot();
  }

  /** The agent port: deliver, and apply at once any effect a lost answer would have had. */
  async send(host: AgentHost, command: AgentCommand, context: DispatchContext): Promise<AgentOutcome> {
    const delivery = this.deliver(host.id, command, context);
    delivery.lateEffect?.();
    return delivery.outcome;
  }

  /**
   * Transport hook: run one command on a host (or the fault scripted for it) and log it. The caller
   * decides when a lost answer's `lateEffect` happens (the agent server: once the client gave up).
   */
  deliver(hostId: number, command: ReceivedCommand, origin: DispatchContext | null = null): SimulatedDelivery {
    const delivery = this.process(hostId, command, origin);
    this.log.append({ hostId, name: command.name, body: command.body, outcome: delivery.outcome, origin, repeated: false, fault: delivery.fault ?? null });
    return delivery;
  }

  /**
   * Transport hook: a command the agent recognised as a repeat of one it already answered (same
   * `(jobId, seq)`) and answered from memory, without running it again. Logged, so a test sees it.
   */
  recordRepeat(hostId: number, command: ReceivedCommand, origin: DispatchContext, outcome: AgentOutcome): void {
    this.log.append({ hostId, name: command.name, body: command.body, outcome, origin, repeated: true, fault: null });
  }

  private process(hostId: number, command: ReceivedCommand, origin: DispatchContext | null): SimulatedDelivery {
    const host = this.fleet.hosts.get(hostId);
    if (!host) return lost({ kind: 'UNREACHABLE', message: `No agent is connected for host ${hostId}` });
    // A down agent never sees the command, so the faults scripted for it stay queued.
    if (!host.reachable) return lost({ kind: 'UNREACHABLE', message: `Host ${hostId} (${host.name}) is unreachable` });
    const fault = this.faults.take(hostId, command.name, origin?.seq ?? null);
    if (!fault) return answered(this.execute(host, command));
    return { ...this.faulted(host, command, fault), fault: fault.fault };
  }

  private faulted(host: SimHost, command: ReceivedCommand, fault: FaultSpec): SimulatedDelivery {
    const hostId = host.id;

    const details = fault.details ?? `Simulated failure of ${command.name} on host ${hostId}`;
    const applied = fault.effect === 'APPLIED';
    switch (fault.fault) {
      case 'FAILED_ANSWER':
        return answered(genericFailure(details));
      case 'FAILED_SPECIFIC':
        return answered({ name: answerNameFor(command.name), result: false, details, body: {} });
      case 'EMPTY_CONNECTED_PATHS':
        return answered(okAnswer('ModifyTargetsAnswer', { connectedPaths: [] }));
      case 'NO_ANSWER':
        if (applied) this.execute(host, command);
        return lost({ kind: 'NO_ANSWER' });
      case 'UNREACHABLE':
        if (applied) this.execute(host, command);
        return lost({ kind: 'UNREACHABLE', message: `Host ${hostId} (${host.name}) became unreachable` });
      case 'HTTP_503':
        return { ...lost({ kind: 'UNREACHABLE', message: `The agent of host ${hostId} (${host.name}) answered HTTP 503` }), fault: 'HTTP_503' };
      case 'TIMEOUT':
      case 'LATE_ANSWER':
        // A late answer is a timeout to the gateway; the host did the work (the answer comes too late).
        return {
          outcome: {
            kind: 'TIMEOUT',
            message: `Timed out waiting for the answer to ${command.name} from host ${hostId} (wait ${command.wait} s)`,
          },
          lateEffect: applied || fault.fault === 'LATE_ANSWER' ? () => this.execute(host, command) : null,
          fault: fault.fault,
        };
    }
  }

  private execute(host: SimHost, command: ReceivedCommand): AgentAnswer {
    const handler = SIMULATED_COMMAND_HANDLERS[command.name];
    if (!handler) {
      // Answer.createUnsupportedCommandAnswer's wording.
      return genericFailure(`Unsupported command issued: ${command.name}.  Are you sure you got the right type of server?`);
    }
    try {
      return handler({ fleet: this.fleet, host, newUuid: this.newUuid }, command.body);
    } catch (error) {
      if (error instanceof AgentCommandFailure) return { name: error.answerName, result: false, details: error.message, body: {} };
      return genericFailure(error instanceof Error ? error.message : String(error));
    }
  }
}

function answered(answer: AgentAnswer): SimulatedDelivery {
  return { outcome: { kind: 'ANSWERED', answer }, lateEffect: null };
}

function lost(outcome: AgentOutcome): SimulatedDelivery {
  return { outcome, lateEffect: null };
}
