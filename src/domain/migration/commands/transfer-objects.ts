import type { ImageStoreTO, MigrationOptionsTO, PrimaryStoreTO, TemplateObjectTO, VolumeObjectTO } from '../../agent/command-bodies';
import type { ImageStoreRecord, StoragePoolRecord, TemplateRecord, VolumeRecord } from '../../inventory/records';

/** A pool as the KVM agent finds it: the libvirt pool name is the pool uuid. */
export function toPrimaryStoreTO(pool: StoragePoolRecord): PrimaryStoreTO {
  return {
    role: 'Primary',
    // A pool row without uuid cannot be a libvirt pool; '' makes the agent fail loudly rather than guess.
    uuid: pool.uuid ?? '',
    poolType: pool.poolType,
    path: pool.path,
    host: pool.hostAddress,
    port: pool.port,
    managed: pool.managed,
  };
}

export function toImageStoreTO(store: ImageStoreRecord): ImageStoreTO {
  return { role: 'Image', uuid: store.uuid ?? '', url: store.url, protocol: store.protocol };
}

export function toTemplateObjectTO(
  template: TemplateRecord,
  location: { path: string | null; size: number | null; store: PrimaryStoreTO | ImageStoreTO },
): TemplateObjectTO {
  return {
    templateId: template.id,
    templateUuid: template.uuid,
    uniqueName: template.uniqueName,
    format: template.format,
    path: location.path,
    size: location.size,
    store: location.store,
  };
}

/** A volume row on a pool, with the identity and options the command needs. */
export function toVolumeObjectTO(
  volume: VolumeRecord,
  identity: { id: number; uuid: string; path: string | null },
  pool: StoragePoolRecord,
  migrationOptions: MigrationOptionsTO | null,
): VolumeObjectTO {
  return {
    volumeId: identity.id,
    uuid: identity.uuid,
    name: volume.name,
    size: volume.size,
    path: identity.path,
    format: volume.format,
    provisioningType: volume.provisioningType,
    volumeType: volume.volumeType,
    iscsiName: volume.iscsiName,
    templateId: volume.templateId,
    store: toPrimaryStoreTO(pool),
    migrationOptions,
  };
}
