import type { AgentCommand, AgentHost, AgentOutcome } from '../../../../src/domain/agent/agent-command';
import type { InventoryKind, InventoryReader, InventoryRecords } from '../../../../src/app/ports/inventory-reader';
import type { MigrationReader } from '../../../../src/app/ports/migration-reader';
import type { AgentDispatcher, DispatchContext } from '../../../../src/app/ports/agent-dispatcher';
import type { MigrationBookkeeping } from '../../../../src/app/ports/migration-bookkeeping';
import type { MigrationJobLeases } from '../../../../src/app/ports/migration-job-leases';
import type { CommandOutcome, MigrationJournal } from '../../../../src/app/ports/migration-journal';
import {
  EMPTY_CHECKPOINT,
  type MigrationCommandRecord,
  type MigrationJob,
  type MigrationJobError,
  type MigrationJobStatus,
} from '../../../../src/app/migration/migration-job';
import type { MigrationRequest } from '../../../../src/app/migration/migration-request';
import type { MigrationPlan, MigrationSnapshot } from '../../../../src/domain/migration';

/**
 * In-memory ports for the migration use cases, built from a MigrationSnapshot: readers over its
 * rows, a job store holding one job and its command log, a bookkeeping that records every call
 * (the row changes as the domain composed them) and agents answering as a KVM agent does.
 */
export function readersOver(snapshot: MigrationSnapshot) {
  const rows: { [K in InventoryKind]?: InventoryRecords[K][] } = {
    vm: [snapshot.vm],
    host: [snapshot.sourceHost, snapshot.destinationHost].filter((h) => h !== null),
    volume: [...snapshot.entries.map((e) => e.volume), ...snapshot.vmVolumes],
    storagePool: [...snapshot.pools.values()],
    cluster: [...snapshot.clusters.values()],
    template: [...snapshot.templates.values()],
  };
  const all = <K extends InventoryKind>(kind: K) => rows[kind] ?? [];
  const inventory: Partial<InventoryReader> = {
    byIds: async (kind, ids) => all(kind).filter((r) => ids.includes(r.id)),
    byUuids: async (kind, uuids) => all(kind).filter((r) => uuids.includes(r.uuid as string)),
    volumesByVmIds: async (vmIds) => snapshot.vmVolumes.filter((v) => v.instanceId !== null && vmIds.includes(v.instanceId)),
    poolRefsByTemplateIds: async (ids) => snapshot.templatePoolRefs.filter((r) => ids.includes(r.templateId)),
    storeRefsByTemplateIds: async (ids) => snapshot.templateStoreRefs.filter((r) => ids.includes(r.templateId)),
  };
  const migration: MigrationReader = {
    poolsByIdsOrUuids: async (ids, uuids) => [...snapshot.pools.values()].filter((p) => ids.includes(p.id) || (p.uuid !== null && uuids.includes(p.uuid))),
    imageStoresForZone: async () => [...snapshot.imageStores],
    guestOsCategoryName: async () => snapshot.guestOsCategoryName,
    settings: async () => new Map(),
    volumeIdsWithSnapshotsInProgress: async () => [],
  };
  return { inventory: inventory as InventoryReader, migration };
}

/** The request that names the snapshot's entries, and the job the use case would have stored for it. */
export function jobFor(snapshot: MigrationSnapshot, plan: MigrationPlan, owner: string): MigrationJob {
  const request: MigrationRequest = {
    vmUuid: snapshot.vm.uuid,
    destinationHostUuid: snapshot.destinationHost.uuid,
    volumes: snapshot.entries.map((e) => ({ volumeUuid: e.volume.uuid, destinationPoolUuid: e.destinationPoolUuid })),
  } as MigrationRequest;
  return {
    id: 1,
    uuid: 'job-1',
    vmId: snapshot.vm.id,
    status: 'PENDING',
    sourceHostId: snapshot.sourceHost?.id ?? null,
    destinationHostId: snapshot.destinationHost.id,
    request,
    plan,
    checkpoint: EMPTY_CHECKPOINT,
    progressStep: null,
    progressPercent: 0,
    error: null,
    idempotencyKey: null,
    requestedByAccountId: null,
    leaseOwner: owner,
    leaseExpiresAt: null,
    createdAt: new Date(0),
    startedAt: null,
    finishedAt: null,
  };
}

/**
 * One job's leases and command log, with the fencing of the real adapters: nothing is recorded once
 * another process owns the job, a seq is taken once, and answers arrive with the job's next write.
 */
export class FakeJobRecords {
  readonly commands: MigrationCommandRecord[] = [];
  status: MigrationJobStatus = 'PENDING';
  error: MigrationJobError | null = null;
  /** Set by a test to hand the job to another process: every later write is refused. */
  owner: string;

  constructor(readonly job: MigrationJob) {
    this.owner = job.leaseOwner!;
  }

  readonly leases: MigrationJobLeases = {
    markRunning: async (_id, owner) => this.fenced(owner, () => (this.status = 'RUNNING')),
    renewLease: async (_id, owner) => owner === this.owner,
    claimAbandoned: async () => [],
  };

  readonly journal: MigrationJournal = {
    nextCommandSeq: async () => this.commands.length + 1,
    recorded: async () => this.commands,
    recordCommandSent: async (c, answered = []) => {
      if (c.owner !== this.owner || this.commands.some((r) => r.seq === c.seq)) return false;
      this.writeAnswers(answered);
      this.commands.push({
        id: this.commands.length + 1,
        jobId: c.jobId,
        seq: c.seq,
        hostId: c.hostId,
        name: c.name,
        request: c.request,
        answer: null,
        outcome: 'SENT',
        durationMs: 0,
        createdAt: new Date(0),
      });
      return true;
    },
  };

  writeAnswers(answered: readonly CommandOutcome[]): void {
    for (const a of answered)
      Object.assign(
        this.commands.find((c) => c.seq === a.seq)!,
        { outcome: a.outcome, answer: a.answer, durationMs: a.durationMs },
      );
  }

  private fenced(owner: string, write: () => void): boolean {
    if (owner !== this.owner) return false;
    write();
    return true;
  }
}

/** Records every call with its arguments, in order (answers it carries go to `records`); the row ids it hands out start at 5000. */
export function recordingBookkeeping(records: FakeJobRecords): { port: MigrationBookkeeping; calls: { method: string; args: unknown }[] } {
  const calls: { method: string; args: unknown }[] = [];
  let nextId = 5000;
  const record = (method: string, args: unknown) => void calls.push({ method, args: structuredClone(args) });
  const port: MigrationBookkeeping = {
    begin: async (args) => {
      record('begin', { vm: args.vm, volumes: args.volumes });
      if (args.start) records.status = 'RUNNING';
      return [];
    },
    insertDestinationVolume: async (args) => {
      const id = nextId++;
      record('insertDestinationVolume', { row: args.row(id) });
      records.writeAnswers(args.progress(id).answered ?? []);
      return id;
    },
    apply: async (args) => {
      record('apply', { volumes: args.volumes });
      records.writeAnswers(args.progress.answered ?? []);
      return [];
    },
    saveProgress: async (_id, progress) => {
      record('saveProgress', { step: progress.step });
      records.writeAnswers(progress.answered ?? []);
    },
    lockTemplatePairs: async (_id, pairs) => (record('lockTemplatePairs', pairs), 'HELD'),
    unlockTemplatePairs: async (_id, pairs) => record('unlockTemplatePairs', pairs),
    recordTemplateOnPool: async (ref) => record('recordTemplateOnPool', ref),
    copyTemplateReference: async (args) => record('copyTemplateReference', args),
    end: async (args) => {
      const { answered, ...rest } = args;
      record('end', rest);
      records.writeAnswers(answered ?? []);
      records.status = args.status;
      records.error = args.error;
    },
    refuse: async (_id, error) => {
      record('refuse', error);
      records.status = 'FAILED';
      records.error = error;
    },
  };
  return { port, calls };
}

export type Answering = (host: AgentHost, command: AgentCommand) => AgentOutcome | undefined;

/** A KVM agent's answers (the shape agent-protocol.md gives), unless `override` answers first. */
export function scriptedAgents(override: Answering = () => undefined): {
  port: AgentDispatcher;
  log: { host: number; name: string; context: DispatchContext }[];
} {
  const log: { host: number; name: string; context: DispatchContext }[] = [];
  const port: AgentDispatcher = {
    async send(host, command, context) {
      log.push({ host: host.id, name: command.name, context });
      const scripted = override(host, command);
      if (scripted) return scripted;
      const body = command.body as Record<string, any>;
      const ok = (answerBody: Record<string, unknown> = {}): AgentOutcome => ({
        kind: 'ANSWERED',
        answer: { name: 'Answer', result: true, details: null, body: answerBody },
      });
      switch (command.name) {
        case 'CreateObjectCommand':
          return ok({ data: { path: body.data.uuid, size: 1 } });
        case 'ModifyTargetsCommand':
          return ok({ connectedPaths: body.add ? [`/dev/disk/by-path/${body.targets[0].iqn}`] : [] });
        case 'PrepareForMigrationCommand':
          return ok({ newVmCpuShares: 1500 });
        case 'CopyCommand':
          return ok({ newData: { path: 'staged-template', size: 10 } });
        default:
          return ok();
      }
    },
  };
  return { port, log };
}
