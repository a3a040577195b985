import { Field, ID, InputType } from 'type-graphql';
import { MigrationJobStatusEnum } from '../types/migration-enums';

@InputType('MigrationJobFilter')
export class MigrationJobFilterInput {
  @Field(() => ID, { nullable: true, description: 'Jobs of this VM.' }) vmId?: string;
  @Field(() => [MigrationJobStatusEnum], { nullable: true, description: 'Jobs in any of these statuses (an empty list matches none).' })
  statuses?: string[];
}
