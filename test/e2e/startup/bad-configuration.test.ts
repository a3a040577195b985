import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

/** Starts the real entry point with only the given GATEWAY_* settings. */
function start(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GATEWAY_')));
  return spawnSync(TSX, ['src/composition/main.ts'], { cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('gateway start-up with bad configuration', () => {
  it('stops with a message naming an unknown GATEWAY_ setting', () => {
    const run = start({ GATEWAY_DATABSE_URL: 'sqlite::memory:' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('GATEWAY_DATABSE_URL is not a known setting');
  });

  it('stops with a message naming a database URL that is not a URL', () => {
    const run = start({ GATEWAY_DATABASE_URL: 'cloud-db-on-port-3306' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('GATEWAY_DATABASE_URL is not a URL');
  });

  it('stops with a message naming a value out of range', () => {
    const run = start({ GATEWAY_DATABASE_URL: 'sqlite::memory:', GATEWAY_PORT: '70000' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('GATEWAY_PORT must be an integer from 0 to 65535');
  });

  it.each(['Production', 'prod'])('refuses to start without authentication when NODE_ENV=%s (anything but development or test is production)', (nodeEnv) => {
    const run = start({ GATEWAY_DATABASE_URL: 'sqlite::memory:', GATEWAY_AUTH: 'off', NODE_ENV: nodeEnv });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `Invalid configuration: GATEWAY_AUTH cannot be "off" unless NODE_ENV is exactly "development" or "test" (NODE_ENV is "${nodeEnv}"`,
    );
  });

  it('refuses to start without authentication on a listen address other machines reach', () => {
    const run = start({ GATEWAY_DATABASE_URL: 'sqlite::memory:', GATEWAY_AUTH: 'off', NODE_ENV: 'development', GATEWAY_HOST: '0.0.0.0' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('GATEWAY_AUTH cannot be "off" while the gateway listens on GATEWAY_HOST="0.0.0.0"');
  });

  it('stops with a message naming an unreachable database', () => {
    const run = start({ GATEWAY_DATABASE_URL: 'mysql://root@127.0.0.1:1/cloud' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Cannot connect to the database mysql://root@127.0.0.1:1/cloud');
    expect(run.stderr).toMatch(/ECONNREFUSED|connect/);
  });
});
