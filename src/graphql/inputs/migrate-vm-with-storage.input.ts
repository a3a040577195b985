import { Field, ID, InputType } from 'type-graphql';
import type { MigrationRequest } from '../../app/migration/migration-request';
import { parsePublicId } from '../public-id';

@InputType('VolumeMigrationInput', { description: 'One volume and the pool it should move to.' })
export class VolumeMigrationInput {
  @Field(() => ID) volumeId: string;
  @Field(() => ID) destinationPoolId: string;
}

@InputType('MigrateVmWithStorageInput', { description: 'Live-migrate a running KVM VM to another host while some of its volumes move to other pools.' })
export class MigrateVmWithStorageInput {
  @Field(() => ID) vmId: string;
  @Field(() => ID) destinationHostId: string;
  @Field(() => [VolumeMigrationInput], { description: "Order is kept: CloudStack's decision depends on it (R2a: the first entry picks the strategy)." })
  volumes: VolumeMigrationInput[];
  @Field(() => String, {
    nullable: true,
    description:
      'Repeating the same request with the same key returns the first job instead of starting another; another request with a used key is a CONFLICT.',
  })
  idempotencyKey?: string | null;
}

/** Input -> use-case request: every id validated (BAD_USER_INPUT names the argument), input order kept. */
export function toMigrationRequest(input: MigrateVmWithStorageInput): MigrationRequest {
  return {
    vmUuid: parsePublicId(input.vmId, 'input.vmId'),
    destinationHostUuid: parsePublicId(input.destinationHostId, 'input.destinationHostId'),
    volumes: input.volumes.map((volume, i) => ({
      volumeUuid: parsePublicId(volume.volumeId, `input.volumes[${i}].volumeId`),
      destinationPoolUuid: parsePublicId(volume.destinationPoolId, `input.volumes[${i}].destinationPoolId`),
    })),
    idempotencyKey: input.idempotencyKey ?? null,
  };
}
