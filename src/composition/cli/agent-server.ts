import 'reflect-metadata';
import { ConfigError, loadConfig } from '../../config/gateway-config';
import { startAgentServer } from '../../infra/agent/agent-server';
import { KvmFleetSimulator } from '../../infra/agent/kvm-fleet-simulator';
import { createDataSource } from '../../infra/db/data-source.factory';
import { readFleetInventory } from '../../infra/db/read-fleet-inventory';

/**
 * `npm run agent`: a standalone KVM agent server speaking the agent protocol over HTTP, serving a
 * simulated fleet seeded from the gateway's database (GATEWAY_DATABASE_URL). Options:
 * `--port N` (default 8251), `--host H` (default 127.0.0.1), `--token T` (or AGENT_SERVER_TOKEN).
 * Point the gateway at it with GATEWAY_AGENT_TRANSPORT=http and
 * GATEWAY_AGENT_URL_TEMPLATE=http://127.0.0.1:<port>/hosts/{hostId}/v1.
 */
async function main(argv: string[]): Promise<void> {
  const option = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const config = loadConfig();
  const dataSource = createDataSource({ database: config.database, createSchema: false });
  await dataSource.initialize();
  const simulator = new KvmFleetSimulator();
  simulator.loadInventory(await readFleetInventory(dataSource));
  await dataSource.destroy();
  const server = await startAgentServer({
    simulator,
    port: Number(option('port') ?? 8251),
    host: option('host') ?? '127.0.0.1',
    token: option('token') ?? process.env.AGENT_SERVER_TOKEN,
  });
  process.stdout.write(`${JSON.stringify({ msg: 'agent server listening', url: server.url })}\n`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
