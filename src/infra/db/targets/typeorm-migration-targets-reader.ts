import type { DataSource } from 'typeorm';
import type { HostFilter, KnownVmRows, MigrationTargetsReader, VmKey } from '../../../app/ports/migration-targets-reader';
import type { TemplateRecord, VmRecord } from '../../../domain/inventory/records';
import { parseSettings as parseMigrationSettings, SETTING_NAMES } from '../../../app/migration/load-migration-snapshot';
import {
  CPU_OVERCOMMIT_RATIO,
  isCreatedOnPrimary,
  MEMORY_OVERCOMMIT_RATIO,
  type MigrationTargetsSnapshot,
  type StorageSnapshot,
  TARGET_SETTING_NAMES,
  type TargetHost,
  type VolumeTargetsSnapshot,
} from '../../../domain/targets';
import { HostEntity, ServiceOfferingEntity } from '../entities';
import { selectMany } from '../raw-hydration';
import type { TypeOrmInventoryReader } from '../typeorm-inventory-reader';
import type { TypeOrmMigrationReader } from '../typeorm-migration-reader';
import { detailsByOwner, groupByOwner, hostSubquery, isFiltered, num, placeholders, type RawRow, toDetail, toServiceOffering, toTag } from './target-rows';
import { parseTargetSettings, type PoolsOfVolumes, type StorageScope, ZoneStorageReads } from './zone-storage-reads';

/** VM states counted against `max_guests_limit` (T15.2 [uncertain]: `countActiveByHostId`). */
const ACTIVE_VM_STATES = ['Starting', 'Running', 'Stopping', 'Migrating'];
const UEFI_DETAIL = 'host.uefi.enable';
/** The planner's settings and the targets' ones, fetched in one statement. */
const MIGRATION_SETTING_NAMES = Object.values(SETTING_NAMES);

/**
 * MigrationTargetsReader over TypeORM, for MariaDB/MySQL and SQLite: one statement per table, in
 * three rounds (the VM; everything of its zone, host and offering; what its volumes name).
 * Reuses the inventory and migration readers for the rows the planner reads too.
 */
export class TypeOrmMigrationTargetsReader implements MigrationTargetsReader {
  private readonly storage: ZoneStorageReads;

  constructor(
    private readonly dataSource: DataSource,
    private readonly inventory: TypeOrmInventoryReader,
    private readonly migration: TypeOrmMigrationReader,
  ) {
    this.storage = new ZoneStorageReads(dataSource);
  }

  async forVm(key: VmKey, hosts: HostFilter = {}, known?: KnownVmRows): Promise<MigrationTargetsSnapshot | null> {
    const [vm] = known ? [known.vm] : 'uuid' in key ? await this.inventory.byUuids('vm', [key.uuid]) : await this.inventory.byIds('vm', [key.id]);
    if (!vm) return null;
    const zone = vm.zoneId;
    const [
      zoneHosts,
      clusterDetails,
      hostTags,
      uefi,
      hostCapacity,
      guestCounts,
      offerings,
      offeringDetails,
      vmDetails,
      vmVolumes,
      guestOsCategoryName,
      imageStores,
      settings,
      storageRows,
    ] = await Promise.all([
      this.hosts(vm, hosts),
      this.dataSource.query<RawRow[]>(
        `SELECT d.cluster_id AS owner_id, d.name, d.value FROM cluster_details d JOIN cluster c ON c.id = d.cluster_id
         WHERE c.data_center_id = ? AND d.name IN (?, ?) ORDER BY d.id`,
        [zone, CPU_OVERCOMMIT_RATIO, MEMORY_OVERCOMMIT_RATIO],
      ),
      this.dataSource.query<RawRow[]>(
        `SELECT t.host_id AS owner_id, t.tag, t.is_tag_a_rule FROM host_tags t JOIN host h ON h.id = t.host_id WHERE h.data_center_id = ? ORDER BY t.id`,
        [zone],
      ),
      // T10 looks at every host of every zone: none reporting the detail empties the suitable list.
      this.dataSource.query<RawRow[]>('SELECT host_id, value FROM host_details WHERE name = ?', [UEFI_DETAIL]),
      this.dataSource.query<RawRow[]>(
        'SELECT host_id, capacity_type, used_capacity, reserved_capacity, total_capacity FROM op_host_capacity WHERE data_center_id = ? AND capacity_type IN (0, 1)',
        [zone],
      ),
      this.guestCounts(vm, hosts),
      // CloudStack's capacity code reads the offering including removed rows.
      this.dataSource.getRepository(ServiceOfferingEntity).findBy({ id: vm.serviceOfferingId }),
      this.dataSource.query<RawRow[]>(
        'SELECT service_offering_id AS owner_id, name, value FROM service_offering_details WHERE service_offering_id = ? ORDER BY id',
        [vm.serviceOfferingId],
      ),
      this.dataSource.query<RawRow[]>('SELECT vm_id AS owner_id, name, value FROM vm_instance_details WHERE vm_id = ? ORDER BY id', [vm.id]),
      known ? known.vmVolumes : this.inventory.volumesByVmIds([vm.id]),
      known ? known.guestOsCategoryName : this.migration.guestOsCategoryName(vm.guestOsId),
      known ? known.imageStores : this.migration.imageStoresForZone(zone),
      this.migration.settings([...MIGRATION_SETTING_NAMES, ...Object.values(TARGET_SETTING_NAMES)]),
      this.zoneStorage(storageScope(vm, hosts), { column: 'instance_id', value: vm.id }),
    ]);
    const offering = offerings[0] ? toServiceOffering(offerings[0]) : null;
    const volumes = vmVolumes.filter(isCreatedOnPrimary);
    const templateIds = [...new Set([...vmVolumes.map((v) => v.templateId), vm.templateId].filter((id): id is number => id !== null))];
    // Known rows: the planning snapshot's templates and store refs cover these templates (its own are the request's and the VM's).
    const [diskOfferings, templates, poolRefs, storeRefs, snapshotting] = await Promise.all([
      this.storage.diskOfferings(vmVolumes.map((v) => v.diskOfferingId)),
      known ? [...known.templates.values()] : this.inventory.byIds('template', templateIds, { includeRemoved: true }),
      this.inventory.poolRefsByTemplateIds(templateIds),
      known ? known.templateStoreRefs : this.inventory.storeRefsByTemplateIds(templateIds),
      this.migration.volumeIdsWithSnapshotsInProgress(vmVolumes.map((v) => v.id)),
    ]);
    const storage = this.storageSnapshot(storageRows, diskOfferings, templates, poolRefs, parseTargetSettings(settings));
    const vmTemplate = vm.templateId === null ? undefined : storage.templates.get(vm.templateId);
    const storeIds = new Set(imageStores.map((s) => s.id));
    const uefiRows = uefi.map((r) => ({ hostId: num(r.host_id), value: String(r.value) }));
    return {
      vm,
      vmDetails: detailsByOwner(vmDetails.map(toDetail)).get(vm.id) ?? new Map(),
      offering,
      offeringDetails: detailsByOwner(offeringDetails.map(toDetail)).get(vm.serviceOfferingId) ?? new Map(),
      templateTag: templateTagOf(vmTemplate),
      sourceHost: zoneHosts.find((h) => h.id === vm.hostId) ?? null,
      hosts: zoneHosts.filter((h) => h.zoneId === zone && h.removed === null && h.type === 'Routing'),
      clusterDetails: detailsByOwner(clusterDetails.map(toDetail)),
      hostTags: groupByOwner(hostTags.map(toTag)),
      uefiHostIds: new Set(uefiRows.filter((r) => r.value.trim().toLowerCase() === 'true').map((r) => r.hostId)),
      anyHostReportsUefi: uefiRows.length > 0,
      hostCapacity: hostCapacity.map((r) => ({
        hostId: num(r.host_id),
        capacityType: num(r.capacity_type),
        usedCapacity: num(r.used_capacity),
        reservedCapacity: num(r.reserved_capacity),
        totalCapacity: num(r.total_capacity),
      })),
      guestCounts: new Map(guestCounts.map((r) => [num(r.host_id), num(r.n)])),
      volumes,
      storage,
      planning: {
        vm,
        // R6: the VM template is a non-removed lookup.
        vmTemplate: vmTemplate && vmTemplate.removed === null ? vmTemplate : null,
        guestOsCategoryName,
        vmVolumes,
        pools: storage.pools,
        clusters: storage.clusters,
        templates: storage.templates,
        templatePoolRefs: storage.templatePoolRefs,
        imageStores,
        templateStoreRefs: storeRefs.filter((r) => r.storeId !== null && storeIds.has(r.storeId)),
        snapshotsInProgress: new Set(snapshotting),
        settings: parseMigrationSettings(settings),
      },
    };
  }

  async forVolume(volumeUuid: string): Promise<VolumeTargetsSnapshot | null> {
    const [volume] = await this.inventory.byUuids('volume', [volumeUuid]);
    if (!volume) return null;
    const [vms, vmHosts, storageRows, diskOfferings, templates, poolRefs, settings] = await Promise.all([
      volume.instanceId === null ? Promise.resolve([] as VmRecord[]) : this.inventory.byIds('vm', [volume.instanceId]),
      volume.instanceId === null ? Promise.resolve([] as TargetHost[]) : this.hostsOfVm(volume.instanceId),
      this.zoneStorage({ zoneId: volume.zoneId }, { column: 'id', value: volume.id }),
      this.storage.diskOfferings([volume.diskOfferingId]),
      this.inventory.byIds('template', volume.templateId === null ? [] : [volume.templateId], { includeRemoved: true }),
      this.inventory.poolRefsByTemplateIds(volume.templateId === null ? [] : [volume.templateId]),
      this.migration.settings(Object.values(TARGET_SETTING_NAMES)),
    ]);
    const vm = vms[0] ?? null;
    return {
      volume,
      vm,
      vmHost: vmHosts.find((h) => h.id === vm?.hostId) ?? null,
      vmLastHost: vmHosts.find((h) => h.id === vm?.lastHostId) ?? null,
      storage: this.storageSnapshot(storageRows, diskOfferings, templates, poolRefs, parseTargetSettings(settings)),
    };
  }

  /** The zone's live Routing hosts (only those of the filter, when given) and the VM's host, removed or not. */
  private async hosts(vm: VmRecord, filter: HostFilter): Promise<TargetHost[]> {
    const qb = this.dataSource.getRepository(HostEntity).createQueryBuilder('t');
    const zone = "t.zoneId = :zoneId AND t.type = 'Routing' AND t.removed IS NULL";
    const limited = filter.uuids !== undefined || filter.ids !== undefined;
    const picks = [...(filter.uuids?.length ? ['t.uuid IN (:...uuids)'] : []), ...(filter.ids?.length ? ['t.id IN (:...ids)'] : [])];
    const candidates = !limited ? zone : picks.length ? `${zone} AND (${picks.join(' OR ')})` : '1 = 0';
    qb.where(`(${candidates}) OR t.id = :sourceId`, { zoneId: vm.zoneId, sourceId: vm.hostId ?? -1, uuids: filter.uuids, ids: filter.ids });
    return (await selectMany(this.dataSource, qb)) as TargetHost[];
  }

  /** VMs per host counted against max_guests_limit (T15.2), for the zone's hosts or only the filtered ones. */
  private guestCounts(vm: VmRecord, filter: HostFilter): Promise<RawRow[]> {
    const hosts = hostSubquery(vm.zoneId, filter);
    return this.dataSource.query(
      `SELECT host_id, COUNT(*) AS n FROM vm_instance WHERE removed IS NULL AND state IN (${placeholders(ACTIVE_VM_STATES)})
       AND host_id IN (${hosts.sql}) GROUP BY host_id`,
      [...ACTIVE_VM_STATES, ...hosts.params],
    );
  }

  private async hostsOfVm(vmId: number): Promise<TargetHost[]> {
    const qb = this.dataSource
      .getRepository(HostEntity)
      .createQueryBuilder('t')
      .where('t.id IN (SELECT v.host_id FROM vm_instance v WHERE v.id = :vmId) OR t.id IN (SELECT v.last_host_id FROM vm_instance v WHERE v.id = :vmId)', {
        vmId,
      });
    return (await selectMany(this.dataSource, qb)) as TargetHost[];
  }

  private zoneStorage(scope: StorageScope, volumes: PoolsOfVolumes) {
    const s = this.storage;
    return Promise.all([
      s.pools(scope, volumes),
      s.clusters(scope.zoneId),
      s.poolTags(scope),
      s.poolDetails(scope),
      s.localPoolHosts(scope),
      s.poolUsage(scope),
      s.capabilities(),
    ]);
  }

  private storageSnapshot(
    [pools, clusters, poolTags, poolDetails, localPoolHosts, poolUsage, capabilities]: Awaited<ReturnType<TypeOrmMigrationTargetsReader['zoneStorage']>>,
    diskOfferings: Awaited<ReturnType<ZoneStorageReads['diskOfferings']>>,
    templates: TemplateRecord[],
    templatePoolRefs: StorageSnapshot['templatePoolRefs'],
    settings: StorageSnapshot['settings'],
  ): StorageSnapshot {
    return {
      pools: new Map(pools.map((p) => [p.id, p])),
      clusters: new Map(clusters.map((c) => [c.id, c])),
      poolTags: groupByOwner(poolTags),
      poolDetails: detailsByOwner(poolDetails),
      localPoolHosts,
      poolUsage,
      diskOfferings: new Map(diskOfferings.map((d) => [d.id, d])),
      templates: new Map(templates.map((t) => [t.id, t])),
      templatePoolRefs,
      capabilities,
      settings,
    };
  }
}

/**
 * With a host filter, only the pools those hosts can reach are read (the volumes' own pools are
 * read anyway, for T7); otherwise the zone's.
 */
function storageScope(vm: VmRecord, filter: HostFilter): StorageScope {
  return isFiltered(filter) ? { zoneId: vm.zoneId, hosts: hostSubquery(vm.zoneId, filter) } : { zoneId: vm.zoneId };
}

/** The inventory reader hands template rows through with every entity column, so `template_tag` is there though TemplateRecord does not name it. */
function templateTagOf(template: TemplateRecord | undefined): string | null {
  const tag: unknown = template && 'templateTag' in template ? template.templateTag : null;
  return typeof tag === 'string' ? tag : null;
}
