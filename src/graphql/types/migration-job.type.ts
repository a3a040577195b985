import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import type { MigrationJob as JobRecord } from '../../app/migration/migration-job';
import { MigrationErrorCodeEnum, MigrationJobStatusEnum } from './migration-enums';
import { Node } from './node.interface';

@ObjectType('MigrationProgress', { simpleResolvers: true })
export class MigrationProgress {
  @Field(() => String, { nullable: true, description: 'The step the job is at (QUEUED ... DONE / FAILED).' }) step: string | null;
  @Field(() => Int) percent: number;
}

@ObjectType('MigrationJobError', { simpleResolvers: true })
export class MigrationJobError {
  @Field(() => MigrationErrorCodeEnum) code: string;
  @Field(() => String, { description: "Carries the agent's details where an agent failed." }) message: string;
}

@ObjectType('MigrationJob', {
  simpleResolvers: true,
  implements: Node,
  description: 'A migrateVmWithStorage run: its plan, progress and every agent command it sent.',
})
export class MigrationJob extends Node {
  record: JobRecord;
  @Field(() => MigrationJobStatusEnum) status: string;
  @Field(() => MigrationProgress) progress: MigrationProgress;
  @Field(() => MigrationJobError, { nullable: true }) error: MigrationJobError | null;
  @Field(() => String, { nullable: true }) idempotencyKey: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt: Date | null;

  static from(record: JobRecord): MigrationJob {
    return Object.assign(new MigrationJob(), {
      record,
      id: record.uuid,
      status: record.status,
      progress: Object.assign(new MigrationProgress(), { step: record.progressStep, percent: record.progressPercent }),
      error: record.error && Object.assign(new MigrationJobError(), { code: record.error.code, message: record.error.message }),
      idempotencyKey: record.idempotencyKey,
      createdAt: record.createdAt,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
    });
  }
}
