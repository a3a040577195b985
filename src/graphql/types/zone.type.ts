import { Field, ObjectType } from 'type-graphql';
import type { ZoneRecord } from '../../domain/inventory/records';
import { Node } from './node.interface';

@ObjectType('Zone', { simpleResolvers: true, implements: Node, description: 'data_center' })
export class Zone extends Node {
  record: ZoneRecord;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { description: 'Basic or Advanced' }) networkType: string;
  @Field(() => String) allocationState: string;

  static from(record: ZoneRecord): Zone {
    return Object.assign(new Zone(), {
      record,
      id: record.uuid,
      name: record.name,
      description: record.description,
      networkType: record.networkType,
      allocationState: record.allocationState,
    });
  }
}
