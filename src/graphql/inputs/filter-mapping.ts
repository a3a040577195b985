import type {
  ClusterFilter as ClusterQuery,
  HostFilter as HostQuery,
  StoragePoolFilter as PoolQuery,
  TemplateFilter as TemplateQuery,
  VmFilter,
  VolumeFilter as VolumeQuery,
  ZoneFilter as ZoneQuery,
} from '../../app/ports/inventory-reader';
import { parsePublicId } from '../public-id';
import {
  HostStatusEnum,
  HostTypeEnum,
  HypervisorTypeEnum,
  ImageFormatEnum,
  ScopeEnum,
  StoragePoolTypeEnum,
  VmStateEnum,
  VolumeStateEnum,
  VolumeTypeEnum,
} from '../types/enums';
import type { CloudStackEnum } from '../types/cloudstack-enum';
import type { ClusterFilter, HostFilter, StoragePoolFilter, TemplateFilter, VirtualMachineFilter, VolumeFilter, ZoneFilter } from './inventory-filters.input';

/** GraphQL filter inputs -> reader filters: enum values back to CloudStack's stored strings, ids validated. */
// GraphQL lets a client pass an explicit null for any nullable argument or field: null means "no filter".
const stored = (e: CloudStackEnum, values: string[] | null | undefined) => values?.filter((v) => v !== 'OTHER').map(e.toStored);
const id = (value: string | null | undefined, argument: string) => (value === undefined || value === null ? undefined : parsePublicId(value, argument));

export const toVmQuery = (filter?: VirtualMachineFilter | null): VmFilter => {
  const f: VirtualMachineFilter = filter ?? {};
  return {
    states: stored(VmStateEnum, f.states),
    hostUuid: id(f.hostId, 'filter.hostId'),
    zoneUuid: id(f.zoneId, 'filter.zoneId'),
    accountUuid: id(f.accountId, 'filter.accountId'),
    nameContains: f.nameContains ?? undefined,
    includeRemoved: f.includeRemoved ?? false,
  };
};

export const toVolumeQuery = (filter?: VolumeFilter | null): VolumeQuery => {
  const f: VolumeFilter = filter ?? {};
  return {
    vmUuid: id(f.vmId, 'filter.vmId'),
    poolUuid: id(f.poolId, 'filter.poolId'),
    types: stored(VolumeTypeEnum, f.types),
    states: stored(VolumeStateEnum, f.states),
    includeRemoved: f.includeRemoved ?? false,
  };
};

export const toPoolQuery = (filter?: StoragePoolFilter | null): PoolQuery => {
  const f: StoragePoolFilter = filter ?? {};
  const types = [...(stored(StoragePoolTypeEnum, f.types) ?? []), ...(f.typeNames ?? [])];
  return {
    zoneUuid: id(f.zoneId, 'filter.zoneId'),
    clusterUuid: id(f.clusterId, 'filter.clusterId'),
    types: f.types || f.typeNames ? types : undefined,
    scopes: stored(ScopeEnum, f.scopes),
    managed: f.managed ?? undefined,
    includeRemoved: f.includeRemoved ?? false,
  };
};

export const toHostQuery = (filter?: HostFilter | null): HostQuery => {
  const f: HostFilter = filter ?? {};
  return {
    clusterUuid: id(f.clusterId, 'filter.clusterId'),
    zoneUuid: id(f.zoneId, 'filter.zoneId'),
    statuses: stored(HostStatusEnum, f.statuses),
    hypervisorTypes: stored(HypervisorTypeEnum, f.hypervisorTypes),
    types: stored(HostTypeEnum, f.types),
    includeRemoved: f.includeRemoved ?? false,
  };
};

export const toTemplateQuery = (filter?: TemplateFilter | null): TemplateQuery => {
  const f: TemplateFilter = filter ?? {};
  return {
    directDownload: f.directDownload ?? undefined,
    formats: stored(ImageFormatEnum, f.formats),
    nameContains: f.nameContains ?? undefined,
    includeRemoved: f.includeRemoved ?? false,
  };
};

export const toZoneQuery = (filter?: ZoneFilter | null): ZoneQuery => ({
  nameContains: filter?.nameContains ?? undefined,
  includeRemoved: filter?.includeRemoved ?? false,
});

export const toClusterQuery = (filter?: ClusterFilter | null): ClusterQuery => ({
  zoneUuid: id(filter?.zoneId, 'filter.zoneId'),
  hypervisorTypes: stored(HypervisorTypeEnum, filter?.hypervisorTypes),
  includeRemoved: filter?.includeRemoved ?? false,
});
