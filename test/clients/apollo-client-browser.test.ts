import 'reflect-metadata';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { type HttpTestGateway, startHttpTestGateway } from '../support/http-gateway';
import { DATABASE_KINDS } from '../support/test-database';

/** The page's bundle: Apollo Client 4 and the app, for the browser, built offline from node_modules. */
async function bundleApp(): Promise<string> {
  const result = await build({
    entryPoints: [resolve(__dirname, 'apollo-app/app.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** A static server on its own port: the frontend's origin, other than the gateway's. */
async function startFrontend(script: string, config: () => unknown): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/app.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (req.url === '/') {
      const html = `<!doctype html><html><head><meta charset="utf-8"><title>fleet dashboard</title><link rel="icon" href="data:,"></head><body>
<script>window.APP_CONFIG = ${JSON.stringify(config())};</script><script src="/app.js"></script></body></html>`;
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface AppResult {
  vms: { totalCount: number; pages: number; ids: string[] };
  poolVolumes: { totalCount: number; pages: number; ids: string[] };
  requestIds: (string | null)[];
}

describe.each(DATABASE_KINDS)('Apollo Client 4 in Chromium on another origin, against the gateway on %s', (kind) => {
  let gw: HttpTestGateway;
  let frontend: { server: Server; origin: string };
  let browser: Browser;
  let key: string;
  let poolId: string;
  const seen: { method: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    frontend = await startFrontend(await bundleApp(), () => ({ graphqlUrl: `${gw.url}/graphql`, apiKey: key, poolId }));
    gw = await startHttpTestGateway(kind, { seedDemo: true, corsOrigins: [frontend.origin] });
    key = await gw.keyFor('admin');
    gw.http.server.on('request', (req) => {
      if (req.url === '/graphql') seen.push({ method: req.method ?? '', headers: req.headers });
    });
    // The pool with the most volumes, so that its volumes take several pages of 2.
    const pools = await gw.graphql('{ storagePools(first: 100) { edges { node { id volumes { totalCount } } } } }', undefined, key);
    poolId = pools.body.data.storagePools.edges.map((e: any) => e.node).sort((a: any, b: any) => b.volumes.totalCount - a.volumes.totalCount)[0].id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await new Promise((done) => frontend?.server.close(done));
  });

  it("pages VMs and a pool's volumes with fetchMore and relayStylePagination, with client awareness, and reads x-request-id", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    const origins = new Set<string>();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => origins.add(new URL(request.url()).origin));

    await page.goto(`${frontend.origin}/`);
    await expect.poll(() => page.evaluate(() => (globalThis as any).APP_RESULT ?? (globalThis as any).APP_ERROR), { timeout: 20_000 }).toBeTruthy();
    expect(await page.evaluate(() => (globalThis as any).APP_ERROR ?? null)).toBeNull();
    const result = (await page.evaluate(() => (globalThis as any).APP_RESULT)) as AppResult;
    expect(problems).toEqual([]);
    // Nothing but the page's own origin and the gateway's.
    expect([...origins].sort()).toEqual([frontend.origin, gw.url].sort());

    // The same VMs, in the same order, as the gateway lists in one page of 9.
    const expected = await gw.graphql('{ virtualMachines(first: 9, filter: { states: [RUNNING] }) { totalCount edges { node { id } } } }', undefined, key);
    expect(result.vms.pages).toBe(3);
    expect(result.vms.totalCount).toBe(expected.body.data.virtualMachines.totalCount);
    expect(result.vms.ids).toEqual(expected.body.data.virtualMachines.edges.map((e: any) => e.node.id));

    const pool = await gw.graphql('query($id: ID!) { storagePool(id: $id) { volumes(first: 100) { totalCount edges { node { id } } } } }', { id: poolId }, key);
    const poolVolumeIds = pool.body.data.storagePool.volumes.edges.map((e: any) => e.node.id);
    expect(poolVolumeIds.length).toBeGreaterThan(2);
    expect(result.poolVolumes).toEqual({ totalCount: poolVolumeIds.length, pages: Math.ceil(poolVolumeIds.length / 2), ids: poolVolumeIds });

    // Every answer's request id was readable by the page, and is the one the gateway logged.
    const posts = seen.filter((r) => r.method === 'POST' && r.headers.origin === frontend.origin);
    expect(result.requestIds).toHaveLength(posts.length);
    const logged = new Set(gw.logs.filter((l) => l.msg === 'graphql request').map((l) => l.requestId));
    for (const id of result.requestIds) expect(logged).toContain(id);

    // Client awareness headers went through CORS; one preflight served them all (Access-Control-Max-Age).
    for (const post of posts) {
      expect(post.headers['apollographql-client-name']).toBe('fleet-dashboard');
      expect(post.headers['apollographql-client-version']).toBe('1.4.2');
    }
    const preflights = seen.filter((r) => r.method === 'OPTIONS' && r.headers.origin === frontend.origin);
    expect(preflights).toHaveLength(1);
    expect(preflights[0].headers['access-control-request-headers']).toMatch(/apollographql-client-name/);
    await context.close();
  });
});
