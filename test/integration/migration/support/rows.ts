import { expect } from 'vitest';
import type { ScenarioStack } from './scenario-stack';

/** Rows read back with plain SQL, normalised across MariaDB and SQLite (numbers, set/unset dates). */

export interface VmRow {
  state: string;
  hostId: number | null;
  lastHostId: number | null;
  podId: number | null;
  updateCount: number;
}

export interface VolumeRow {
  id: number;
  name: string;
  state: string;
  uuid: string | null;
  instanceId: number | null;
  deviceId: number | null;
  poolId: number | null;
  lastPoolId: number | null;
  path: string | null;
  removed: boolean;
  lastId: number | null;
  volumeType: string;
  format: string | null;
  updateCount: number;
}

export interface SpoolRefRow {
  id: number;
  installPath: string | null;
  localPath: string | null;
  downloadPct: number | null;
  downloadState: string | null;
  state: string | null;
  templateSize: number;
}

export interface JobRow {
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  activeVmId: number | null;
  leaseOwner: string | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function vmRow(stack: ScenarioStack, vmId: number): Promise<VmRow> {
  const [r] = await stack.sql<any>('SELECT state, host_id, last_host_id, pod_id, update_count FROM vm_instance WHERE id = ?', [vmId]);
  return { state: r.state, hostId: num(r.host_id), lastHostId: num(r.last_host_id), podId: num(r.pod_id), updateCount: Number(r.update_count) };
}

const VOLUME_COLUMNS = 'id, name, state, uuid, instance_id, device_id, pool_id, last_pool_id, path, removed, last_id, volume_type, format, update_count';

function toVolume(r: any): VolumeRow {
  return {
    id: Number(r.id),
    name: r.name,
    state: r.state,
    uuid: r.uuid,
    instanceId: num(r.instance_id),
    deviceId: num(r.device_id),
    poolId: num(r.pool_id),
    lastPoolId: num(r.last_pool_id),
    path: r.path,
    removed: r.removed !== null,
    lastId: num(r.last_id),
    volumeType: r.volume_type,
    format: r.format,
    updateCount: Number(r.update_count),
  };
}

export async function volumeRow(stack: ScenarioStack, id: number): Promise<VolumeRow> {
  const [r] = await stack.sql<any>(`SELECT ${VOLUME_COLUMNS} FROM volumes WHERE id = ?`, [id]);
  return toVolume(r);
}

/** Volume rows the scenario created (ids above the seeded ones), in id order. */
export async function newVolumeRows(stack: ScenarioStack): Promise<VolumeRow[]> {
  const rows = await stack.sql<any>(`SELECT ${VOLUME_COLUMNS} FROM volumes WHERE id > (SELECT MAX(id) FROM zz_seed_volumes) ORDER BY id`);
  return rows.map(toVolume);
}

/** The VM's live (attached, not removed) volumes, ROOT first. */
export async function attachedVolumes(stack: ScenarioStack, vmId: number): Promise<VolumeRow[]> {
  const rows = await stack.sql<any>(`SELECT ${VOLUME_COLUMNS} FROM volumes WHERE instance_id = ? AND removed IS NULL ORDER BY device_id, id`, [vmId]);
  return rows.map(toVolume);
}

export async function spoolRefs(stack: ScenarioStack, poolId: number, templateId: number): Promise<SpoolRefRow[]> {
  const rows = await stack.sql<any>(
    'SELECT id, install_path, local_path, download_pct, download_state, state, template_size FROM template_spool_ref WHERE pool_id = ? AND template_id = ? ORDER BY id',
    [poolId, templateId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    installPath: r.install_path,
    localPath: r.local_path,
    downloadPct: num(r.download_pct),
    downloadState: r.download_state,
    state: r.state,
    templateSize: Number(r.template_size),
  }));
}

export async function jobRow(stack: ScenarioStack, uuid: string): Promise<JobRow> {
  const [r] = await stack.sql<any>('SELECT status, error_code, error_message, active_vm_id, lease_owner FROM gateway_migration_job WHERE uuid = ?', [uuid]);
  return { status: r.status, errorCode: r.error_code, errorMessage: r.error_message, activeVmId: num(r.active_vm_id), leaseOwner: r.lease_owner };
}

export async function podOf(stack: ScenarioStack, hostId: number): Promise<number> {
  const [r] = await stack.sql<any>('SELECT pod_id FROM host WHERE id = ?', [hostId]);
  return Number(r.pod_id);
}

export async function countRows(stack: ScenarioStack): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['vm_instance', 'volumes', 'template_spool_ref', 'gateway_migration_job', 'gateway_migration_command']) {
    const [r] = await stack.sql<any>(`SELECT COUNT(*) AS n FROM ${table}`);
    counts[table] = Number(r.n);
  }
  return counts;
}

/** The state every scenario must end in: nothing Migrating, no job holding a VM's slot. */
export async function expectNothingStuck(stack: ScenarioStack): Promise<void> {
  const [vms] = await stack.sql<any>("SELECT COUNT(*) AS n FROM vm_instance WHERE state = 'Migrating'");
  const [volumes] = await stack.sql<any>("SELECT COUNT(*) AS n FROM volumes WHERE state = 'Migrating'");
  const [jobs] = await stack.sql<any>('SELECT COUNT(*) AS n FROM gateway_migration_job WHERE active_vm_id IS NOT NULL');
  expect({ migratingVms: Number(vms.n), migratingVolumes: Number(volumes.n), jobsHoldingAVm: Number(jobs.n) }).toEqual({
    migratingVms: 0,
    migratingVolumes: 0,
    jobsHoldingAVm: 0,
  });
}
