import type { MigrationCommandRecord } from '../../../../src/app/migration/migration-job';
import type { CommandLogEntry } from '../../../../src/infra/agent/command-log';
import type { DemoNames } from './scenario-stack';

/**
 * One agent command reduced to what the scenarios assert: name, target host and the body fields
 * the rules are about. Volume uuids and paths are shown through `labels` (e.g. `src:ROOT-1`,
 * `dest:ROOT-1`) so expectations read like the reference and do not depend on random uuids.
 */
export interface CommandSummary {
  name: string;
  host: string;
  [field: string]: unknown;
}

export type Labels = Map<string, string>;

interface Raw {
  hostId: number;
  name: string;
  body: Record<string, any>;
}

export function summarize(raw: Raw, names: DemoNames, labels: Labels): CommandSummary {
  const label = (value: string | null | undefined) => relabel(value, labels);
  const pool = (uuid: string) => names.poolName(uuid);
  const b = raw.body;
  const base = { name: raw.name, host: names.hostName(raw.hostId) };
  switch (raw.name) {
    case 'CopyCommand':
      return { ...base, template: b.destTO.templateId, from: b.srcTO.store.role, to: pool(b.destTO.store.uuid), destPath: b.destTO.path };
    case 'DirectDownloadCommand':
      return { ...base, template: b.templateId, to: pool(b.destPool.uuid) };
    case 'CreateObjectCommand': {
      const o = b.data.migrationOptions ?? null;
      return {
        ...base,
        volume: label(b.data.uuid),
        pool: pool(b.data.store.uuid),
        clone: o?.type ?? null,
        ...(o?.type === 'LinkedClone' && { copySrcTemplate: o.copySrcTemplate, backing: o.srcBackingFilePath }),
        ...(o?.type === 'FullClone' && { srcVolume: label(o.srcVolumeUuid) }),
      };
    }
    case 'ModifyTargetsCommand':
      return { ...base, add: b.add, targets: b.targets.map((t: any) => `${label(t.iqn)}@${pool(t.storageUuid)}`) };
    case 'PrepareForMigrationCommand':
      return { ...base, rollback: b.rollback };
    case 'MigrateCommand':
      return {
        ...base,
        destIp: b.destIp,
        migrateNonSharedInc: b.migrateNonSharedInc,
        migrateStorageManaged: b.migrateStorageManaged,
        migrateStorage: Object.fromEntries(
          Object.entries(b.migrateStorage as Record<string, any>).map(([key, info]) => [
            label(key),
            { sourceText: label(info.sourceText), backing: info.backingStoreText, diskType: info.diskType, onFs: info.isSourceDiskOnStorageFileSystem },
          ]),
        ),
        migrateDiskInfoList: (b.migrateDiskInfoList as any[]).map((i) => label(i.serialNumber)),
      };
    case 'CheckVirtualMachineCommand':
      return { ...base, vmName: b.vmName };
    case 'DeleteCommand':
      return { ...base, volume: label(b.data.path ?? b.data.uuid), pool: pool(b.data.store.uuid) };
    default:
      return base;
  }
}

/** Replaces every known uuid/path inside `value` by its label (paths like `<pool path>/<uuid>` too). */
function relabel<T extends string | null | undefined>(value: T, labels: Labels): T {
  if (value == null) return value;
  const exact = labels.get(value);
  if (exact !== undefined) return exact as T;
  let out: string = value;
  for (const [key, text] of [...labels].sort((a, b) => b[0].length - a[0].length)) {
    if (key.length >= 8 && out.includes(key)) out = out.split(key).join(text);
  }
  return out as T;
}

export function summarizeSimulatorLog(log: CommandLogEntry[], names: DemoNames, labels: Labels): CommandSummary[] {
  return log.map((e) => summarize({ hostId: e.hostId, name: e.name, body: e.body }, names, labels));
}

export function summarizeRecorded(records: MigrationCommandRecord[], names: DemoNames, labels: Labels): CommandSummary[] {
  return records.map((r) => summarize({ hostId: r.hostId, name: r.name, body: (r.request as { body: Record<string, any> }).body }, names, labels));
}

/** The simulator's outcome of a command in the job store's vocabulary (SUCCEEDED, FAILED, NO_ANSWER, ...). */
export function simulatorOutcomes(log: CommandLogEntry[]): string[] {
  return log.map((e) => (e.outcome.kind === 'ANSWERED' ? (e.outcome.answer.result ? 'SUCCEEDED' : 'FAILED') : e.outcome.kind));
}

/**
 * Labels for one job: each request volume's uuid and path as `src:<name>`, the destination uuid
 * the plan chose for it as `dest:<name>` (inside paths too: `<pool path>/dest:<name>`).
 */
export async function labelsForJob(
  job: { plan: { entries: { volumeId: number; destinationVolumeUuid: string | null }[] } | null },
  sql: (query: string, params?: unknown[]) => Promise<any[]>,
): Promise<Labels> {
  const labels: Labels = new Map();
  for (const entry of job.plan?.entries ?? []) {
    const [source] = await sql('SELECT name, uuid, path FROM zz_seed_volumes WHERE id = ?', [entry.volumeId]);
    if (source.uuid) labels.set(source.uuid, `src:${source.name}`);
    if (source.path) labels.set(source.path, `src:${source.name}`);
    if (entry.destinationVolumeUuid) labels.set(entry.destinationVolumeUuid, `dest:${source.name}`);
  }
  return labels;
}
