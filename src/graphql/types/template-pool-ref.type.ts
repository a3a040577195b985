import { Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import type { TemplatePoolRefRecord } from '../../domain/inventory/records';
import { DataStoreObjectStateEnum, DownloadStateEnum } from './enums';

@ObjectType('TemplatePoolRef', {
  simpleResolvers: true,
  description: 'template_spool_ref: a template on a primary pool (install path = linked-clone backing file)',
})
export class TemplatePoolRef {
  record: TemplatePoolRefRecord;
  @Field(() => String, { nullable: true }) installPath: string | null;
  @Field(() => String, { nullable: true }) localPath: string | null;
  @Field(() => DownloadStateEnum.graphql, { nullable: true }) downloadState: string | null;
  @Field(() => Int, { nullable: true }) downloadPercent: number | null;
  @Field(() => DataStoreObjectStateEnum.graphql, { nullable: true }) state: string | null;
  @Field(() => Float) templateSize: number;
  @Field(() => Boolean) markedForGc: boolean;
  @Field(() => GraphQLISODateTime) created: Date;

  static from(record: TemplatePoolRefRecord): TemplatePoolRef {
    return Object.assign(new TemplatePoolRef(), {
      record,
      installPath: record.installPath,
      localPath: record.localPath,
      downloadState: DownloadStateEnum.toGraphQL(record.downloadState),
      downloadPercent: record.downloadPct,
      state: DataStoreObjectStateEnum.toGraphQL(record.state),
      templateSize: record.templateSize,
      markedForGc: record.markedForGc,
      created: record.created,
    });
  }
}
