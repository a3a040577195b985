import { JSONObjectResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import type { PlannedCommand } from '../../domain/migration';
import { CommandTargetEnum } from './migration-enums';

@ObjectType('PlannedAgentCommand', {
  simpleResolvers: true,
  description: 'One agent command of the success path, in send order (reference section 8, steps 1-5).',
})
export class PlannedAgentCommand {
  record: PlannedCommand;
  /** The host `target` names in this plan (numeric, internal). */
  hostId: number | null;
  @Field(() => Int, { description: '1 template staging, 2 disk creation, 3 disk connection, 4 PrepareForMigration, 5 Migrate.' }) step: number;
  @Field(() => CommandTargetEnum) target: string;
  @Field(() => String, { description: 'CloudStack command class name, e.g. CreateObjectCommand.' }) name: string;
  @Field(() => Int, { description: 'Seconds the gateway waits for the answer.' }) wait: number;
  @Field(() => Boolean) executeInSequence: boolean;
  @Field(() => JSONObjectResolver, {
    description:
      "The command as the agent receives it (agent wire format). Unlike the rest of the API it carries CloudStack's " +
      'numeric row ids where the agent protocol has them; values only execution knows appear as placeholders such as {destinationVolumeUuid}.',
  })
  body: Record<string, unknown>;
  @Field(() => Int, { nullable: true, description: 'The plan entry the command belongs to; null for the VM-wide commands (steps 4, 5).' })
  entryIndex: number | null;

  static from(record: PlannedCommand, hostId: number | null): PlannedAgentCommand {
    return Object.assign(new PlannedAgentCommand(), {
      record,
      hostId,
      step: record.step,
      target: record.target,
      name: record.name,
      wait: record.wait,
      executeInSequence: record.executeInSequence,
      body: record.body as unknown as Record<string, unknown>,
      entryIndex: record.entryIndex,
    });
  }
}
