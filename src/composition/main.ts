import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/gateway-config';
import { StartupError, startGateway } from './gateway';
import { createJsonLogger } from '../infra/logging/json-logger';

/** Process entry: read configuration, start the gateway, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createJsonLogger(config.logLevel);
  let gateway;
  try {
    gateway = await startGateway(config, logger);
  } catch (error) {
    if (error instanceof StartupError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  logger.log({
    msg: 'gateway listening',
    graphql: `${gateway.url}/graphql`,
    explorer: config.explorer ? `${gateway.url}/explorer` : undefined,
    metrics: gateway.metricsUrl ?? 'not served (set GATEWAY_METRICS_PORT or GATEWAY_METRICS_TOKEN)',
    auth: config.auth,
    production: config.production,
    database: config.database.displayUrl,
    agents: config.agentTransport,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second signal while draining: the operator wants out now (leased jobs are recovered by the next start).
      logger.log({ level: 'warn', msg: 'second signal: exiting without finishing the drain', signal });
      process.exit(1);
    }
    stopping = true;
    logger.log({ msg: 'shutting down: no new requests, finishing in-flight work', signal });
    try {
      await gateway.stop();
      logger.log({ msg: 'stopped' });
      process.exit(0);
    } catch (error) {
      logger.log({ level: 'error', msg: 'shutdown failed', error: error instanceof Error ? error.stack : String(error) });
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
