import { Field, GraphQLISODateTime, ObjectType } from 'type-graphql';
import type { HostRecord } from '../../domain/inventory/records';
import { HostStatusEnum, HostTypeEnum, HypervisorTypeEnum, ResourceStateEnum } from './enums';
import { Node } from './node.interface';

@ObjectType('Host', { simpleResolvers: true, implements: Node, description: 'host' })
export class Host extends Node {
  record: HostRecord;
  @Field(() => String) name: string;
  @Field(() => HostStatusEnum.graphql) status: string;
  @Field(() => HostTypeEnum.graphql) type: string;
  @Field(() => ResourceStateEnum.graphql) resourceState: string;
  @Field(() => HypervisorTypeEnum.graphql, { nullable: true }) hypervisorType: string | null;
  @Field(() => String, { nullable: true }) hypervisorVersion: string | null;
  @Field(() => String, { description: 'Management address; MigrateCommand.destIp.' }) privateIpAddress: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) created: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) removed: Date | null;

  static from(record: HostRecord): Host {
    return Object.assign(new Host(), {
      record,
      id: record.uuid,
      name: record.name,
      status: HostStatusEnum.toGraphQL(record.status),
      type: HostTypeEnum.toGraphQL(record.type),
      resourceState: ResourceStateEnum.toGraphQL(record.resourceState),
      hypervisorType: HypervisorTypeEnum.toGraphQL(record.hypervisorType),
      hypervisorVersion: record.hypervisorVersion,
      privateIpAddress: record.privateIpAddress,
      created: record.created,
      removed: record.removed,
    });
  }
}
