import {
  type ArgumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../pagination';

/**
 * Sizes of the plain (non-connection) lists: what one such list usually holds. Each is bounded by
 * one object, not by the inventory (lists that grow with the inventory are connections and count
 * their `first`).
 */
export const PLAIN_LIST_SIZES: Record<string, number> = {
  // A VM's disks: ROOT plus a few DATADISKs (KVM allows a few dozen at most, per hypervisor_capabilities).
  'VirtualMachine.volumes': 4,
  // One entry, and at most one forcing volume, per VM volume of the request.
  'MigrationPlan.entries': 4,
  'MigrationPlan.forcedBy': 4,
  'MigrationPlan.blockers': 4,
  // A plan's agent commands: prepare, per-volume copies and creations, migrate, cleanups.
  'MigrationPlan.commands': 16,
  'MigrationJob.commands': 16,
  // The pools of a host's cluster and zone, the hosts of a pool's cluster.
  'Host.storagePools': 8,
  'StoragePool.hosts': 16,
  // Migration targets: a handful of reasons or notes at most; `hosts` and `pools` take `first`.
  'MigrationTargets.notes': 2,
  'MigrationHostTarget.reasons': 3,
  'MigrationHostTarget.notes': 2,
  'MigrationPoolTarget.reasons': 2,
};
/** Any other plain list. */
const DEFAULT_LIST_SIZE = 10;

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  maxPageSize: number;
}

/**
 * Estimated number of field values an operation resolves: each field costs 1 plus the cost of
 * its selection, and the selection of a list counts once per item. A connection's `edges` count
 * `first` items (the default page size without it, at most the page-size cap) while its
 * `totalCount` and `pageInfo` count once; `nodes(ids:)` counts its ids; a plain list with a `first`
 * argument counts it; other plain lists count PLAIN_LIST_SIZES. Introspection costs nothing here (bounded by graphql-js's
 * MaxIntrospectionDepthRule). Runs on a validated document.
 */
export function estimateCost(input: CostInput): number {
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();

  /** `pageSize`: the `first` of the connection field whose selection this is. */
  function selectionSetCost(selectionSet: SelectionSetNode, parentType: GraphQLNamedType, pageSize: number): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parentType, pageSize);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? input.schema.getType(selection.typeCondition.name.value) : parentType;
        total += type ? selectionSetCost(selection.selectionSet, type, pageSize) : 0;
      } else {
        total += fragmentCost(selection.name.value, pageSize);
      }
    }
    return total;
  }

  function fragmentCost(name: string, pageSize: number): number {
    const key = `${name}@${pageSize}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const fragment = input.fragments.get(name);
    const type = fragment && input.schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !type || inProgress.has(name)) return 0;
    inProgress.add(name);
    const cost = selectionSetCost(fragment.selectionSet, type, pageSize);
    inProgress.delete(name);
    memo.set(key, cost);
    return cost;
  }

  function fieldCost(node: FieldNode, parentType: GraphQLNamedType, pageSize: number): number {
    if (node.name.value.startsWith('__')) return 0;
    if (!isObjectType(parentType) && !isInterfaceType(parentType)) return 0;
    const field = parentType.getFields()[node.name.value];
    if (!field || !node.selectionSet) return 1;
    const args = node.arguments ?? [];
    const childPageSize = hasArgument(field, 'first') ? clamp(numberArgument(args, 'first') ?? DEFAULT_PAGE_SIZE, 0, input.maxPageSize) : 0;
    const children = selectionSetCost(node.selectionSet, getNamedType(field.type), childPageSize);
    return 1 + itemsOf(parentType.name, field, args, pageSize) * children;
  }

  /** How many times a field's selection is resolved. */
  function itemsOf(parentName: string, field: GraphQLField<unknown, unknown>, args: readonly ArgumentNode[], pageSize: number): number {
    if (hasArgument(field, 'ids')) return listArgumentLength(args, 'ids');
    if (!isListType(getNullableType(field.type))) return 1;
    if (parentName.endsWith('Connection') && field.name === 'edges') return pageSize;
    // A plain list that takes `first` (migration targets' hosts and pools) holds at most that many.
    if (hasArgument(field, 'first')) return clamp(numberArgument(args, 'first') ?? DEFAULT_PAGE_SIZE, 0, input.maxPageSize);
    return PLAIN_LIST_SIZES[`${parentName}.${field.name}`] ?? DEFAULT_LIST_SIZE;
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
  return root ? selectionSetCost(input.operation.selectionSet, root, 0) : 0;
}

function hasArgument(field: GraphQLField<unknown, unknown>, name: string): boolean {
  return field.args.some((a) => a.name === name);
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLNamedType | null | undefined {
  if (operation.operation === OperationTypeNode.MUTATION) return schema.getMutationType();
  if (operation.operation === OperationTypeNode.SUBSCRIPTION) return schema.getSubscriptionType();
  return schema.getQueryType();
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
