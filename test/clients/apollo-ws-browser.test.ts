import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '../../src/app/auth/api-key-service';
import { loadConfig } from '../../src/config/gateway-config';
import { type RunningGateway, startGateway } from '../../src/composition/gateway';
import { TypeOrmApiKeyStore } from '../../src/infra/auth/typeorm-api-key-store';
import { demoHandles } from '../../src/infra/db/seed/demo-inventory';
import { createJsonLogger } from '../../src/infra/logging/json-logger';
import { launchChromium } from '../support/chromium';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const METRICS_TOKEN = 'apollo-ws-test-token-0123456789abcdef';

async function bundleApp(): Promise<string> {
  const result = await build({
    entryPoints: [resolve(__dirname, 'apollo-ws-app/app.ts')],
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

describe('Apollo Client 4 with GraphQLWsLink in Chromium on another origin, against the gateway on MariaDB', () => {
  let db: TestDatabase;
  let gateway: RunningGateway;
  let frontend: Server;
  let origin: string;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    db = await createTestDatabase('mysql', { migrate: false });
    const config = loadConfig({
      GATEWAY_DATABASE_URL: db.url,
      GATEWAY_PORT: '0',
      GATEWAY_SEED_DEMO: 'true',
      GATEWAY_CREATE_SCHEMA: 'true',
      GATEWAY_AGENT_TRANSPORT: 'simulator',
      GATEWAY_LOG_LEVEL: 'error',
      GATEWAY_METRICS_TOKEN: METRICS_TOKEN,
    });
    gateway = await startGateway(
      config,
      createJsonLogger('error', () => {}),
      { announce: () => {} },
    );
    key = (await new ApiKeyService(new TypeOrmApiKeyStore(gateway.dataSource)).create({ account: 'admin' })).key;
    const script = await bundleApp();
    frontend = createServer((req, res) => {
      if (req.url === '/app.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      const appConfig = { wsUrl: `${gateway.url.replace(/^http/, 'ws')}/graphql`, apiKey: key };
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html><head><meta charset="utf-8"><title>migrations</title><link rel="icon" href="data:,"></head><body>
<script>window.APP_CONFIG = ${JSON.stringify(appConfig)};</script><script src="/app.js"></script></body></html>`,
      );
    });
    await new Promise<void>((done) => frontend.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(frontend.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await new Promise((done) => frontend?.close(done));
    await db?.dispose();
  });

  async function graphql(query: string, variables?: Record<string, unknown>) {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  }

  const activeSubscriptions = async () =>
    Number(
      /^gateway_graphql_subscriptions_active (\d+)$/m.exec(
        await (await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text(),
      )?.[1],
    );

  it("shows a migration's steps live and its end", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${origin}/`);
    await expect.poll(activeSubscriptions, { timeout: 15_000 }).toBe(1);

    const handles = demoHandles();
    const volumes = (await graphql('query($id: ID!) { virtualMachine(id: $id) { volumes { id type } } }', { id: handles.vms['web-01'] })).data.virtualMachine
      .volumes;
    const started = await graphql('mutation($input: MigrateVmWithStorageInput!) { migrateVmWithStorage(input: $input) { job { id } } }', {
      input: {
        vmId: handles.vms['web-01'],
        destinationHostId: handles.hosts['kvm-a2'],
        volumes: [{ volumeId: volumes.find((v: any) => v.type === 'DATADISK').id, destinationPoolId: handles.pools['nfs-a2'] }],
      },
    });
    const jobId = started.data.migrateVmWithStorage.job.id;
    await expect.poll(() => page.evaluate(() => (globalThis as any).APP_STATE.completed), { timeout: 20_000 }).toBe(true);
    const state = await page.evaluate(() => (globalThis as any).APP_STATE);
    expect(state.error).toBeNull();
    expect(problems).toEqual([]);

    const final = (
      await graphql('query($id: ID!) { migrationJob(id: $id) { id status progress { step percent } commands { seq name outcome } } }', { id: jobId })
    ).data.migrationJob;
    const strip = ({ __typename, ...rest }: any) => ({
      ...rest,
      progress: { step: rest.progress.step, percent: rest.progress.percent },
      commands: rest.commands.map(({ __typename: _t, ...c }: any) => c),
    });
    const events = state.events.map(strip);
    expect(new Set(events.map((e: any) => e.id))).toEqual(new Set([jobId]));
    expect(events[0]).toMatchObject({ status: 'PENDING', commands: [] });
    expect(events.at(-1)).toEqual(final);
    // Live: each command was shown sent and then answered, so at least two states per command.
    for (const command of final.commands) {
      expect(events.some((e: any) => e.commands.some((c: any) => c.seq === command.seq && c.outcome === 'SENT'))).toBe(true);
    }
    expect(events.length).toBeGreaterThanOrEqual(2 * final.commands.length + 2);
    const steps = events.map((e: any) => e.progress.step).filter((s: string, i: number, all: string[]) => i === 0 || s !== all[i - 1]);
    expect(steps[0]).toBe('QUEUED');
    expect(steps.at(-1)).toBe('DONE');
    expect(steps.length).toBeGreaterThanOrEqual(4);
    // The end, from migrationJobUpdated: the final state once, then completion.
    expect(state.finalOfJob.map(strip)).toEqual([final]);
    await context.close();
  });
});
