import type { DataSource } from 'typeorm';

/**
 * What each CloudStack account may see, computed from the rows with plain SQL, written from
 * CloudStack's rules and not from the gateway's scoping code (so the role matrix can catch it):
 * - root admins (type 1) and read-only admins (type 4) see everything;
 * - domain admins (type 2) and resource-domain admins (type 3) see rows owned in their domain's
 *   subtree (domain.path prefix), plus public templates;
 * - users (type 0) see their own rows, plus public templates;
 * - zones and guest OS types are everyone's; hosts, pools, clusters and image stores are for
 *   root and read-only admins; migration jobs for root admins.
 * Soft-deleted rows are left out unless `includeRemoved`.
 */
export interface Seer {
  name: string;
  accountId: number;
  type: number;
  domainId: number;
  domainPath: string;
}

export type VisibleKind =
  'vm' | 'volume' | 'template' | 'zone' | 'cluster' | 'host' | 'storagePool' | 'imageStore' | 'guestOs' | 'account' | 'domain' | 'migrationJob';

/** Table of each kind, and whether it has `removed`. */
const KIND_TABLES: Record<VisibleKind, { table: string; softDelete: boolean }> = {
  vm: { table: 'vm_instance', softDelete: true },
  volume: { table: 'volumes', softDelete: true },
  template: { table: 'vm_template', softDelete: true },
  zone: { table: 'data_center', softDelete: true },
  cluster: { table: 'cluster', softDelete: true },
  host: { table: 'host', softDelete: true },
  storagePool: { table: 'storage_pool', softDelete: true },
  imageStore: { table: 'image_store', softDelete: true },
  guestOs: { table: 'guest_os', softDelete: false },
  account: { table: 'account', softDelete: true },
  domain: { table: 'domain', softDelete: true },
  migrationJob: { table: 'gateway_migration_job', softDelete: false },
};

const seesEverything = (seer: Seer) => seer.type === 1 || seer.type === 4;
export const seesInfrastructure = seesEverything;
export const seesMigrationJobs = (seer: Seer) => seer.type === 1;
const domainScoped = (seer: Seer) => seer.type === 2 || seer.type === 3;

/** Uuids of `kind` the seer may see. */
export async function visibleUuids(dataSource: DataSource, seer: Seer, kind: VisibleKind, includeRemoved = false): Promise<Set<string>> {
  const { table, softDelete } = KIND_TABLES[kind];
  const where: string[] = ['uuid IS NOT NULL'];
  const params: unknown[] = [];
  if (softDelete && !includeRemoved) where.push('removed IS NULL');
  const subtree = 'SELECT id FROM domain WHERE removed IS NULL AND path LIKE ?';
  const restrict = (clause: string, ...values: unknown[]) => {
    where.push(`(${clause})`);
    params.push(...values);
  };
  const everyone = kind === 'zone' || kind === 'guestOs';
  if (!everyone && !seesEverything(seer)) {
    const tree = `${seer.domainPath}%`;
    switch (kind) {
      case 'vm':
      case 'volume':
        if (domainScoped(seer)) restrict(`domain_id IN (${subtree})`, tree);
        else restrict('account_id = ?', seer.accountId);
        break;
      case 'template':
        if (domainScoped(seer)) restrict(`public = 1 OR account_id IN (SELECT id FROM account WHERE domain_id IN (${subtree}))`, tree);
        else restrict('public = 1 OR account_id = ?', seer.accountId);
        break;
      case 'account':
        if (domainScoped(seer)) restrict(`domain_id IN (${subtree})`, tree);
        else restrict('id = ?', seer.accountId);
        break;
      case 'domain':
        if (domainScoped(seer)) restrict('path LIKE ?', tree);
        else restrict('id = ?', seer.domainId);
        break;
      default:
        restrict('1 = 0');
    }
  }
  if (kind === 'migrationJob' && !seesMigrationJobs(seer)) restrict('1 = 0');
  const rows: { uuid: string }[] = await dataSource.query(`SELECT uuid FROM ${table} WHERE ${where.join(' AND ')}`, params);
  return new Set(rows.map((r) => r.uuid));
}

/** Every uuid of `kind`, visible or not, removed or not: what a probe asks for. */
export async function allUuids(dataSource: DataSource, kind: VisibleKind): Promise<string[]> {
  const rows: { uuid: string }[] = await dataSource.query(`SELECT uuid FROM ${KIND_TABLES[kind].table} WHERE uuid IS NOT NULL ORDER BY id`);
  return rows.map((r) => r.uuid);
}

/** The uuids of the volumes attached to each VM (live volumes), by VM uuid. */
export async function volumesByVm(dataSource: DataSource): Promise<Map<string, Set<string>>> {
  const rows: { vm: string; volume: string }[] = await dataSource.query(
    'SELECT v.uuid AS vm, vol.uuid AS volume FROM volumes vol JOIN vm_instance v ON v.id = vol.instance_id WHERE vol.removed IS NULL',
  );
  const byVm = new Map<string, Set<string>>();
  for (const row of rows) byVm.set(row.vm, (byVm.get(row.vm) ?? new Set()).add(row.volume));
  return byVm;
}

/** The seer's account row. */
export async function seerOf(dataSource: DataSource, name: string): Promise<Seer> {
  const [row] = await dataSource.query(
    'SELECT a.id, a.type, a.domain_id, d.path FROM account a JOIN domain d ON d.id = a.domain_id WHERE a.account_name = ? AND a.removed IS NULL',
    [name],
  );
  return { name, accountId: Number(row.id), type: Number(row.type), domainId: Number(row.domain_id), domainPath: row.path };
}
