import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/gateway-config';
import { StartupError, startGateway } from './gateway';
import { createJsonLogger } from './infra/logging/json-logger';

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
  logger.log({ msg: 'gateway listening', graphql: `${gateway.url}/graphql`, database: config.database.displayUrl, agents: config.agentTransport });
  const stop = async (signal: string) => {
    logger.log({ msg: 'shutting down', signal });
    await gateway.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

void main();
