import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import { Host } from '../types/host.type';
import { MigrationCommand } from '../types/migration-command.type';
import { MigrationJob } from '../types/migration-job.type';
import { MigrationPlan } from '../types/migration-plan.type';
import { VirtualMachine } from '../types/virtual-machine.type';
import { loadOne } from './load-one';

/** A job outlives the rows it names: every lookup includes removed rows. */
@Resolver(() => MigrationJob)
export class MigrationJobResolver {
  @FieldResolver(() => VirtualMachine, { nullable: true, description: 'The migrated VM (also once removed).' })
  vm(@Root() job: MigrationJob, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('vm'), job.record.vmId, VirtualMachine.from);
  }

  @FieldResolver(() => Host, { nullable: true })
  sourceHost(@Root() job: MigrationJob, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('host'), job.record.sourceHostId, Host.from);
  }

  @FieldResolver(() => Host, { nullable: true })
  destinationHost(@Root() job: MigrationJob, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('host'), job.record.destinationHostId, Host.from);
  }

  @FieldResolver(() => MigrationPlan, { nullable: true, description: 'The decision the job carries out, as planned when it was created.' })
  plan(@Root() job: MigrationJob): MigrationPlan | null {
    return job.record.plan && MigrationPlan.from(job.record.plan, job.record.request, job.record.checkpoint.destinations);
  }

  @FieldResolver(() => [MigrationCommand], { description: 'Every agent command the job sent, in send order.' })
  async commands(@Root() job: MigrationJob, @Ctx() ctx: GatewayContext): Promise<MigrationCommand[]> {
    return (await ctx.migrationLoaders.commandsByJobId.load(job.record.id)).map(MigrationCommand.from);
  }
}

@Resolver(() => MigrationCommand)
export class MigrationCommandResolver {
  @FieldResolver(() => Host, { nullable: true, description: 'The host the command went to.' })
  host(@Root() command: MigrationCommand, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('host'), command.record.hostId, Host.from);
  }
}
