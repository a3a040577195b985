import { Field, ObjectType } from 'type-graphql';
import type { ClusterRecord } from '../../domain/inventory/records';
import { HypervisorTypeEnum } from './enums';
import { Node } from './node.interface';

@ObjectType('Cluster', { simpleResolvers: true, implements: Node, description: 'cluster' })
export class Cluster extends Node {
  record: ClusterRecord;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => HypervisorTypeEnum.graphql, { nullable: true }) hypervisorType: string | null;
  @Field(() => String) allocationState: string;
  @Field(() => String) managedState: string;

  static from(record: ClusterRecord): Cluster {
    return Object.assign(new Cluster(), {
      record,
      id: record.uuid,
      name: record.name,
      hypervisorType: HypervisorTypeEnum.toGraphQL(record.hypervisorType),
      allocationState: record.allocationState,
      managedState: record.managedState,
    });
  }
}
