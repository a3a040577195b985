/** How big the benchmark inventory is. The full run and the smoke run differ only in these numbers. */
export interface InventoryScale {
  /** VMs the list query pages over (each with 1..5 volumes, 3 on average). */
  listVms: number;
  clusters: number;
  hostsPerCluster: number;
  /** NFS cluster pools in total, spread evenly over the clusters. */
  pools: number;
  templates: number;
  /** template_spool_ref rows per template (pools of the template's cluster). */
  poolRefsPerTemplate: number;
  imageStores: number;
  /** Volume counts of the VMs the planning benchmark plans for (one VM each). */
  planVolumeCounts: number[];
  /** VMs migrated end to end per concurrency level (each VM migrates once, so 2x this are created). */
  migrationVms: number;
}

export const FULL_SCALE: InventoryScale = {
  listVms: 10_000,
  clusters: 4,
  hostsPerCluster: 10,
  pools: 200,
  templates: 500,
  poolRefsPerTemplate: 5,
  imageStores: 2,
  planVolumeCounts: [1, 8, 64],
  migrationVms: 100,
};

export const SMOKE_SCALE: InventoryScale = {
  listVms: 300,
  clusters: 4,
  hostsPerCluster: 3,
  pools: 28,
  templates: 50,
  poolRefsPerTemplate: 5,
  imageStores: 2,
  planVolumeCounts: [1, 8, 64],
  migrationVms: 5,
};
