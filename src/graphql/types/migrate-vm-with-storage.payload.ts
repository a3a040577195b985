import { Field, ObjectType } from 'type-graphql';
import { MigrationJob } from './migration-job.type';

@ObjectType('MigrateVmWithStoragePayload', { simpleResolvers: true })
export class MigrateVmWithStoragePayload {
  @Field(() => MigrationJob, { description: 'The job, returned at once; it runs on (poll migrationJob).' }) job: MigrationJob;
}
