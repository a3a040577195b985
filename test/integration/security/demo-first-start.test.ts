import 'reflect-metadata';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/gateway-config';
import { type RunningGateway, startGateway } from '../../../src/composition/gateway';
import { createJsonLogger } from '../../../src/infra/logging/json-logger';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database';

const VMS = JSON.stringify({ query: '{ virtualMachines(first: 1) { totalCount } }' });

describe.each(DATABASE_KINDS)("the demo's first start on %s", (kind) => {
  let db: TestDatabase | undefined;
  let gateway: RunningGateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
    await db?.dispose();
  });

  async function start(printed: string[], logs: Record<string, unknown>[]): Promise<RunningGateway> {
    const config = loadConfig({
      GATEWAY_DATABASE_URL: db!.url,
      GATEWAY_PORT: '0',
      GATEWAY_SEED_DEMO: 'true',
      GATEWAY_CREATE_SCHEMA: 'true',
      GATEWAY_AGENT_TRANSPORT: 'simulator',
    });
    return startGateway(
      config,
      createJsonLogger('debug', (line) => logs.push(JSON.parse(line))),
      { announce: (text) => printed.push(text) },
    );
  }

  const ask = (url: string, key?: string) =>
    fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: VMS });

  it(
    kind === 'sqlite'
      ? 'prints a root admin key once, on the first start only, and never logs it'
      : 'creates no key on a MariaDB database: keys come from the CLI there',
    async () => {
      db = await createTestDatabase(kind, { migrate: false });
      const printed: string[] = [];
      const logs: Record<string, unknown>[] = [];
      gateway = await start(printed, logs);
      expect((await ask(gateway.url)).status).toBe(401);
      if (kind === 'mysql') {
        expect(printed).toEqual([]);
        return;
      }
      expect(printed).toHaveLength(1);
      const key = /csk_[A-Za-z0-9_-]{43}/.exec(printed[0])?.[0];
      expect(key).toBeDefined();
      expect(printed[0]).toContain('"admin"');
      const response = await ask(gateway.url, key);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { virtualMachines: { totalCount: 34 } } });
      expect(JSON.stringify(logs)).not.toContain(key);

      await gateway.stop();
      gateway = await start(printed, logs);
      expect(printed).toHaveLength(1);
      expect((await ask(gateway.url, key)).status).toBe(200);
    },
  );

  it('stops in order: HTTP drained first, then the shutdown hooks, then the database', async () => {
    db = await createTestDatabase(kind, { migrate: false });
    gateway = await start([], []);
    const seen: string[] = [];
    const running = gateway;
    running.onShutdown('first', () => {
      seen.push(`first: db ${running.dataSource.isInitialized ? 'open' : 'closed'}`);
    });
    running.onShutdown('second', async () => {
      const refused = await fetch(`${running.url}/healthz`).then(
        () => 'answered',
        () => 'refused',
      );
      seen.push(`second: http ${refused}`);
    });
    await running.stop();
    gateway = undefined;
    expect(seen).toEqual(['second: http refused', 'first: db open']);
    expect(running.dataSource.isInitialized).toBe(false);
  });
});
