import type { InventoryReader } from '../ports/inventory-reader';
import type { MigrationReader } from '../ports/migration-reader';
import { NotFoundError } from '../../domain/errors';
import type { StoragePoolRecord, TemplateRecord } from '../../domain/inventory/records';
import { DEFAULT_MIGRATION_SETTINGS, type MigrationSettings, type MigrationSnapshot } from '../../domain/migration';
import type { MigrationRequest } from './migration-request';

/** CloudStack configuration names the decision reads, with the setting each fills. */
export const SETTING_NAMES = {
  wait: 'kvm.storage.online.migration.wait',
  autoConvergence: 'kvm.auto.convergence',
  downloadWait: 'primary.storage.download.wait',
  executeInSequence: 'execute.in.sequence.hypervisor.commands',
  agentWait: 'wait',
} as const;

export interface SnapshotReaders {
  inventory: InventoryReader;
  migration: MigrationReader;
}

/**
 * Loads everything `planMigration` needs with a fixed number of batched statements, whatever the
 * number of volumes: every pool of the request (sources, destinations, the VM's other disks) in one.
 * Unknown VM, destination host or volume is NOT_FOUND; an unknown destination pool is left to the
 * planner, which reports it as the R5 blocker DESTINATION_POOL_MISSING.
 */
export async function loadMigrationSnapshot(
  readers: SnapshotReaders,
  request: MigrationRequest,
  destinationVolumeUuids?: string[],
): Promise<MigrationSnapshot> {
  const { inventory, migration } = readers;
  const [vm] = await inventory.byUuids('vm', [request.vmUuid]);
  if (!vm) throw new NotFoundError(`Virtual machine ${request.vmUuid} was not found.`);
  const [destinationHost] = await inventory.byUuids('host', [request.destinationHostUuid]);
  if (!destinationHost) throw new NotFoundError(`Destination host ${request.destinationHostUuid} was not found.`);
  const sourceHost = vm.hostId === null ? null : ((await inventory.byIds('host', [vm.hostId]))[0] ?? null);

  const requestedVolumes = await inventory.byUuids(
    'volume',
    request.volumes.map((v) => v.volumeUuid),
  );
  const volumeByUuid = new Map(requestedVolumes.map((v) => [v.uuid, v]));
  const missing = request.volumes.find((v) => !volumeByUuid.has(v.volumeUuid));
  if (missing) throw new NotFoundError(`Volume ${missing.volumeUuid} was not found.`);
  const vmVolumes = await inventory.volumesByVmIds([vm.id]);

  const poolIds = [...requestedVolumes, ...vmVolumes].map((v) => v.poolId).filter((id): id is number => id !== null);
  const pools = await migration.poolsByIdsOrUuids(
    poolIds,
    request.volumes.map((v) => v.destinationPoolUuid),
  );
  const poolByUuid = new Map(pools.map((p) => [p.uuid, p]));
  // An unknown destination pool is null with the uuid asked for: the planner reports it (R5).
  const entries = request.volumes.map((v) => ({
    volume: volumeByUuid.get(v.volumeUuid)!,
    destinationPoolId: poolByUuid.get(v.destinationPoolUuid)?.id ?? null,
    destinationPoolUuid: v.destinationPoolUuid,
  }));

  const clusterIds = pools.map((p) => p.clusterId).filter((id): id is number => id !== null);
  const templateIds = [...requestedVolumes, ...vmVolumes].map((v) => v.templateId).filter((id): id is number => id !== null);
  if (vm.templateId !== null) templateIds.push(vm.templateId);
  const [clusters, templates, poolRefs, imageStores, storeRefs, guestOsCategoryName, settings, snapshotting] = await Promise.all([
    inventory.byIds('cluster', clusterIds),
    // R35: including removed rows, so the direct-download flag survives template removal.
    inventory.byIds('template', templateIds, { includeRemoved: true }),
    inventory.poolRefsByTemplateIds(templateIds),
    migration.imageStoresForZone(vm.zoneId),
    inventory.storeRefsByTemplateIds(templateIds),
    migration.guestOsCategoryName(vm.guestOsId),
    migration.settings(Object.values(SETTING_NAMES)),
    migration.volumeIdsWithSnapshotsInProgress(requestedVolumes.map((v) => v.id)),
  ]);
  const poolIdSet = new Set(pools.map((p) => p.id));
  const storeIdSet = new Set(imageStores.map((s) => s.id));
  const templateById = new Map<number, TemplateRecord>(templates.map((t) => [t.id, t]));
  const vmTemplate = vm.templateId === null ? null : (templateById.get(vm.templateId) ?? null);

  return {
    vm,
    // R6: the VM template is a non-removed lookup.
    vmTemplate: vmTemplate && vmTemplate.removed === null ? vmTemplate : null,
    guestOsCategoryName,
    sourceHost,
    destinationHost,
    entries,
    vmVolumes,
    pools: new Map<number, StoragePoolRecord>(pools.map((p) => [p.id, p])),
    clusters: new Map(clusters.map((c) => [c.id, c])),
    templates: templateById,
    templatePoolRefs: poolRefs.filter((r) => poolIdSet.has(r.poolId)),
    imageStores,
    templateStoreRefs: storeRefs.filter((r) => r.storeId !== null && storeIdSet.has(r.storeId)),
    snapshotsInProgress: new Set(snapshotting),
    settings: parseSettings(settings),
    destinationVolumeUuids,
  };
}

export function parseSettings(values: ReadonlyMap<string, string | null>): MigrationSettings {
  const number = (name: string, fallback: number) => {
    const value = Number(values.get(name));
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  const flag = (name: string, fallback: boolean) => {
    const value = values.get(name);
    return value === undefined || value === null ? fallback : value.trim().toLowerCase() === 'true';
  };
  return {
    storageOnlineMigrationWaitSeconds: number(SETTING_NAMES.wait, DEFAULT_MIGRATION_SETTINGS.storageOnlineMigrationWaitSeconds),
    autoConvergence: flag(SETTING_NAMES.autoConvergence, DEFAULT_MIGRATION_SETTINGS.autoConvergence),
    primaryStorageDownloadWaitSeconds: number(SETTING_NAMES.downloadWait, DEFAULT_MIGRATION_SETTINGS.primaryStorageDownloadWaitSeconds),
    executeInSequence: flag(SETTING_NAMES.executeInSequence, DEFAULT_MIGRATION_SETTINGS.executeInSequence),
    agentWaitSeconds: number(SETTING_NAMES.agentWait, DEFAULT_MIGRATION_SETTINGS.agentWaitSeconds),
  };
}
