import { Field, ObjectType } from 'type-graphql';
import type { GuestOsRecord } from '../../domain/inventory/records';
import { Node } from './node.interface';

@ObjectType('GuestOs', { simpleResolvers: true, implements: Node, description: 'guest_os' })
export class GuestOs extends Node {
  record: GuestOsRecord;
  @Field(() => String) displayName: string;
  @Field(() => String, { nullable: true }) name: string | null;

  static from(record: GuestOsRecord): GuestOs {
    return Object.assign(new GuestOs(), { record, id: record.uuid, displayName: record.displayName, name: record.name });
  }
}
