import type { DataSource } from 'typeorm';
import type { FleetInventory } from '../agent/fleet-inventory';
import { TemplatePoolRefEntity, TemplateStoreRefEntity } from './entities';
import { INVENTORY_TABLES } from './inventory-tables';

/**
 * Reads what a simulated KVM fleet is seeded from: the live hosts, pools, image stores, VMs,
 * volumes, templates and their references. Used in demo mode and by the standalone agent server.
 */
export async function readFleetInventory(dataSource: DataSource): Promise<FleetInventory> {
  const live = async (kind: 'host' | 'storagePool' | 'imageStore' | 'vm' | 'volume' | 'template') => {
    const table = INVENTORY_TABLES[kind];
    const rows = await dataSource.getRepository(table.entity).createQueryBuilder('t').where('t.removed IS NULL').getMany();
    return rows.map((r) => table.toRecord(r)) as never[];
  };
  const [hosts, pools, imageStores, vms, volumes, templates, templatePoolRefs, templateStoreRefs] = await Promise.all([
    live('host'),
    live('storagePool'),
    live('imageStore'),
    live('vm'),
    live('volume'),
    live('template'),
    dataSource.getRepository(TemplatePoolRefEntity).find(),
    dataSource.getRepository(TemplateStoreRefEntity).find(),
  ]);
  return {
    hosts,
    pools,
    imageStores,
    vms,
    volumes,
    templates,
    templatePoolRefs: templatePoolRefs.map((r) => ({ ...r })),
    templateStoreRefs: templateStoreRefs.map((r) => ({ ...r, destroyed: Boolean(r.destroyed) })),
  };
}
