import { defineCloudStackEnum } from './cloudstack-enum';

/** CloudStack's stored enum values (shared/reference/cloudstack-schema.md), exposed as GraphQL enums. */

export const VmStateEnum = defineCloudStackEnum(
  'VirtualMachineState',
  ['Starting', 'Running', 'Stopping', 'Stopped', 'Destroyed', 'Expunging', 'Migrating', 'Error', 'Unknown', 'Shutdown'],
  'vm_instance.state',
);
export const VolumeStateEnum = defineCloudStackEnum(
  'VolumeState',
  [
    'Allocated',
    'Creating',
    'Ready',
    'Migrating',
    'Snapshotting',
    'RevertSnapshotting',
    'Resizing',
    'Expunging',
    'Expunged',
    'Destroy',
    'Destroying',
    'UploadOp',
    'Copying',
    'Uploaded',
    'NotUploaded',
    'UploadInProgress',
    'UploadError',
    'UploadAbandoned',
    'Attaching',
  ],
  'volumes.state',
);
export const VolumeTypeEnum = defineCloudStackEnum('VolumeType', ['UNKNOWN', 'ROOT', 'SWAP', 'DATADISK', 'ISO'], 'volumes.volume_type');
export const StoragePoolTypeEnum = defineCloudStackEnum(
  'StoragePoolType',
  [
    'Filesystem',
    'NetworkFilesystem',
    'IscsiLUN',
    'Iscsi',
    'ISO',
    'LVM',
    'CLVM',
    'RBD',
    'SharedMountPoint',
    'VMFS',
    'PreSetup',
    'EXT',
    'OCFS2',
    'SMB',
    'Gluster',
    'PowerFlex',
    'ManagedNFS',
    'Linstor',
    'DatastoreCluster',
    'StorPool',
    'FiberChannel',
    'CLVM_NG',
  ],
  'storage_pool.pool_type (an open set: plugins may add types, shown as OTHER with the raw name in typeName)',
);
export const StoragePoolStatusEnum = defineCloudStackEnum(
  'StoragePoolStatus',
  [
    'Initial',
    'Initialized',
    'Creating',
    'Attaching',
    'Up',
    'PrepareForMaintenance',
    'ErrorInMaintenance',
    'CancelMaintenance',
    'Maintenance',
    'Disabled',
    'Removed',
  ],
  'storage_pool.status',
);
export const ScopeEnum = defineCloudStackEnum('ScopeType', ['HOST', 'CLUSTER', 'ZONE', 'REGION', 'GLOBAL'], 'storage_pool.scope / image_store.scope');
export const HostStatusEnum = defineCloudStackEnum(
  'HostStatus',
  ['Creating', 'Connecting', 'Up', 'Down', 'Disconnected', 'Alert', 'Removed', 'Error', 'Rebalancing', 'Unknown'],
  'host.status',
);
export const HostTypeEnum = defineCloudStackEnum(
  'HostType',
  [
    'Routing',
    'Storage',
    'SecondaryStorage',
    'SecondaryStorageVM',
    'ConsoleProxy',
    'LocalSecondaryStorage',
    'ExternalFirewall',
    'ExternalLoadBalancer',
    'L2Networking',
    'TrafficMonitor',
    'BaremetalDhcp',
    'BaremetalPxe',
  ],
  'host.type',
);
export const ResourceStateEnum = defineCloudStackEnum(
  'ResourceState',
  ['Creating', 'Enabled', 'Disabled', 'PrepareForMaintenance', 'ErrorInPrepareForMaintenance', 'ErrorInMaintenance', 'Maintenance', 'Error'],
  'host.resource_state',
);
export const HypervisorTypeEnum = defineCloudStackEnum(
  'HypervisorType',
  ['KVM', 'XenServer', 'VMware', 'Hyperv', 'LXC', 'BareMetal', 'Simulator', 'Ovm3', 'External', 'None'],
  'host/cluster hypervisor_type',
);
export const ImageFormatEnum = defineCloudStackEnum(
  'ImageFormat',
  ['QCOW2', 'RAW', 'VHD', 'ISO', 'OVA', 'VHDX', 'BAREMETAL', 'VMDK', 'VDI', 'TAR', 'DIR', 'ZIP'],
  'vm_template.format / volumes.format',
);
export const TemplateTypeEnum = defineCloudStackEnum(
  'TemplateType',
  ['ROUTING', 'SYSTEM', 'BUILTIN', 'PERHOST', 'USER', 'DATADISK', 'ISODISK'],
  'vm_template.type',
);
export const DownloadStateEnum = defineCloudStackEnum(
  'DownloadState',
  [
    'UNKNOWN',
    'DOWNLOAD_ERROR',
    'NOT_DOWNLOADED',
    'DOWNLOAD_IN_PROGRESS',
    'DOWNLOADED',
    'ABANDONED',
    'UPLOADED',
    'NOT_UPLOADED',
    'UPLOAD_ERROR',
    'UPLOAD_IN_PROGRESS',
    'CREATING',
    'CREATED',
  ],
  'download_state of template_store_ref / template_spool_ref',
);
export const DataStoreObjectStateEnum = defineCloudStackEnum(
  'DataStoreObjectState',
  ['Allocated', 'Creating2', 'Creating', 'Created', 'Ready', 'Copying', 'Migrating', 'Migrated', 'Destroying', 'Destroyed', 'Failed', 'Hidden'],
  'state of template_store_ref / template_spool_ref (ObjectInDataStore)',
);
