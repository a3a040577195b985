import { Field, ObjectType } from 'type-graphql';
import { type MigrationBlocker as BlockerRecord, MigrationBlockerCode } from '../../domain/migration';

@ObjectType('MigrationBlocker', {
  simpleResolvers: true,
  description: 'Why the request cannot run; the mutation refuses it with MIGRATION_BLOCKED and the same codes.',
})
export class MigrationBlocker {
  record: BlockerRecord;
  @Field(() => String, {
    description: `Stable code, one of ${Object.values(MigrationBlockerCode).join(', ')} (a String so new codes are not a breaking change).`,
  })
  code: string;
  @Field(() => String, { description: "CloudStack's message where the reference quotes one." }) message: string;

  static from(record: BlockerRecord, message: string = record.message): MigrationBlocker {
    return Object.assign(new MigrationBlocker(), { record, code: record.code, message });
  }
}
