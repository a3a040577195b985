import { JSONResolver } from 'graphql-scalars';
import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import type { MigrationCommandRecord } from '../../app/migration/migration-job';
import { AgentCommandOutcomeEnum } from './migration-enums';

const WIRE_NOTE = "As on the agent wire, so it carries CloudStack's numeric row ids where the agent protocol has them.";

@ObjectType('MigrationCommand', { simpleResolvers: true, description: 'An agent command a job sent, as recorded.' })
export class MigrationCommand {
  record: MigrationCommandRecord;
  @Field(() => Int, { description: 'Send order within the job, from 1.' }) seq: number;
  @Field(() => String, { description: 'CloudStack command class name.' }) name: string;
  @Field(() => JSONResolver, { description: `The command as sent. ${WIRE_NOTE}` }) request: unknown;
  @Field(() => JSONResolver, { nullable: true, description: `The answer as received; null without an answer. ${WIRE_NOTE}` }) answer: unknown;
  @Field(() => AgentCommandOutcomeEnum) outcome: string;
  @Field(() => Int) durationMs: number;
  @Field(() => GraphQLISODateTime) createdAt: Date;

  static from(record: MigrationCommandRecord): MigrationCommand {
    return Object.assign(new MigrationCommand(), {
      record,
      seq: record.seq,
      name: record.name,
      request: record.request,
      answer: record.answer ?? null,
      outcome: record.outcome,
      durationMs: record.durationMs,
      createdAt: record.createdAt,
    });
  }
}
