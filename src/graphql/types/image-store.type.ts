import { Field, ObjectType } from 'type-graphql';
import type { ImageStoreRecord } from '../../domain/inventory/records';
import { ScopeEnum } from './enums';
import { Node } from './node.interface';

@ObjectType('ImageStore', { simpleResolvers: true, implements: Node, description: 'image_store (secondary storage)' })
export class ImageStore extends Node {
  record: ImageStoreRecord;
  @Field(() => String) name: string;
  @Field(() => String) providerName: string;
  @Field(() => String) protocol: string;
  @Field(() => String, { nullable: true }) url: string | null;
  @Field(() => ScopeEnum.graphql, { nullable: true }) scope: string | null;
  @Field(() => String, { nullable: true, description: 'Image or ImageCache' }) role: string | null;
  @Field(() => Boolean) readonly: boolean;

  static from(record: ImageStoreRecord): ImageStore {
    return Object.assign(new ImageStore(), {
      record,
      id: record.uuid,
      name: record.name,
      providerName: record.providerName,
      protocol: record.protocol,
      url: record.url,
      scope: ScopeEnum.toGraphQL(record.scope),
      role: record.role,
      readonly: record.readonly,
    });
  }
}
