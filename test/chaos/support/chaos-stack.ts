import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { seedDemoInventory } from '../../../src/infra/db/seed/demo-inventory';
import { freePort, type NodeProcess, REPO_ROOT, startNodeProcess, stopAll } from '../../e2e/process/support/processes';
import { type AgentServerProcess, graphql, type GraphQLResponse, startAgentServerProcess } from '../../e2e/process/support/gateway-stack';
import { createTestDatabase, type TestDatabase, withServerConnection } from '../../support/test-database';

/** Waits of the chaos database: short, so a TIMEOUT or LATE_ANSWER fault costs seconds, not hours. */
export interface ChaosWaits {
  /** configuration `wait` (every command without its own setting). */
  agentWaitSeconds: number;
  /** `kvm.storage.online.migration.wait` (MigrateCommand). */
  migrateWaitSeconds: number;
  /** `primary.storage.download.wait` (CopyCommand, DirectDownloadCommand). */
  downloadWaitSeconds: number;
}

const DDL_FILE = resolve(REPO_ROOT, 'test/fixtures/cloudstack/cloudstack-4.22-subset.sql');

/**
 * A CloudStack database as an upgraded 4.22 has it (the fixture DDL, foreign keys on), the gateway's
 * own tables, the demo inventory, and short command waits in `configuration`.
 */
async function createChaosDatabase(waits: ChaosWaits): Promise<TestDatabase> {
  const db = await createTestDatabase('mysql', { migrate: false, createSchema: false });
  const database = new URL(db.url).pathname.slice(1);
  await withServerConnection((c) => c.query(readFileSync(DDL_FILE, 'utf8')), database);
  await db.dataSource.runMigrations({ transaction: 'each' });
  await seedDemoInventory(db.dataSource);
  await setWaits(db, waits);
  return db;
}

export async function setWaits(db: TestDatabase, waits: ChaosWaits): Promise<void> {
  const settings: [string, number][] = [
    ['wait', waits.agentWaitSeconds],
    ['kvm.storage.online.migration.wait', waits.migrateWaitSeconds],
    ['primary.storage.download.wait', waits.downloadWaitSeconds],
  ];
  for (const [name, value] of settings) {
    await db.dataSource.query(
      "INSERT INTO configuration (category, instance, component, name, value, default_value) VALUES ('Advanced', 'DEFAULT', 'management-server', ?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)",
      [name, String(value), String(value)],
    );
  }
}

/** A gateway process of the chaos run: its own instance id and port, the HTTP transport to the agent server. */
export interface ChaosGateway {
  instanceId: string;
  port: number;
  url: string;
  process: NodeProcess;
  graphql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
}

async function startChaosGateway(db: TestDatabase, agents: AgentServerProcess, instanceId: string, leaseSeconds: number, port?: number): Promise<ChaosGateway> {
  const chosen = port ?? (await freePort());
  const process = await startNodeProcess({
    label: `gateway ${instanceId} :${chosen}`,
    script: 'src/composition/main.ts',
    env: {
      // Authentication is off only for a development/test process on loopback.
      NODE_ENV: 'test',
      GATEWAY_AUTH: 'off',
      GATEWAY_DATABASE_URL: db.url,
      GATEWAY_CREATE_SCHEMA: 'false',
      GATEWAY_SEED_DEMO: 'false',
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(chosen),
      GATEWAY_AGENT_TRANSPORT: 'http',
      GATEWAY_AGENT_URL_TEMPLATE: agents.urlTemplate,
      GATEWAY_JOB_LEASE_SECONDS: String(leaseSeconds),
      GATEWAY_INSTANCE_ID: instanceId,
      GATEWAY_MAX_QUERY_COST: '1000000',
    },
    readyWhen: 'gateway listening',
    keepOutputChars: 20_000_000,
  });
  const url = `http://127.0.0.1:${chosen}`;
  return { instanceId, port: chosen, url, process, graphql: (query, variables) => graphql(url, query, variables, 60_000) };
}

/** Everything a chaos run starts: the database, one agent server, two gateway replicas. */
export interface ChaosStack {
  db: TestDatabase;
  agents: AgentServerProcess;
  gateways: ChaosGateway[];
  leaseSeconds: number;
  /** Replace a gateway that was killed by a new process with the same instance id and port (a restart). */
  restart(gateway: ChaosGateway): Promise<ChaosGateway>;
  stop(): Promise<void>;
}

export async function startChaosStack(waits: ChaosWaits, leaseSeconds: number): Promise<ChaosStack> {
  const db = await createChaosDatabase(waits);
  const agents = await startAgentServerProcess(db.url);
  const gateways = await Promise.all(['chaos-a', 'chaos-b'].map((id) => startChaosGateway(db, agents, id, leaseSeconds)));
  const stack: ChaosStack = {
    db,
    agents,
    gateways,
    leaseSeconds,
    async restart(gateway) {
      const fresh = await startChaosGateway(db, agents, gateway.instanceId, leaseSeconds, gateway.port);
      stack.gateways = stack.gateways.map((g) => (g === gateway ? fresh : g));
      return fresh;
    },
    async stop() {
      await stopAll([...stack.gateways.map((g) => g.process), agents.process], 2_000);
      // CHAOS_KEEP_DATABASE=1 keeps it for a look afterwards (its name is printed).
      if (process.env.CHAOS_KEEP_DATABASE === '1') {
        process.stdout.write(`kept database ${new URL(db.url).pathname.slice(1)}\n`);
        for (const g of stack.gateways) writeFileSync(`/tmp/chaos-${g.instanceId}.log`, g.process.output());
      } else await db.dispose();
    },
  };
  return stack;
}
