import { expect } from 'vitest';
import type { MigrationJob } from '../../../../src/app/migration/migration-job';
import type { MigrationRequest } from '../../../../src/app/migration/migration-request';
import { type CommandSummary, type Labels, labelsForJob, simulatorOutcomes, summarizeRecorded, summarizeSimulatorLog } from './command-summary';
import { type VolumeRow, volumeRow } from './rows';
import type { ScenarioStack } from './scenario-stack';

/** What a scenario knows before it runs: the request, the VM and its request volumes as seeded. */
export interface Prepared {
  request: MigrationRequest;
  vmId: number;
  instanceName: string;
  vmUpdateCount: number;
  /** host_id / last_host_id of the VM before the run. */
  vmHostId: number;
  vmLastHostId: number | null;
  /** Request volumes in request order, as they were before the run. */
  sources: VolumeRow[];
}

export async function prepare(stack: ScenarioStack, caseId: string, overrides: Partial<MigrationRequest> = {}): Promise<Prepared> {
  const request = await stack.requestFor(caseId, overrides);
  const [vm] = await stack.sql<any>('SELECT id, instance_name, update_count, host_id, last_host_id FROM vm_instance WHERE uuid = ?', [request.vmUuid]);
  const sources: VolumeRow[] = [];
  for (const v of request.volumes) {
    const [row] = await stack.sql<any>('SELECT id FROM volumes WHERE uuid = ?', [v.volumeUuid]);
    sources.push(await volumeRow(stack, Number(row.id)));
  }
  return {
    request,
    vmId: Number(vm.id),
    instanceName: vm.instance_name,
    vmUpdateCount: Number(vm.update_count),
    vmHostId: Number(vm.host_id),
    vmLastHostId: vm.last_host_id === null ? null : Number(vm.last_host_id),
    sources,
  };
}

/** The job's commands as recorded and as the simulated agents received them must both be `expected`. */
export async function expectCommandLog(stack: ScenarioStack, job: MigrationJob, expected: CommandSummary[], outcomes?: string[]): Promise<Labels> {
  const labels = await labelsForJob(job, stack.sql);
  const records = await stack.jobs.commandsByJobIds([job.id]);
  const log = stack.simulator.commandLog();
  expect(summarizeRecorded(records, stack.names, labels), 'commands recorded by the job').toEqual(expected);
  expect(summarizeSimulatorLog(log, stack.names, labels), 'commands received by the simulated agents').toEqual(expected);
  expect(
    records.map((r) => r.outcome),
    'recorded outcomes = what the agents answered',
  ).toEqual(simulatorOutcomes(log));
  expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
  if (outcomes) expect(records.map((r) => r.outcome)).toEqual(outcomes);
  return labels;
}

/** Expected-command builders, in the vocabulary of command-summary.ts. */
export const cmd = {
  copy: (host: string, template: number, to: string, destPath: string | null): CommandSummary => ({
    name: 'CopyCommand',
    host,
    template,
    from: 'Image',
    to,
    destPath,
  }),
  linkedClone: (host: string, volume: string, pool: string, copySrcTemplate: boolean, backing: string | null): CommandSummary => ({
    name: 'CreateObjectCommand',
    host,
    volume: `dest:${volume}`,
    pool,
    clone: 'LinkedClone',
    copySrcTemplate,
    backing,
  }),
  fullClone: (host: string, volume: string, pool: string): CommandSummary => ({
    name: 'CreateObjectCommand',
    host,
    volume: `dest:${volume}`,
    pool,
    clone: 'FullClone',
    srcVolume: `src:${volume}`,
  }),
  managedCreate: (host: string, volume: string, pool: string): CommandSummary => ({
    name: 'CreateObjectCommand',
    host,
    volume: `dest:${volume}`,
    pool,
    clone: null,
  }),
  connect: (host: string, volume: string, pool: string): CommandSummary => ({
    name: 'ModifyTargetsCommand',
    host,
    add: true,
    targets: [`dest:${volume}@${pool}`],
  }),
  /** R31: the target is the destination's iscsi_name, NULL (shown `null`) for a non-managed destination such as NFS. */
  disconnect: (host: string, pool: string, iscsiName: string | null = null): CommandSummary => ({
    name: 'ModifyTargetsCommand',
    host,
    add: false,
    targets: [`${iscsiName ?? 'null'}@${pool}`],
  }),
  prepare: (host: string): CommandSummary => ({ name: 'PrepareForMigrationCommand', host, rollback: false }),
  rollbackPrepare: (host: string): CommandSummary => ({ name: 'PrepareForMigrationCommand', host, rollback: true }),
  migrate: (host: string, fields: Omit<CommandSummary, 'name' | 'host'>): CommandSummary => ({ name: 'MigrateCommand', host, ...fields }),
  check: (host: string, vmName: string): CommandSummary => ({ name: 'CheckVirtualMachineCommand', host, vmName }),
  deleteSource: (host: string, volume: string, pool: string): CommandSummary => ({ name: 'DeleteCommand', host, volume: `src:${volume}`, pool }),
  deleteDestination: (host: string, volume: string, pool: string): CommandSummary => ({ name: 'DeleteCommand', host, volume: `dest:${volume}`, pool }),
};

/** A MigrateDiskInfo as summarised: destination path, backing text, disk type, source-on-filesystem flag. */
export const disk = (sourceText: string, backing: string | null, diskType: 'file' | 'block', onFs = false) => ({ sourceText, backing, diskType, onFs });

/** R33: the text a failed job carries: every request entry (skipped ones too) and the cause. */
export async function r33Message(stack: ScenarioStack, p: Prepared, cause: string): Promise<string> {
  const poolUuid = async (id: number | null) => (await stack.sql<any>('SELECT uuid FROM storage_pool WHERE id = ?', [id]))[0].uuid as string;
  const hostUuid = async (id: number) => (await stack.sql<any>('SELECT uuid FROM host WHERE id = ?', [id]))[0].uuid as string;
  const entries: string[] = [];
  for (const [i, v] of p.request.volumes.entries()) {
    entries.push(`{volume: "${v.volumeUuid}", from: "${await poolUuid(p.sources[i].poolId)}", to:"${v.destinationPoolUuid}"}`);
  }
  const vm = `{vm: "${p.request.vmUuid}", from: "${await hostUuid(p.vmHostId)}", to:"${p.request.destinationHostUuid}"}`;
  return (
    `Failed to migrate VM [${p.instanceName}] along with its volumes due to [` +
    `Copy volume(s) to storage(s) [${entries.join(',')}] and VM to host [${vm}] failed in ` +
    `StorageSystemDataMotionStrategy.copyAsync. Error message: [${cause}].].`
  );
}

/**
 * The commands of demo case `nfs-to-nfs-shortcut` (web-01 from kvm-a1 to kvm-a2; ROOT a linked clone
 * on `backing`, the blank data disk a full clone, both to nfs-a2), by step, for the files that
 * assert on this case: the success path (§8 steps 2-5, R30 expunge) and the R31 cleanup.
 */
export function nfsShortcutCommands(backing: string | null) {
  return {
    createRoot: cmd.linkedClone('kvm-a2', 'ROOT-1', 'nfs-a2', false, backing),
    connectRoot: cmd.connect('kvm-a2', 'ROOT-1', 'nfs-a2'),
    createData: cmd.fullClone('kvm-a2', 'web-01-DATA-1', 'nfs-a2'),
    connectData: cmd.connect('kvm-a2', 'web-01-DATA-1', 'nfs-a2'),
    prepare: cmd.prepare('kvm-a2'),
    migrate: cmd.migrate('kvm-a1', {
      destIp: '10.1.1.12',
      migrateNonSharedInc: true,
      migrateStorageManaged: false,
      migrateStorage: {
        'src:ROOT-1': disk('/export/primary/cluster-a-2/dest:ROOT-1', null, 'file'),
        'src:web-01-DATA-1': disk('/export/primary/cluster-a-2/dest:web-01-DATA-1', null, 'file'),
      },
      migrateDiskInfoList: [],
    }),
    deleteSources: [cmd.deleteSource('kvm-a1', 'ROOT-1', 'nfs-a1'), cmd.deleteSource('kvm-a1', 'web-01-DATA-1', 'nfs-a1')],
    /** R31: Prepare rollback, then per pair disconnect and expunge. */
    r31Cleanup: [
      cmd.rollbackPrepare('kvm-a2'),
      cmd.disconnect('kvm-a2', 'nfs-a2'),
      cmd.deleteDestination('kvm-a2', 'ROOT-1', 'nfs-a2'),
      cmd.disconnect('kvm-a2', 'nfs-a2'),
      cmd.deleteDestination('kvm-a2', 'web-01-DATA-1', 'nfs-a2'),
    ],
  };
}

/** Steps 2-4 of `nfsShortcutCommands`, in send order. */
export function nfsShortcutUpToPrepare(path: ReturnType<typeof nfsShortcutCommands>) {
  return [path.createRoot, path.connectRoot, path.createData, path.connectData, path.prepare];
}
