import { AccountEntity } from './account.entity';
import { ApiKeyEntity } from './api-key.entity';
import { ClusterEntity } from './cluster.entity';
import { ConfigurationEntity } from './configuration.entity';
import { DomainEntity } from './domain.entity';
import { GatewaySecretEntity } from './gateway-secret.entity';
import { GuestOsCategoryEntity } from './guest-os-category.entity';
import { GuestOsEntity } from './guest-os.entity';
import { HostEntity } from './host.entity';
import { ImageStoreEntity } from './image-store.entity';
import { MigrationCommandEntity } from './migration-command.entity';
import { MigrationJobEntity } from './migration-job.entity';
import { PodEntity } from './pod.entity';
import { SequenceEntity } from './sequence.entity';
import { SnapshotEntity } from './snapshot.entity';
import { StoragePoolHostRefEntity } from './storage-pool-host-ref.entity';
import { StoragePoolEntity } from './storage-pool.entity';
import { TemplatePoolRefEntity } from './template-pool-ref.entity';
import { TemplateLockEntity } from './template-lock.entity';
import { TemplateStoreRefEntity } from './template-store-ref.entity';
import { TemplateEntity } from './template.entity';
import { VmEntity } from './vm.entity';
import { VolumeEntity } from './volume.entity';
import { ZoneEntity } from './zone.entity';

/** Every entity the DataSource maps, listed explicitly. */
export const ENTITIES = [
  ZoneEntity, PodEntity, ClusterEntity, HostEntity, StoragePoolEntity, StoragePoolHostRefEntity, ImageStoreEntity,
  TemplateEntity, TemplateStoreRefEntity, TemplatePoolRefEntity, VmEntity, VolumeEntity, GuestOsEntity,
  GuestOsCategoryEntity, AccountEntity, DomainEntity, SequenceEntity, ConfigurationEntity, SnapshotEntity,
  MigrationJobEntity, MigrationCommandEntity, ApiKeyEntity, TemplateLockEntity, GatewaySecretEntity,
];

export {
  AccountEntity, ApiKeyEntity, ClusterEntity, ConfigurationEntity, DomainEntity, GatewaySecretEntity, GuestOsCategoryEntity, GuestOsEntity,
  HostEntity, ImageStoreEntity, MigrationCommandEntity, MigrationJobEntity, PodEntity, SequenceEntity, SnapshotEntity,
  StoragePoolEntity, StoragePoolHostRefEntity, TemplateEntity, TemplateLockEntity, TemplatePoolRefEntity, TemplateStoreRefEntity, VmEntity,
  VolumeEntity, ZoneEntity,
};
