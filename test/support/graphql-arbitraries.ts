import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';

/**
 * fast-check arbitraries of GraphQL requests generated from the schema: mostly valid operations
 * (real fields, typed arguments, nested selections, inline fragments on Node), with a share of
 * wrong argument values, huge numbers, junk ids and cursors, so a fuzz run reaches resolvers,
 * loaders and SQL rather than stopping at validation.
 */
export function operationArbitrary(schema: GraphQLSchema, ids: string[], maxDepth = 4): fc.Arbitrary<string> {
  const root = schema.getQueryType()!;
  return fc.array(fieldArbitrary(schema, root, maxDepth, ids), { minLength: 1, maxLength: 3 }).map((fields) => `{ ${aliasRepeats(fields)} }`);
}

function fieldArbitrary(schema: GraphQLSchema, type: GraphQLNamedType, depth: number, ids: string[]): fc.Arbitrary<string> {
  if (!isObjectType(type) && !isInterfaceType(type)) return fc.constant('__typename');
  const fields = Object.values(type.getFields()).filter((f) => depth > 0 || isLeaf(getNamedType(f.type)));
  if (fields.length === 0) return fc.constant('__typename');
  return fc.constantFrom(...fields).chain((field) => {
    const args = argumentsArbitrary(field, ids);
    const named = getNamedType(field.type);
    const selection = isLeaf(named) ? fc.constant('') : selectionArbitrary(schema, named, depth - 1, ids).map((s) => ` { ${s} }`);
    return fc.tuple(args, selection).map(([a, s]) => `${field.name}${a}${s}`);
  });
}

function selectionArbitrary(schema: GraphQLSchema, type: GraphQLNamedType, depth: number, ids: string[]): fc.Arbitrary<string> {
  const own = fc.array(fieldArbitrary(schema, type, depth, ids), { minLength: 1, maxLength: 3 }).map(aliasRepeats);
  if (!isInterfaceType(type) && !isUnionType(type)) return own;
  const implementations = schema.getPossibleTypes(type);
  const fragment = fc.constantFrom(...implementations).chain((impl) => fieldArbitrary(schema, impl, depth, ids).map((f) => `... on ${impl.name} { ${f} }`));
  return fc.tuple(isInterfaceType(type) ? own : fc.constant('__typename'), fc.option(fragment)).map(([o, f]) => (f ? `${o} ${f}` : o));
}

function argumentsArbitrary(field: GraphQLField<unknown, unknown>, ids: string[]): fc.Arbitrary<string> {
  if (field.args.length === 0) return fc.constant('');
  const parts = field.args.map((arg) => {
    const value = valueArbitrary(arg.type, ids, 3).map((v) => `${arg.name}: ${v}`);
    return isNonNullType(arg.type) ? value : fc.option(value, { freq: 2 });
  });
  return fc.tuple(...parts).map((values) => {
    const present = values.filter((v): v is string => v !== null);
    return present.length ? `(${present.join(', ')})` : '';
  });
}

function valueArbitrary(type: GraphQLInputType, ids: string[], depth: number): fc.Arbitrary<string> {
  const inner = getNullableType<GraphQLInputType>(type);
  const typed: fc.Arbitrary<string> = (() => {
    if (isListType(inner)) {
      return fc.array(valueArbitrary(inner.ofType, ids, depth - 1), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`);
    }
    if (isEnumType(inner)) return fc.constantFrom(...inner.getValues().map((v) => v.name));
    if (isInputObjectType(inner)) {
      if (depth <= 0) return fc.constant('{}');
      const fields = Object.values(inner.getFields());
      return fc
        .tuple(
          ...fields.map((f) =>
            fc.option(
              valueArbitrary(f.type, ids, depth - 1).map((v) => `${f.name}: ${v}`),
              { freq: 2 },
            ),
          ),
        )
        .map((values) => `{ ${values.filter(Boolean).join(', ')} }`);
    }
    switch (isScalarType(inner) ? inner.name : '') {
      case 'Int':
        return fc.oneof(fc.integer({ min: -2, max: 120 }), fc.integer()).map(String);
      case 'Float':
        return fc.double({ noNaN: true, noDefaultInfinity: true }).map(String);
      case 'Boolean':
        return fc.boolean().map(String);
      case 'ID':
        return fc.oneof(fc.constantFrom(...ids), fc.uuid(), fc.string({ maxLength: 20 })).map((s) => JSON.stringify(s));
      default:
        return fc.oneof(fc.string({ maxLength: 30 }), fc.base64String({ maxLength: 40 })).map((s) => JSON.stringify(s));
    }
  })();
  // Now and then a value of the wrong type or null, which validation or coercion must refuse cleanly.
  return fc.oneof({ arbitrary: typed, weight: 8 }, { arbitrary: fc.constantFrom('null', '"x"', '12', 'true', '[]', '{}', 'NOT_AN_ENUM', '1e400'), weight: 1 });
}

/** Aliases a field only when its name repeats in the selection set (repeats with other arguments would not merge). */
function aliasRepeats(fields: string[]): string {
  const seen = new Set<string>();
  return fields
    .map((field, i) => {
      const name = /^[A-Za-z_]\w*/.exec(field)?.[0] ?? field;
      if (!seen.has(name)) {
        seen.add(name);
        return field;
      }
      return `a${i}: ${field}`;
    })
    .join(' ');
}

function isLeaf(type: GraphQLNamedType): boolean {
  return isScalarType(type) || isEnumType(type);
}
