import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpTestGateway, startHttpTestGateway } from '../support/http-gateway';

/** The compiler's native binary, shipped inside the npm package (`require('relay-compiler')` is its path). */
// relay-compiler's main export is the binary's path and it ships no type declarations or ESM entry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RELAY_COMPILER: string = require('relay-compiler');
const APP = resolve(__dirname, 'relay-app/src');
const SCHEMA = resolve(__dirname, '../../schema/schema.graphql');

/** Runs relay-compiler 21 on a copy of the app (plus `extraFiles`) against the emitted SDL. */
async function compile(extraFiles: Record<string, string> = {}): Promise<{ dir: string; ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-app-'));
  cpSync(APP, join(dir, 'src'), { recursive: true });
  for (const [name, text] of Object.entries(extraFiles)) writeFileSync(join(dir, 'src', name), text);
  writeFileSync(join(dir, 'relay.config.json'), JSON.stringify({ src: './src', schema: SCHEMA, language: 'typescript' }));
  try {
    const { stdout, stderr } = await promisify(execFile)(RELAY_COMPILER, [], { cwd: dir });
    return { dir, ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { dir, ok: false, output: stdout + stderr };
  }
}

/** The operation text relay-compiler put in a generated query artifact (`params.text`). */
function operationText(dir: string, name: string): string {
  const artifact = readFileSync(join(dir, 'src/__generated__', `${name}.graphql.ts`), 'utf8');
  const text = /"text": ("(?:[^"\\]|\\.)*")/.exec(artifact)?.[1];
  if (!text) throw new Error(`no operation text in ${name}.graphql.ts`);
  return JSON.parse(text) as string;
}

describe('a Relay app compiled with relay-compiler against the schema', () => {
  let compiled: Awaited<ReturnType<typeof compile>>;
  let gw: HttpTestGateway;
  let key: string;

  beforeAll(async () => {
    compiled = await compile();
    gw = await startHttpTestGateway('sqlite', { seedDemo: true });
    key = await gw.keyFor('admin');
  });
  afterAll(async () => {
    rmSync(compiled.dir, { recursive: true, force: true });
    await gw?.close();
  });

  const run = async (query: string, variables: Record<string, unknown>) => {
    const result = await gw.graphql(query, variables, key);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    return result.body.data;
  };

  it("compiles @connection on virtualMachines and on a pool's volumes, and @refetchable on a pool (through node)", () => {
    expect(compiled.ok, compiled.output).toBe(true);
    const refetch = operationText(compiled.dir, 'poolPageRefetchQuery');
    expect(refetch).toMatch(/node\(id: \$id\)/);
    expect(refetch).toMatch(/volumes\(first: \$count, after: \$cursor\)/);
    expect(operationText(compiled.dir, 'vmListPaginationQuery')).toMatch(/virtualMachines\(first: \$count, after: \$cursor, filter: \$filter\)/);
  });

  it("pages the VM list with the compiled pagination query, as Relay's usePaginationFragment would", async () => {
    const query = operationText(compiled.dir, 'vmListPaginationQuery');
    const first = await run(query, { count: 3, cursor: null, filter: { states: ['RUNNING'] } });
    const { totalCount, pageInfo, edges } = first.virtualMachines;
    expect(edges).toHaveLength(3);
    expect(pageInfo.hasNextPage).toBe(true);
    expect(edges.every((e: any) => e.node.__typename === 'VirtualMachine' && e.cursor)).toBe(true);
    const second = await run(query, { count: 3, cursor: pageInfo.endCursor, filter: { states: ['RUNNING'] } });
    expect(second.virtualMachines.totalCount).toBe(totalCount);
    const ids = [...edges, ...second.virtualMachines.edges].map((e: any) => e.node.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('refetches a pool by node(id:) and pages its volumes with the compiled refetch query', async () => {
    const page = operationText(compiled.dir, 'poolPageQuery');
    const refetch = operationText(compiled.dir, 'poolPageRefetchQuery');
    const pools = await run('{ storagePools(first: 50) { edges { node { id volumes { totalCount } } } } }', {});
    const busiest = pools.storagePools.edges.map((e: any) => e.node).sort((a: any, b: any) => b.volumes.totalCount - a.volumes.totalCount)[0];
    expect(busiest.volumes.totalCount).toBeGreaterThan(2);

    const initial = (await run(page, { poolId: busiest.id, count: 2 })).storagePool;
    expect(initial.volumes.edges).toHaveLength(2);
    const seen = initial.volumes.edges.map((e: any) => e.node.id);
    let { pageInfo } = initial.volumes;
    while (pageInfo.hasNextPage) {
      const next = (await run(refetch, { id: busiest.id, count: 2, cursor: pageInfo.endCursor })).node;
      expect(next).toMatchObject({ __typename: 'StoragePool', id: busiest.id });
      seen.push(...next.volumes.edges.map((e: any) => e.node.id));
      pageInfo = next.volumes.pageInfo;
    }
    expect(seen).toHaveLength(busiest.volumes.totalCount);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('fails to compile a fragment the schema does not allow (the check is real)', async () => {
    const broken = await compile({
      'broken-page.ts':
        'import { graphql } from \'relay-runtime\';\nexport const f = graphql`fragment brokenPage_host on Host { virtualMachines(first: 2, sortBy: NAME) @connection(key: "brokenPage_virtualMachines") { edges { node { id } } } }`;\n',
    });
    rmSync(broken.dir, { recursive: true, force: true });
    expect(broken.ok).toBe(false);
    expect(broken.output).toMatch(/sortBy/);
  });
});
