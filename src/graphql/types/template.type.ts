import { Field, Float, GraphQLISODateTime, ObjectType } from 'type-graphql';
import type { TemplateRecord } from '../../domain/inventory/records';
import { HypervisorTypeEnum, ImageFormatEnum, TemplateTypeEnum } from './enums';
import { Node } from './node.interface';

@ObjectType('Template', { simpleResolvers: true, implements: Node, description: 'vm_template' })
export class Template extends Node {
  record: TemplateRecord;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) displayText: string | null;
  @Field(() => ImageFormatEnum.graphql) format: string;
  @Field(() => TemplateTypeEnum.graphql, { nullable: true }) type: string | null;
  @Field(() => HypervisorTypeEnum.graphql, { nullable: true }) hypervisorType: string | null;
  @Field(() => Boolean, { description: 'Downloaded straight to primary storage, bypassing image stores.' }) directDownload: boolean;
  @Field(() => Boolean) isPublic: boolean;
  @Field(() => Boolean) featured: boolean;
  @Field(() => String, { nullable: true }) url: string | null;
  @Field(() => Float, { nullable: true }) size: number | null;
  @Field(() => String, { nullable: true }) state: string | null;
  @Field(() => GraphQLISODateTime) created: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Set when deleted; a removed template may still back volumes.' }) removed: Date | null;

  static from(record: TemplateRecord): Template {
    return Object.assign(new Template(), {
      record,
      id: record.uuid,
      name: record.name,
      displayText: record.displayText,
      format: ImageFormatEnum.toGraphQL(record.format),
      type: TemplateTypeEnum.toGraphQL(record.type),
      hypervisorType: HypervisorTypeEnum.toGraphQL(record.hypervisorType),
      directDownload: record.directDownload,
      isPublic: record.isPublic,
      featured: record.featured,
      url: record.url,
      size: record.size,
      state: record.state,
      created: record.created,
      removed: record.removed,
    });
  }
}
