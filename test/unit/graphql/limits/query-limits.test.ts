import 'reflect-metadata';
import { type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureDocument } from '../../../../src/graphql/limits/document-shape';
import { checkVariablesSize } from '../../../../src/graphql/limits/input-size';
import { estimateCost, PLAIN_LIST_SIZES } from '../../../../src/graphql/limits/query-cost';
import { DEFAULT_QUERY_LIMITS } from '../../../../src/graphql/limits/query-limits';
import { buildGatewaySchema } from '../../../../src/graphql/schema';

describe(measureDocument.name, () => {
  it('measures depth through fragments, without counting introspection', () => {
    const shape = measureDocument(
      parse(`{ virtualMachines { edges { node { ...Vm } } } __schema { types { fields { type { name } } } } }
      fragment Vm on VirtualMachine { host { cluster { name } } }`),
    );
    expect(shape.depth).toBe(6);
  });

  it('counts aliases as written and fields as expanded', () => {
    const shape = measureDocument(
      parse('{ a: virtualMachines { totalCount } b: virtualMachines { totalCount } ...Q ...Q } fragment Q on Query { c: __typename }'),
    );
    expect(shape.aliases).toBe(3);
    expect(shape.fields).toBe(6);
  });

  it('sizes a fragment bomb of 2^40 fields without expanding it', () => {
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const started = Date.now();
    const shape = measureDocument(parse(`{ ...F0 } ${fragments} fragment F40 on Query { __typename }`));
    expect(shape.fields).toBe(2 ** 40);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('survives fragment cycles (validation reports them)', () => {
    expect(measureDocument(parse('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }')).fields).toBe(0);
  });
});

describe(estimateCost.name, () => {
  let cost: (query: string, variables?: Record<string, unknown>) => number;
  beforeAll(async () => {
    const schema = await buildGatewaySchema();
    cost = (query, variables = {}) => {
      const document = parse(query);
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const fragments = new Map(
        document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
      );
      return estimateCost({ schema, operation, fragments, variables, maxPageSize: 100 });
    };
  });

  it("counts a connection's edges first times, its totalCount and pageInfo once", () => {
    // connection 1 + totalCount 1 + pageInfo (1 + 1) + edges (1 + 10 x (cursor 1 + node (1 + id 1)))
    expect(cost('{ virtualMachines(first: 10) { totalCount pageInfo { hasNextPage } edges { cursor node { id } } } }')).toBe(1 + 1 + 2 + 1 + 10 * 3);
  });

  it('takes first from variables, the default page size without it, and at most the page-size cap', () => {
    const query = 'query($n: Int) { virtualMachines(first: $n) { edges { node { id } } } }';
    expect(cost(query, { n: 3 })).toBe(1 + 1 + 3 * 2);
    expect(cost(query)).toBe(1 + 1 + 20 * 2);
    expect(cost(query, { n: 1_000_000 })).toBe(1 + 1 + 100 * 2);
  });

  it('multiplies nested connections by their own first, through fragments too', () => {
    const nested = '{ hosts(first: 10) { edges { node { virtualMachines(first: 5) { totalCount edges { node { id } } } } } } }';
    // hosts 1 + edges (1 + 10 x node (1 + virtualMachines (1 + totalCount 1 + edges (1 + 5 x node (1 + id 1)))))
    const expected = 1 + 1 + 10 * (1 + 1 + 1 + 1 + 5 * 2);
    expect(cost(nested)).toBe(expected);
    expect(
      cost(
        '{ hosts(first: 10) { ...H } } fragment H on HostConnection { edges { node { virtualMachines(first: 5) { ...V } } } } fragment V on VirtualMachineConnection { totalCount edges { node { id } } }',
      ),
    ).toBe(expected);
  });

  it('counts nodes(ids:) by its ids and plain lists by their bound', () => {
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['a', 'b', 'c'] })).toBe(1 + 3);
    // A VM's volumes: PLAIN_LIST_SIZES, a small constant.
    expect(cost('{ virtualMachine(id: "v") { volumes { id } } }')).toBe(1 + (1 + PLAIN_LIST_SIZES['VirtualMachine.volumes']));
  });

  it("admits the frontend's page of 100 VMs under the default limit and refuses two nested pages of 100", () => {
    const frontend = `query VmPage($first: Int!) { virtualMachines(first: $first) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id name state powerState created host { id name status privateIpAddress cluster { id name } }
        template { id name format directDownload
          storeRefs { edges { node { installPath state imageStore { id name } } } }
          poolRefs { edges { node { installPath state pool { id name } } } } }
        volumes { id name type state size deviceId directDownload pool { id name type scope } } } } } }`;
    expect(cost(frontend, { first: 100 })).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
    expect(cost('{ hosts(first: 100) { edges { node { virtualMachines(first: 100) { edges { node { volumes { id } } } } } } } }')).toBeGreaterThan(
      DEFAULT_QUERY_LIMITS.maxCost,
    );
  });

  it('charges nothing for introspection and __typename', () => {
    expect(cost('{ __typename __schema { types { fields { name } } } }')).toBe(0);
  });
});

describe(checkVariablesSize.name, () => {
  it('accepts ordinary variables', () => {
    expect(() => checkVariablesSize({ first: 10, filter: { states: ['RUNNING'], nameContains: 'web' }, ids: Array(100).fill('x') })).not.toThrow();
  });

  it.each([
    ['a long list', { ids: Array(1001).fill('x') }],
    ['a long string', { name: 'x'.repeat(4097) }],
    ['deep nesting', JSON.parse(`${'{"a":'.repeat(20)}1${'}'.repeat(20)}`)],
    ['too many values', { a: Array(1000).fill(Array(20).fill(1)) }],
  ])('refuses %s with BAD_USER_INPUT', (_, variables) => {
    expect(() => checkVariablesSize(variables)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
