import { Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import type { StoragePoolRecord } from '../../domain/inventory/records';
import { HypervisorTypeEnum, ScopeEnum, StoragePoolStatusEnum, StoragePoolTypeEnum } from './enums';
import { Node } from './node.interface';

@ObjectType('StoragePool', { simpleResolvers: true, implements: Node, description: 'storage_pool (primary storage)' })
export class StoragePool extends Node {
  record: StoragePoolRecord;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => StoragePoolTypeEnum.graphql) type: string;
  @Field(() => String, { description: 'The stored pool type, also for types the gateway does not know.' }) typeName: string;
  @Field(() => ScopeEnum.graphql, { nullable: true }) scope: string | null;
  @Field(() => Boolean, { description: 'Managed storage (PowerFlex, SolidFire, ...).' }) managed: boolean;
  @Field(() => StoragePoolStatusEnum.graphql, { nullable: true }) status: string | null;
  @Field(() => String, { nullable: true }) storageProviderName: string | null;
  @Field(() => String) hostAddress: string;
  @Field(() => Int) port: number;
  @Field(() => String) path: string;
  @Field(() => HypervisorTypeEnum.graphql, { nullable: true }) hypervisor: string | null;
  @Field(() => Float, { nullable: true }) capacityBytes: number | null;
  @Field(() => Float, { nullable: true }) usedBytes: number | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) created: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) removed: Date | null;

  static from(record: StoragePoolRecord): StoragePool {
    return Object.assign(new StoragePool(), {
      record,
      id: record.uuid,
      name: record.name,
      type: StoragePoolTypeEnum.toGraphQL(record.poolType),
      typeName: record.poolType,
      scope: ScopeEnum.toGraphQL(record.scope),
      managed: record.managed,
      status: StoragePoolStatusEnum.toGraphQL(record.status),
      storageProviderName: record.storageProviderName,
      hostAddress: record.hostAddress,
      port: record.port,
      path: record.path,
      hypervisor: HypervisorTypeEnum.toGraphQL(record.hypervisor),
      capacityBytes: record.capacityBytes,
      usedBytes: record.usedBytes,
      created: record.created,
      removed: record.removed,
    });
  }
}
