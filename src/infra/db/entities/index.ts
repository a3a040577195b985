import { AccountEntity } from './account.entity';
import { ApiKeyEntity } from './api-key.entity';
import { ClusterEntity } from './cluster.entity';
import { ConfigurationEntity } from './configuration.entity';
import { ClusterDetailEntity, HostDetailEntity, ServiceOfferingDetailEntity, StoragePoolDetailEntity, VmInstanceDetailEntity } from './detail.entities';
import { DiskOfferingEntity } from './disk-offering.entity';
import { DomainEntity } from './domain.entity';
import { GatewaySecretEntity } from './gateway-secret.entity';
import { GuestOsCategoryEntity } from './guest-os-category.entity';
import { GuestOsEntity } from './guest-os.entity';
import { HostCapacityEntity } from './host-capacity.entity';
import { HostEntity } from './host.entity';
import { HypervisorCapabilityEntity } from './hypervisor-capability.entity';
import { ImageStoreEntity } from './image-store.entity';
import { MigrationCommandEntity } from './migration-command.entity';
import { MigrationJobEntity } from './migration-job.entity';
import { PodEntity } from './pod.entity';
import { SequenceEntity } from './sequence.entity';
import { ServiceOfferingEntity } from './service-offering.entity';
import { SnapshotEntity } from './snapshot.entity';
import { StoragePoolHostRefEntity } from './storage-pool-host-ref.entity';
import { StoragePoolEntity } from './storage-pool.entity';
import { HostTagEntity, StoragePoolTagEntity } from './tag.entities';
import { TemplatePoolRefEntity } from './template-pool-ref.entity';
import { TemplateLockEntity } from './template-lock.entity';
import { TemplateStoreRefEntity } from './template-store-ref.entity';
import { TemplateEntity } from './template.entity';
import { VmEntity } from './vm.entity';
import { VolumeEntity } from './volume.entity';
import { ZoneEntity } from './zone.entity';

/** Every entity the DataSource maps, listed explicitly. */
export const ENTITIES = [
  ZoneEntity,
  PodEntity,
  ClusterEntity,
  HostEntity,
  StoragePoolEntity,
  StoragePoolHostRefEntity,
  ImageStoreEntity,
  TemplateEntity,
  TemplateStoreRefEntity,
  TemplatePoolRefEntity,
  VmEntity,
  VolumeEntity,
  GuestOsEntity,
  GuestOsCategoryEntity,
  AccountEntity,
  DomainEntity,
  SequenceEntity,
  ConfigurationEntity,
  SnapshotEntity,
  MigrationJobEntity,
  MigrationCommandEntity,
  ApiKeyEntity,
  TemplateLockEntity,
  GatewaySecretEntity,
  // Migration targets (cloudstack-schema.md §7).
  ServiceOfferingEntity,
  DiskOfferingEntity,
  HostCapacityEntity,
  HostTagEntity,
  StoragePoolTagEntity,
  ClusterDetailEntity,
  HostDetailEntity,
  VmInstanceDetailEntity,
  ServiceOfferingDetailEntity,
  StoragePoolDetailEntity,
  HypervisorCapabilityEntity,
];

export {
  AccountEntity,
  ApiKeyEntity,
  ClusterEntity,
  ConfigurationEntity,
  DomainEntity,
  GatewaySecretEntity,
  GuestOsCategoryEntity,
  GuestOsEntity,
  HostEntity,
  ImageStoreEntity,
  MigrationCommandEntity,
  MigrationJobEntity,
  PodEntity,
  SequenceEntity,
  SnapshotEntity,
  StoragePoolEntity,
  StoragePoolHostRefEntity,
  TemplateEntity,
  TemplateLockEntity,
  TemplatePoolRefEntity,
  TemplateStoreRefEntity,
  VmEntity,
  VolumeEntity,
  ZoneEntity,
  ClusterDetailEntity,
  DiskOfferingEntity,
  HostCapacityEntity,
  HostDetailEntity,
  HostTagEntity,
  HypervisorCapabilityEntity,
  ServiceOfferingEntity,
  StoragePoolTagEntity,
  VmInstanceDetailEntity,
};
