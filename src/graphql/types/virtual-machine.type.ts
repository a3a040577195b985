import { Authorized, Field, GraphQLISODateTime, ObjectType } from 'type-graphql';
import { Access } from '../auth/access';
import type { VmRecord } from '../../domain/inventory/records';
import { HypervisorTypeEnum, VmStateEnum } from './enums';
import { Node } from './node.interface';

@ObjectType('VirtualMachine', { simpleResolvers: true, implements: Node, description: 'vm_instance' })
export class VirtualMachine extends Node {
  record: VmRecord;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) displayName: string | null;
  @Authorized(Access.INFRASTRUCTURE)
  @Field(() => String, { simple: false, description: 'libvirt domain name (i-<account>-<id>-VM). Administrators only.' })
  instanceName: string;
  @Field(() => VmStateEnum.graphql) state: string;
  @Field(() => String, { description: 'User, DomainRouter, ConsoleProxy, ...' }) type: string;
  @Field(() => HypervisorTypeEnum.graphql, { nullable: true }) hypervisorType: string | null;
  @Field(() => String, { nullable: true }) powerState: string | null;
  @Field(() => GraphQLISODateTime) created: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) removed: Date | null;

  static from(record: VmRecord): VirtualMachine {
    return Object.assign(new VirtualMachine(), {
      record,
      id: record.uuid,
      name: record.name,
      displayName: record.displayName,
      instanceName: record.instanceName,
      state: VmStateEnum.toGraphQL(record.state),
      type: record.type,
      hypervisorType: HypervisorTypeEnum.toGraphQL(record.hypervisorType),
      powerState: record.powerState,
      created: record.created,
      removed: record.removed,
    });
  }
}
