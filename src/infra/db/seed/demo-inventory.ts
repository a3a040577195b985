import type { DataSource, EntityManager } from 'typeorm';
import { ZoneEntity } from '../entities';
import { SequenceAllocator } from '../sequence-allocator';
import { DEMO_ACCOUNTS, DEMO_TEMPLATES, type DemoAccountName, type DemoTemplateName } from './demo-catalog';
import { demoUuid } from './demo-ids';
import { DEMO_HOSTS, DEMO_IMAGE_STORE, DEMO_POOLS, DEMO_ZONE, type DemoHostName, type DemoPoolName } from './demo-topology';
import { DEMO_VMS } from './demo-vms';
import type { SeedContext } from './seed-context';
import { writeHostCapacity } from './write-host-capacity';
import { writeInfrastructure } from './write-infrastructure';
import { writeOfferings } from './write-offerings';
import { writeTemplates } from './write-templates';
import { writeVms } from './write-vms';

/** Tables the demo inventory fills, in the FK order they are written. */
const DEMO_TABLES = [
  'domain',
  'data_center',
  'account',
  'host_pod_ref',
  'cluster',
  'cluster_details',
  'host',
  'host_tags',
  'host_details',
  'storage_pool',
  'storage_pool_tags',
  'storage_pool_host_ref',
  'image_store',
  'guest_os_category',
  'guest_os',
  'vm_template',
  'template_store_ref',
  'template_spool_ref',
  'disk_offering',
  'service_offering',
  'hypervisor_capabilities',
  'vm_instance',
  'vm_instance_details',
  'volumes',
  'snapshots',
  'op_host_capacity',
] as const;

type DemoTable = (typeof DEMO_TABLES)[number];

/** uuids of the demo's named objects; the same in every seeded database (name-based uuids). */
export interface DemoHandles {
  zone: string;
  imageStore: string;
  hosts: Record<DemoHostName, string>;
  pools: Record<DemoPoolName, string>;
  templates: Record<DemoTemplateName, string>;
  accounts: Record<DemoAccountName, string>;
  /** Every demo VM by name (case VMs: see DEMO_MIGRATION_CASES). */
  vms: Record<string, string>;
}

/** What `seedDemoInventory` wrote: rows per table (including soft-deleted ones) and the named handles. */
export interface DemoInventorySummary {
  counts: Record<DemoTable, number>;
  handles: DemoHandles;
}

/** The demo's handles, computed without a database (docs and tests can name objects up front). */
export function demoHandles(): DemoHandles {
  const byName = <N extends string>(kind: string, names: readonly N[]) => Object.fromEntries(names.map((n) => [n, demoUuid(kind, n)])) as Record<N, string>;
  return {
    zone: demoUuid('zone', DEMO_ZONE.name),
    imageStore: demoUuid('image-store', DEMO_IMAGE_STORE.name),
    hosts: byName(
      'host',
      DEMO_HOSTS.map((h) => h.name),
    ),
    pools: byName(
      'pool',
      DEMO_POOLS.map((p) => p.name),
    ),
    templates: byName(
      'template',
      DEMO_TEMPLATES.map((t) => t.name),
    ),
    accounts: byName(
      'account',
      DEMO_ACCOUNTS.map((a) => a.name),
    ),
    vms: byName(
      'vm',
      DEMO_VMS.map((v) => v.name),
    ),
  };
}

/** True when the database holds no zone (`data_center` row, removed or not): start-up seeds only then. */
export async function isDatabaseEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(ZoneEntity).count()) === 0;
}

/**
 * Loads the demo inventory - a KVM zone that exercises every case of the live-storage-migration
 * reference (DEMO_MIGRATION_CASES) and shows every reason of the migration-target rules
 * (DEMO_TARGET_CASES) - in one transaction, through the entities and in FK order, so
 * it also loads into CloudStack's own 4.22 DDL with foreign keys on. Ids of vm_instance, volumes,
 * vm_template, storage_pool and image_store come from `sequence`, like CloudStack's. Refuses a
 * database that already has a zone rather than mixing demo rows into real ones.
 */
export async function seedDemoInventory(dataSource: DataSource): Promise<DemoInventorySummary> {
  return dataSource.transaction(async (manager) => {
    if ((await manager.count(ZoneEntity)) > 0) {
      throw new Error('seedDemoInventory: the database already has a zone; the demo inventory only goes into an empty database');
    }
    const ctx: SeedContext = {
      manager,
      sequences: new SequenceAllocator(),
      zoneId: 0,
      podId: 0,
      imageStoreId: 0,
      clusterIds: new Map(),
      hosts: new Map(),
      pools: new Map(),
      templates: new Map(),
      templateFiles: new Map(),
      vmPlacements: [],
    };
    await writeInfrastructure(ctx);
    await writeTemplates(ctx);
    await writeOfferings(ctx);
    await writeVms(ctx);
    await writeHostCapacity(ctx);
    return { counts: await countRows(manager), handles: demoHandles() };
  });
}

async function countRows(manager: EntityManager): Promise<Record<DemoTable, number>> {
  const counts = {} as Record<DemoTable, number>;
  for (const table of DEMO_TABLES) {
    const [row] = await manager.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${manager.connection.driver.escape(table)}`);
    counts[table] = Number(row.n);
  }
  return counts;
}
