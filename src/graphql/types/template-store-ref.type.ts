import { Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import type { TemplateStoreRefRecord } from '../../domain/inventory/records';
import { DataStoreObjectStateEnum, DownloadStateEnum } from './enums';

@ObjectType('TemplateStoreRef', { simpleResolvers: true, description: 'template_store_ref: a template on an image store' })
export class TemplateStoreRef {
  record: TemplateStoreRefRecord;
  @Field(() => String, { nullable: true }) installPath: string | null;
  @Field(() => String, { nullable: true }) localPath: string | null;
  @Field(() => DownloadStateEnum.graphql, { nullable: true }) downloadState: string | null;
  @Field(() => Int, { nullable: true }) downloadPercent: number | null;
  @Field(() => DataStoreObjectStateEnum.graphql) state: string;
  @Field(() => String, { nullable: true }) storeRole: string | null;
  @Field(() => Float, { nullable: true }) size: number | null;
  @Field(() => Float, { nullable: true }) physicalSize: number | null;
  @Field(() => Boolean) destroyed: boolean;
  @Field(() => GraphQLISODateTime) created: Date;

  static from(record: TemplateStoreRefRecord): TemplateStoreRef {
    return Object.assign(new TemplateStoreRef(), {
      record,
      installPath: record.installPath,
      localPath: record.localPath,
      downloadState: DownloadStateEnum.toGraphQL(record.downloadState),
      downloadPercent: record.downloadPct,
      state: DataStoreObjectStateEnum.toGraphQL(record.state),
      storeRole: record.storeRole,
      size: record.size,
      physicalSize: record.physicalSize,
      destroyed: record.destroyed,
      created: record.created,
    });
  }
}
