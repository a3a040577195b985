import { Field, ObjectType } from 'type-graphql';
import type { AccountRecord } from '../../domain/inventory/records';
import { Node } from './node.interface';

const ROLE_NAMES = ['USER', 'ROOT_ADMIN', 'DOMAIN_ADMIN', 'RESOURCE_DOMAIN_ADMIN', 'READ_ONLY_ADMIN', 'PROJECT'];

@ObjectType('Account', { simpleResolvers: true, implements: Node, description: 'account' })
export class Account extends Node {
  record: AccountRecord;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { description: 'USER, ROOT_ADMIN, DOMAIN_ADMIN, ... (account.type)' }) role: string;
  @Field(() => String) state: string;

  static from(record: AccountRecord): Account {
    return Object.assign(new Account(), {
      record,
      id: record.uuid,
      name: record.accountName,
      role: ROLE_NAMES[record.type] ?? 'OTHER',
      state: record.state,
    });
  }
}
