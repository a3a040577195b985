import { type GraphQLField, type GraphQLNamedType, type GraphQLSchema, getNamedType, isAbstractType, isLeafType, isNonNullType, isObjectType } from 'graphql';

/**
 * A selection set that reads every field of a type, as a client that renders a whole object would:
 * object fields recursively down to `depth`, fields with arguments only when every argument is
 * optional (they run with their defaults), abstract types by `__typename` and `id`. Used to prove
 * that an object answers all of its fields without an error (for example a job after it ended).
 */
export function fullSelection(schema: GraphQLSchema, typeName: string, depth: number): string {
  const type = schema.getType(typeName);
  if (!type) throw new Error(`no type ${typeName}`);
  return selectionOf(type, depth);
}

function selectionOf(type: GraphQLNamedType, depth: number): string {
  if (isAbstractType(type)) return '{ __typename ... on Node { id } }';
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).flatMap((field) => {
    if (!readable(field)) return [];
    const named = getNamedType(field.type);
    if (isLeafType(named)) return [field.name];
    if (depth <= 0) return isObjectType(named) && 'id' in named.getFields() ? [`${field.name} { id }`] : [];
    return [`${field.name} ${selectionOf(named, depth - 1)}`];
  });
  return `{ ${fields.join(' ')} }`;
}

function readable(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined);
}
