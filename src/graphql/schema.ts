import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { ClusterResolver } from './resolvers/cluster.resolver';
import { HostResolver } from './resolvers/host.resolver';
import { InventoryQueryResolver } from './resolvers/inventory-query.resolver';
import { StoragePoolResolver } from './resolvers/storage-pool.resolver';
import { TemplatePoolRefResolver, TemplateResolver, TemplateStoreRefResolver } from './resolvers/template.resolver';
import { VirtualMachineResolver } from './resolvers/virtual-machine.resolver';
import { VolumeResolver } from './resolvers/volume.resolver';
import { Account } from './types/account.type';
import { Domain } from './types/domain.type';

export const RESOLVERS: NonEmptyArray<Function> = [
  InventoryQueryResolver,
  VirtualMachineResolver,
  VolumeResolver,
  StoragePoolResolver,
  HostResolver,
  ClusterResolver,
  TemplateResolver,
  TemplateStoreRefResolver,
  TemplatePoolRefResolver,
];

let cached: Promise<GraphQLSchema> | undefined;

/** The code-first schema (type-graphql); `schema/schema.graphql` is its emitted SDL. Built once per process. */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: RESOLVERS,
    // Types reachable only through `node(id:)` must be listed to be in the schema.
    orphanedTypes: [Account, Domain],
    validate: false,
  });
  return cached;
}
