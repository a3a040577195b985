import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { MigrationJobFilter } from '../../app/ports/migration-job-queries';
import type { MigrationJobStatus } from '../../app/migration/migration-job';
import { Access } from '../auth/access';
import type { GatewayContext } from '../context';
import { MigrateVmWithStorageInput, toMigrationRequest } from '../inputs/migrate-vm-with-storage.input';
import { MigrationJobFilterInput } from '../inputs/migration-job-filter.input';
import { pageRequest, toConnection } from '../pagination';
import { parsePublicId } from '../public-id';
import { Connection } from '../types/connection';
import { MigrateVmWithStoragePayload } from '../types/migrate-vm-with-storage.payload';
import { MigrationJob } from '../types/migration-job.type';
import { MigrationPlan } from '../types/migration-plan.type';

const MigrationJobConnection = Connection('MigrationJob', MigrationJob);

/**
 * Root migration operations, all root-admin only (CloudStack's migrateVirtualMachineWithVolume is
 * an admin API), checked before any argument is looked at. Connection arguments are declared
 * filter, after, first because type-graphql registers parameter decorators last-first (SDL: first,
 * after, filter).
 */
@Resolver()
export class MigrationResolver {
  @Authorized(Access.ROOT_ADMIN)
  @Query(() => MigrationPlan, { description: 'Dry run of migrateVmWithStorage: the decision and why. Writes and sends nothing.' })
  async migrationPlan(@Arg('input', () => MigrateVmWithStorageInput) input: MigrateVmWithStorageInput, @Ctx() ctx: GatewayContext) {
    const request = toMigrationRequest(input);
    return MigrationPlan.from(await ctx.services.planMigration(request), request);
  }

  @Authorized(Access.ROOT_ADMIN)
  @Mutation(() => MigrateVmWithStoragePayload, {
    description:
      'Validates, plans and starts a migration job, and returns it at once. MIGRATION_BLOCKED when the plan has blockers, CONFLICT when the VM is already migrating.',
  })
  async migrateVmWithStorage(@Arg('input', () => MigrateVmWithStorageInput) input: MigrateVmWithStorageInput, @Ctx() ctx: GatewayContext) {
    const job = await ctx.services.migrateVmWithStorage(toMigrationRequest(input), { accountId: ctx.viewer?.accountId ?? null });
    return Object.assign(new MigrateVmWithStoragePayload(), { job: MigrationJob.from(job) });
  }

  @Authorized(Access.ROOT_ADMIN)
  @Query(() => MigrationJob, { nullable: true, description: 'A migration job by id; null when unknown.' })
  async migrationJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext) {
    const job = await ctx.migrationLoaders.jobByUuid.load(parsePublicId(id));
    return job && MigrationJob.from(job);
  }

  @Authorized(Access.ROOT_ADMIN)
  @Query(() => MigrationJobConnection, { description: 'Migration jobs, newest first.' })
  async migrationJobs(
    @Ctx() ctx: GatewayContext,
    @Arg('filter', () => MigrationJobFilterInput, { nullable: true }) filter?: MigrationJobFilterInput,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ) {
    const binding = { connection: 'migrationJobs', filter: { statuses: filter?.statuses, vmId: filter?.vmId } };
    const page = pageRequest(ctx, binding, { first, after });
    const jobFilter = await toJobFilter(filter, ctx);
    if (jobFilter === null) return toConnection(ctx, binding, { rows: [], hasNextPage: false }, MigrationJob.from, () => Promise.resolve(0));
    const jobs = ctx.services.migrationJobs;
    return toConnection(ctx, binding, await jobs.page(jobFilter, page), MigrationJob.from, () => jobs.count(jobFilter));
  }
}

/** Filter input -> store filter; `null` when it names a VM that does not exist (no job can match). */
export async function toJobFilter(filter: MigrationJobFilterInput | undefined, ctx: GatewayContext): Promise<MigrationJobFilter | null> {
  const result: MigrationJobFilter = {};
  if (filter?.statuses) result.statuses = filter.statuses as MigrationJobStatus[];
  if (filter?.vmId !== undefined && filter.vmId !== null) {
    const vm = await ctx.loaders.byUuid('vm').load(parsePublicId(filter.vmId, 'filter.vmId'));
    if (vm === null) return null;
    result.vmId = vm.id;
  }
  return result;
}
