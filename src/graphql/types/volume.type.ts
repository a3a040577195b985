import { Authorized, Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { Access } from '../auth/access';
import type { VolumeRecord } from '../../domain/inventory/records';
import { ImageFormatEnum, StoragePoolTypeEnum, VolumeStateEnum, VolumeTypeEnum } from './enums';
import { Node } from './node.interface';

@ObjectType('Volume', { simpleResolvers: true, implements: Node, description: 'volumes' })
export class Volume extends Node {
  record: VolumeRecord;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => VolumeTypeEnum.graphql) type: string;
  @Field(() => VolumeStateEnum.graphql, { nullable: true }) state: string | null;
  @Field(() => Float, { description: 'bytes' }) size: number;
  @Authorized(Access.INFRASTRUCTURE)
  @Field(() => String, {
    simple: false,
    nullable: true,
    description: 'on-pool identifier (KVM file pools: the volume uuid; managed: the volume name). Administrators only.',
  })
  path: string | null;
  @Field(() => ImageFormatEnum.graphql, { nullable: true }) format: string | null;
  @Field(() => StoragePoolTypeEnum.graphql, { nullable: true }) poolType: string | null;
  @Field(() => Int, { nullable: true }) deviceId: number | null;
  @Authorized(Access.INFRASTRUCTURE)
  @Field(() => String, { simple: false, nullable: true, description: 'Administrators only.' })
  iscsiName: string | null;
  @Field(() => String) provisioningType: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) created: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) attached: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) removed: Date | null;

  static from(record: VolumeRecord): Volume {
    return Object.assign(new Volume(), {
      record,
      id: record.uuid,
      name: record.name,
      type: VolumeTypeEnum.toGraphQL(record.volumeType),
      state: VolumeStateEnum.toGraphQL(record.state),
      size: record.size,
      path: record.path,
      format: ImageFormatEnum.toGraphQL(record.format),
      poolType: StoragePoolTypeEnum.toGraphQL(record.poolType),
      deviceId: record.deviceId,
      iscsiName: record.iscsiName,
      provisioningType: record.provisioningType,
      created: record.created,
      attached: record.attached,
      removed: record.removed,
    });
  }
}
