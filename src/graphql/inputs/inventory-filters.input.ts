import { Field, ID, InputType } from 'type-graphql';
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

@InputType('VirtualMachineFilter')
export class VirtualMachineFilter {
  @Field(() => [VmStateEnum.graphql], { nullable: true }) states?: string[];
  @Field(() => ID, { nullable: true }) hostId?: string;
  @Field(() => ID, { nullable: true }) zoneId?: string;
  @Field(() => ID, { nullable: true }) accountId?: string;
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => Boolean, { nullable: true, description: 'Also list removed (expunged) VMs.' }) includeRemoved?: boolean;
}

@InputType('VolumeFilter')
export class VolumeFilter {
  @Field(() => ID, { nullable: true }) vmId?: string;
  @Field(() => ID, { nullable: true }) poolId?: string;
  @Field(() => [VolumeTypeEnum.graphql], { nullable: true }) types?: string[];
  @Field(() => [VolumeStateEnum.graphql], { nullable: true }) states?: string[];
  @Field(() => Boolean, { nullable: true }) includeRemoved?: boolean;
}

@InputType('StoragePoolFilter')
export class StoragePoolFilter {
  @Field(() => ID, { nullable: true }) zoneId?: string;
  @Field(() => ID, { nullable: true }) clusterId?: string;
  @Field(() => [StoragePoolTypeEnum.graphql], { nullable: true }) types?: string[];
  @Field(() => [String], { nullable: true, description: 'Stored pool type names, for types without an enum value.' }) typeNames?: string[];
  @Field(() => [ScopeEnum.graphql], { nullable: true }) scopes?: string[];
  @Field(() => Boolean, { nullable: true }) managed?: boolean;
  @Field(() => Boolean, { nullable: true }) includeRemoved?: boolean;
}

@InputType('HostFilter')
export class HostFilter {
  @Field(() => ID, { nullable: true }) clusterId?: string;
  @Field(() => ID, { nullable: true }) zoneId?: string;
  @Field(() => [HostStatusEnum.graphql], { nullable: true }) statuses?: string[];
  @Field(() => [HypervisorTypeEnum.graphql], { nullable: true }) hypervisorTypes?: string[];
  @Field(() => [HostTypeEnum.graphql], { nullable: true }) types?: string[];
  @Field(() => Boolean, { nullable: true }) includeRemoved?: boolean;
}

@InputType('TemplateFilter')
export class TemplateFilter {
  @Field(() => Boolean, { nullable: true }) directDownload?: boolean;
  @Field(() => [ImageFormatEnum.graphql], { nullable: true }) formats?: string[];
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => Boolean, { nullable: true, description: 'Also list removed templates (they may still back volumes).' }) includeRemoved?: boolean;
}

@InputType('ZoneFilter')
export class ZoneFilter {
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => Boolean, { nullable: true }) includeRemoved?: boolean;
}

@InputType('ClusterFilter')
export class ClusterFilter {
  @Field(() => ID, { nullable: true }) zoneId?: string;
  @Field(() => [HypervisorTypeEnum.graphql], { nullable: true }) hypervisorTypes?: string[];
  @Field(() => Boolean, { nullable: true }) includeRemoved?: boolean;
}
