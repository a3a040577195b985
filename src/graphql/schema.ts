import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType, type NonEmptyArray, type PubSub } from 'type-graphql';
import { gatewayAuthChecker } from './auth/access';
import { ClusterResolver } from './resolvers/cluster.resolver';
import { HostResolver } from './resolvers/host.resolver';
import { InventoryQueryResolver } from './resolvers/inventory-query.resolver';
import { MigrationCommandResolver, MigrationJobResolver } from './resolvers/migration-job.resolver';
import {
  MigrationBlockerResolver,
  MigrationPlanEntryResolver,
  MigrationPlanResolver,
  PlannedAgentCommandResolver,
  TemplateRefActionResolver,
  TemplateStagingResolver,
} from './resolvers/migration-plan.resolver';
import { MigrationResolver } from './resolvers/migration.resolver';
import { MigrationSubscriptionResolver } from './resolvers/migration-subscription.resolver';
import {
  MigrationHostTargetResolver,
  MigrationPoolTargetResolver,
  MigrationTargetsQueryResolver,
  MigrationTargetsResolver,
  MigrationVolumeTargetsResolver,
} from './resolvers/migration-targets.resolver';
import { StoragePoolResolver } from './resolvers/storage-pool.resolver';
import { TemplatePoolRefResolver, TemplateResolver, TemplateStoreRefResolver } from './resolvers/template.resolver';
import { VirtualMachineResolver } from './resolvers/virtual-machine.resolver';
import { VolumeResolver } from './resolvers/volume.resolver';
import { Account } from './types/account.type';
import { Domain } from './types/domain.type';

const RESOLVERS: NonEmptyArray<ClassType> = [
  InventoryQueryResolver,
  VirtualMachineResolver,
  VolumeResolver,
  StoragePoolResolver,
  HostResolver,
  ClusterResolver,
  TemplateResolver,
  TemplateStoreRefResolver,
  TemplatePoolRefResolver,
  MigrationResolver,
  MigrationSubscriptionResolver,
  MigrationPlanResolver,
  MigrationPlanEntryResolver,
  TemplateStagingResolver,
  TemplateRefActionResolver,
  MigrationBlockerResolver,
  PlannedAgentCommandResolver,
  MigrationJobResolver,
  MigrationCommandResolver,
  MigrationTargetsQueryResolver,
  MigrationTargetsResolver,
  MigrationHostTargetResolver,
  MigrationVolumeTargetsResolver,
  MigrationPoolTargetResolver,
];

/** Every subscription brings its own `subscribe` (the job watch); type-graphql asks for a PubSub all the same. */
const NO_TOPICS: PubSub = {
  publish() {
    throw new Error('The gateway publishes no topics: subscriptions read the job watch.');
  },
  subscribe() {
    throw new Error('The gateway publishes no topics: subscriptions read the job watch.');
  },
};

let cached: Promise<GraphQLSchema> | undefined;

/** The code-first schema (type-graphql); `schema/schema.graphql` is its emitted SDL. Built once per process. */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: RESOLVERS,
    // Types reachable only through `node(id:)` must be listed to be in the schema.
    orphanedTypes: [Account, Domain],
    validate: false,
    pubSub: NO_TOPICS,
    // @Authorized(Access.X) fields and operations: FORBIDDEN for callers without the role (auth/access.ts).
    authChecker: gatewayAuthChecker,
    authMode: 'error',
  });
  return cached;
}
