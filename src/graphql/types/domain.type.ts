import { Field, ObjectType } from 'type-graphql';
import type { DomainRecord } from '../../domain/inventory/records';
import { Node } from './node.interface';

@ObjectType('Domain', { simpleResolvers: true, implements: Node, description: 'domain' })
export class Domain extends Node {
  record: DomainRecord;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { description: 'e.g. /ROOT/engineering/' }) path: string;

  static from(record: DomainRecord): Domain {
    return Object.assign(new Domain(), { record, id: record.uuid, name: record.name, path: record.path });
  }
}
