import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../context';
import { Host } from '../types/host.type';
import { ImageStore } from '../types/image-store.type';
import { MigrationBlocker } from '../types/migration-blocker.type';
import { MigrationPlanEntry, TemplateRefAction, TemplateStaging } from '../types/migration-plan-entry.type';
import { MigrationPlan } from '../types/migration-plan.type';
import { PlannedAgentCommand } from '../types/planned-agent-command.type';
import { StoragePool } from '../types/storage-pool.type';
import { Template } from '../types/template.type';
import { VirtualMachine } from '../types/virtual-machine.type';
import { Volume } from '../types/volume.type';
import { loadOne } from './load-one';

/*
 * The plan names rows by numeric id; here they become objects. Every lookup includes removed rows:
 * a job's plan must still show the volume it moved after that row was expunged, and a dry run's
 * rows were read live a moment ago, so the answer is the same.
 */

/** A volume by public id, removed rows included (job views are for root admins: unscoped). */
function loadByUuid(ctx: GatewayContext, uuid: string): Promise<Volume | null> | null {
  if (!uuid) return null;
  return ctx.loaders
    .byUuidIncludingRemoved('volume')
    .load(uuid)
    .then((record) => record && Volume.from(record));
}

/**
 * A volume the plan names by row id, shown as the volume the request named when the id is one of
 * the request's (so a job that moved it still shows it, R30), else the row itself.
 */
async function requestedVolume(plan: MigrationPlan, volumeId: number, ctx: GatewayContext): Promise<Volume | null> {
  const index = plan.record.entries.findIndex((e) => e.volumeId === volumeId);
  const uuid = index < 0 ? undefined : plan.request.volumes[index]?.volumeUuid;
  return uuid ? loadByUuid(ctx, uuid) : loadOne(ctx.loaders.byIdIncludingRemoved('volume'), volumeId, Volume.from);
}

@Resolver(() => MigrationPlan)
export class MigrationPlanResolver {
  @FieldResolver(() => VirtualMachine, { nullable: true })
  vm(@Root() plan: MigrationPlan, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('vm'), plan.record.vmId, VirtualMachine.from);
  }

  @FieldResolver(() => Host, { nullable: true, description: 'The host the VM runs on; null when it runs nowhere.' })
  sourceHost(@Root() plan: MigrationPlan, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('host'), plan.record.sourceHostId, Host.from);
  }

  @FieldResolver(() => Host, { nullable: true })
  destinationHost(@Root() plan: MigrationPlan, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('host'), plan.record.destinationHostId, Host.from);
  }

  @FieldResolver(() => [Volume], { description: 'R10a: the migrated direct-download volumes that forced the full clone, in input order.' })
  async forcedBy(@Root() plan: MigrationPlan, @Ctx() ctx: GatewayContext) {
    const volumes = await Promise.all(plan.record.forcedByVolumeIds.map((id) => requestedVolume(plan, id, ctx)));
    return volumes.filter((v): v is Volume => v !== null);
  }

  @FieldResolver(() => [MigrationPlanEntry], { description: 'One per requested volume, in input order.' })
  entries(@Root() plan: MigrationPlan): MigrationPlanEntry[] {
    return plan.record.entries.map((entry, index) =>
      MigrationPlanEntry.from(entry, plan.request.volumes[index]?.volumeUuid ?? '', plan.destinationRowIds.get(entry.index) ?? null),
    );
  }

  @FieldResolver(() => [MigrationBlocker], { description: 'Why the request cannot run, all reasons in rule order; empty when it can.' })
  blockers(@Root() plan: MigrationPlan): MigrationBlocker[] {
    return plan.record.blockers.map((blocker) => MigrationBlocker.from(blocker, blocker.message));
  }

  @FieldResolver(() => [PlannedAgentCommand], { description: 'The agent commands of the success path in send order; empty when blocked.' })
  commands(@Root() plan: MigrationPlan): PlannedAgentCommand[] {
    const { sourceHostId, destinationHostId } = plan.record;
    return plan.record.commands.map((command) => PlannedAgentCommand.from(command, command.target === 'SOURCE_HOST' ? sourceHostId : destinationHostId));
  }
}

@Resolver(() => MigrationPlanEntry)
export class MigrationPlanEntryResolver {
  @FieldResolver(() => Volume, {
    nullable: true,
    description: 'The volume the request named: the row that carries its uuid now (after success the destination row, R30), removed rows included.',
  })
  volume(@Root() entry: MigrationPlanEntry, @Ctx() ctx: GatewayContext) {
    return loadByUuid(ctx, entry.requestedVolumeUuid);
  }

  @FieldResolver(() => Volume, {
    nullable: true,
    description:
      'The row the volume was on when the plan was made (removed rows included); null once R30 moved its uuid to the ' +
      'destination row: CloudStack leaves that expunged row without a public id.',
  })
  sourceVolume(@Root() entry: MigrationPlanEntry, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('volume'), entry.record.volumeId, Volume.from);
  }

  @FieldResolver(() => Volume, {
    nullable: true,
    description:
      'The destination row the job created (R16), removed rows included: after success it carries the requested uuid, ' +
      'after a failure it is expunged. Null in a dry run, for a skipped entry, or before the job created it.',
  })
  destinationVolume(@Root() entry: MigrationPlanEntry, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('volume'), entry.destinationRowId, Volume.from);
  }

  @FieldResolver(() => StoragePool, { nullable: true })
  sourcePool(@Root() entry: MigrationPlanEntry, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('storagePool'), entry.record.sourcePoolId, StoragePool.from);
  }

  @FieldResolver(() => StoragePool, { nullable: true, description: 'Null when the requested pool does not exist (blocker DESTINATION_POOL_MISSING).' })
  destinationPool(@Root() entry: MigrationPlanEntry, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('storagePool'), entry.record.destinationPoolId, StoragePool.from);
  }
}

@Resolver(() => TemplateStaging)
export class TemplateStagingResolver {
  @FieldResolver(() => ImageStore, { nullable: true, description: 'The image store the template is copied from (COPY_FROM_IMAGE_STORE only).' })
  imageStore(@Root() staging: TemplateStaging, @Ctx() ctx: GatewayContext) {
    const id = staging.record.kind === 'COPY_FROM_IMAGE_STORE' ? staging.record.imageStoreId : null;
    return loadOne(ctx.loaders.byIdIncludingRemoved('imageStore'), id, ImageStore.from);
  }
}

@Resolver(() => TemplateRefAction)
export class TemplateRefActionResolver {
  @FieldResolver(() => StoragePool, { nullable: true, description: 'FAIL_SOURCE_REFERENCE_MISSING: the source pool lacking the reference.' })
  sourcePool(@Root() action: TemplateRefAction, @Ctx() ctx: GatewayContext) {
    const id = action.record.kind === 'FAIL_SOURCE_REFERENCE_MISSING' ? action.record.sourcePoolId : null;
    return loadOne(ctx.loaders.byIdIncludingRemoved('storagePool'), id, StoragePool.from);
  }

  @FieldResolver(() => Template, { nullable: true, description: 'FAIL_SOURCE_REFERENCE_MISSING: the template whose reference is missing.' })
  template(@Root() action: TemplateRefAction, @Ctx() ctx: GatewayContext) {
    const id = action.record.kind === 'FAIL_SOURCE_REFERENCE_MISSING' ? action.record.templateId : null;
    return loadOne(ctx.loaders.byIdIncludingRemoved('template'), id, Template.from);
  }
}

@Resolver(() => MigrationBlocker)
export class MigrationBlockerResolver {
  @FieldResolver(() => Volume, { nullable: true, description: 'The volume the blocker is about, if any.' })
  volume(@Root() blocker: MigrationBlocker, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('volume'), blocker.record.volumeId ?? null, Volume.from);
  }

  @FieldResolver(() => StoragePool, { nullable: true, description: 'The pool the blocker is about, if it exists.' })
  pool(@Root() blocker: MigrationBlocker, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('storagePool'), blocker.record.poolId ?? null, StoragePool.from);
  }
}

@Resolver(() => PlannedAgentCommand)
export class PlannedAgentCommandResolver {
  @FieldResolver(() => Host, { nullable: true, description: 'The host `target` names.' })
  host(@Root() command: PlannedAgentCommand, @Ctx() ctx: GatewayContext) {
    return loadOne(ctx.loaders.byIdIncludingRemoved('host'), command.hostId, Host.from);
  }
}
