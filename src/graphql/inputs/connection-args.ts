import { ArgsType, Field, Int } from 'type-graphql';
import { VirtualMachineFilter, VolumeFilter } from './inventory-filters.input';

/** `first`/`after` of a nested connection (`Template.poolRefs(first:, after:)`). */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
export class VolumeConnectionArgs extends ConnectionArgs {
  @Field(() => VolumeFilter, { nullable: true }) filter?: VolumeFilter | null;
}

@ArgsType()
export class VirtualMachineConnectionArgs extends ConnectionArgs {
  @Field(() => VirtualMachineFilter, { nullable: true }) filter?: VirtualMachineFilter | null;
}
