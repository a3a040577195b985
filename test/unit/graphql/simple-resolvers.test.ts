import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../../src/graphql/schema';

/**
 * Object types use type-graphql's simple resolvers (graphql's default resolver, no middleware
 * wrapper: issue 12), which also skip the auth checker. Every @Authorized field must therefore
 * keep its wrapper (`simple: false`, or a field resolver), or a user would read it unchecked.
 */
/** type-graphql's metadata storage (the global its getMetadataStorage() returns; not exported by the package). */
interface TypeGraphQLMetadata {
  authorizedFields: { target: abstract new (...args: never[]) => unknown; fieldName: string }[];
  objectTypes: { target: abstract new (...args: never[]) => unknown; name: string }[];
}

describe('simple resolvers', () => {
  it('keep a resolver, and so the auth check, on every @Authorized field', async () => {
    const schema = await buildGatewaySchema();
    const storage = (globalThis as unknown as { TypeGraphQLMetadataStorage: TypeGraphQLMetadata }).TypeGraphQLMetadataStorage;
    const guarded = storage.authorizedFields.flatMap(({ target, fieldName }) =>
      storage.objectTypes.filter((t) => t.target === target || t.target.prototype instanceof target).map((t) => `${t.name}.${fieldName}`),
    );
    expect(guarded).toEqual(expect.arrayContaining(['VirtualMachine.instanceName', 'Volume.path', 'Volume.iscsiName']));
    const unguarded = guarded.filter((path) => {
      const [typeName, fieldName] = path.split('.');
      const type = schema.getType(typeName);
      return !isObjectType(type) || typeof type.getFields()[fieldName]?.resolve !== 'function';
    });
    expect(unguarded).toEqual([]);
  });

  it('leave plain property fields to the default resolver', async () => {
    const schema = await buildGatewaySchema();
    const vm = schema.getType('VirtualMachine');
    expect(isObjectType(vm) && vm.getFields().name.resolve).toBeUndefined();
  });
});
