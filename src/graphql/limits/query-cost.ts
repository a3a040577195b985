import {
  type ArgumentNode, type FieldNode, type FragmentDefinitionNode, getNamedType, getNullableType, type GraphQLField, type GraphQLNamedType,
  type GraphQLSchema, isListType, isObjectType, isInterfaceType, Kind, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../pagination';

/** Size estimates of plain list fields without a size argument; other lists count as DEFAULT_LIST_SIZE. */
const LIST_SIZE_ESTIMATES: Record<string, number> = {
  // NESTED_LIST_LIMIT (inventory-loaders.ts): the first 50 by id.
  'Host.virtualMachines': 50,
  'StoragePool.volumes': 50,
  // Migration targets: a handful of reasons or notes at most; `hosts` and `pools` take `first`.
  'MigrationTargets.notes': 2,
  'MigrationHostTarget.reasons': 3,
  'MigrationHostTarget.notes': 2,
  'MigrationPoolTarget.reasons': 2,
};
const DEFAULT_LIST_SIZE = 10;

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  maxPageSize: number;
}

/**
 * Estimated number of field values an operation resolves: each field costs 1 plus its children
 * times the size of the list it returns. Connection fields count `first` (default page size,
 * at most the page-size cap), `nodes(ids:)` counts its ids, the edges of a connection count once
 * (already multiplied), other lists use LIST_SIZE_ESTIMATES. Introspection costs nothing here
 * (bounded by graphql-js's MaxIntrospectionDepthRule). Runs on a validated document.
 */
export function estimateCost(input: CostInput): number {
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();

  function selectionSetCost(selectionSet: SelectionSetNode, parentType: GraphQLNamedType): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parentType);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? input.schema.getType(selection.typeCondition.name.value) : parentType;
        total += type ? selectionSetCost(selection.selectionSet, type) : 0;
      } else {
        total += fragmentCost(selection.name.value);
      }
    }
    return total;
  }

  function fragmentCost(name: string): number {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = input.fragments.get(name);
    const type = fragment && input.schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !type || inProgress.has(name)) return 0;
    inProgress.add(name);
    const cost = selectionSetCost(fragment.selectionSet, type);
    inProgress.delete(name);
    memo.set(name, cost);
    return cost;
  }

  function fieldCost(node: FieldNode, parentType: GraphQLNamedType): number {
    if (node.name.value.startsWith('__')) return 0;
    if (!isObjectType(parentType) && !isInterfaceType(parentType)) return 0;
    const field = parentType.getFields()[node.name.value];
    if (!field) return 0;
    const children = node.selectionSet ? selectionSetCost(node.selectionSet, getNamedType(field.type)) : 0;
    return 1 + multiplier(parentType.name, field, node.arguments ?? []) * children;
  }

  function multiplier(parentName: string, field: GraphQLField<unknown, unknown>, args: readonly ArgumentNode[]): number {
    if (field.args.some((a) => a.name === 'first')) {
      const first = numberArgument(args, 'first');
      return clamp(first ?? DEFAULT_PAGE_SIZE, 0, input.maxPageSize);
    }
    if (field.args.some((a) => a.name === 'ids')) return listArgumentLength(args, 'ids');
    if (!isListType(getNullableType(field.type))) return 1;
    if (parentName.endsWith('Connection')) return 1;
    return LIST_SIZE_ESTIMATES[`${parentName}.${field.name}`] ?? DEFAULT_LIST_SIZE;
  }

  function numberArgument(args: readonly ArgumentNode[], name: string): number | null {
    const value = valueOf(args.find((a) => a.name.value === name)?.value);
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }

  function listArgumentLength(args: readonly ArgumentNode[], name: string): number {
    const value = valueOf(args.find((a) => a.name.value === name)?.value);
    if (Array.isArray(value)) return value.length;
    // A single value is coerced to a one-item list.
    return value === undefined || value === null ? 0 : 1;
  }

  function valueOf(node: ValueNode | undefined): unknown {
    if (!node) return undefined;
    switch (node.kind) {
      case Kind.VARIABLE:
        return input.variables[node.name.value];
      case Kind.INT:
      case Kind.FLOAT:
        return Number(node.value);
      case Kind.LIST:
        return node.values;
      case Kind.NULL:
        return null;
      default:
        return undefined;
    }
  }

  const root = rootType(input.schema, input.operation);
  return root ? selectionSetCost(input.operation.selectionSet, root) : 0;
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLNamedType | null | undefined {
  if (operation.operation === 'mutation') return schema.getMutationType();
  if (operation.operation === 'subscription') return schema.getSubscriptionType();
  return schema.getQueryType();
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
