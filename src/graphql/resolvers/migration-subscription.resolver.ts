import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { JobState } from '../../app/watch/migration-job-watch';
import { Access } from '../auth/access';
import { type GatewayContext, renewLoaders } from '../context';
import { MigrationJobFilterInput } from '../inputs/migration-job-filter.input';
import { parsePublicId } from '../public-id';
import { MigrationJob } from '../types/migration-job.type';
import { toJobFilter } from './migration.resolver';

interface SubscribeData<Args> {
  args: Args;
  context: GatewayContext;
}

/** Live migration jobs; root admins only, like the job queries (checked before the stream starts). */
@Resolver()
export class MigrationSubscriptionResolver {
  @Authorized(Access.ROOT_ADMIN)
  @Subscription(() => MigrationJob, {
    description:
      'The job now, then after each change (status, progress step, a command sent or answered); completes after SUCCEEDED or FAILED. NOT_FOUND for an unknown id.',
    subscribe: ({ args, context }: SubscribeData<{ id: string }>) => context.services.migrationJobWatch.job(parsePublicId(args.id)),
  })
  migrationJobUpdated(@Root() state: JobState, @Ctx() ctx: GatewayContext, @Arg('id', () => ID) _id: string): MigrationJob {
    return eventJob(state, ctx);
  }

  @Authorized(Access.ROOT_ADMIN)
  @Subscription(() => MigrationJob, {
    description: 'Every change of any migration job matching the filter, from the moment of subscribing.',
    subscribe: async ({ args, context }: SubscribeData<{ filter?: MigrationJobFilterInput }>) => {
      const filter = await toJobFilter(args.filter, context);
      // A filter naming an unknown VM matches no job: an empty filter of statuses says so.
      return context.services.migrationJobWatch.jobs(filter ?? { statuses: [] });
    },
  })
  migrationJobsUpdated(
    @Root() state: JobState,
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => MigrationJobFilterInput, { nullable: true }) _filter?: MigrationJobFilterInput,
  ): MigrationJob {
    return eventJob(state, ctx);
  }
}

/** One event: fresh loaders, the command log the watch already read primed into them. */
function eventJob(state: JobState, ctx: GatewayContext): MigrationJob {
  renewLoaders(ctx);
  ctx.migrationLoaders.commandsByJobId.prime(state.job.id, state.commands);
  return MigrationJob.from(state.job);
}
