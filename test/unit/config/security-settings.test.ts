import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/gateway-config';

describe('security and operations settings', () => {
  it('requires API keys, limits queries and bodies, and serves the explorer by default', () => {
    const config = loadConfig({});
    expect(config.auth).toBe('required');
    expect(config.maxBodyBytes).toBe(1_048_576);
    expect(config.queryLimits).toEqual({ maxDepth: 12, maxCost: 50_000, maxAliases: 30, maxFields: 500, maxTokens: 2_000 });
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.explorer).toBe(true);
    expect(config.statementTimeoutMs).toBe(15_000);
  });

  it('reads every limit from its GATEWAY_* variable', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      GATEWAY_AUTH: 'off',
      GATEWAY_MAX_BODY_BYTES: '2048',
      GATEWAY_MAX_QUERY_DEPTH: '5',
      GATEWAY_MAX_QUERY_COST: '100',
      GATEWAY_MAX_QUERY_ALIASES: '0',
      GATEWAY_MAX_QUERY_FIELDS: '50',
      GATEWAY_MAX_QUERY_TOKENS: '300',
      GATEWAY_SHUTDOWN_TIMEOUT_MS: '0',
      GATEWAY_EXPLORER: 'false',
    });
    expect(config).toMatchObject({ auth: 'off', maxBodyBytes: 2048, shutdownTimeoutMs: 0, explorer: false });
    expect(config.queryLimits).toEqual({ maxDepth: 5, maxCost: 100, maxAliases: 0, maxFields: 50, maxTokens: 300 });
  });

  it.each([['production'], ['Production'], ['prod'], ['PRODUCTION'], ['staging'], ['Development'], ['test '], [''], [undefined]])(
    'refuses to switch authentication off with NODE_ENV=%j (anything but exactly development or test is production), naming the variable',
    (nodeEnv) => {
      const env = { GATEWAY_AUTH: 'off', NODE_ENV: nodeEnv };
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/GATEWAY_AUTH cannot be "off" unless NODE_ENV is exactly "development" or "test"/);
    },
  );

  it.each([['0.0.0.0'], ['::'], ['10.1.2.3'], ['gateway.example']])(
    'refuses authentication off on the non-loopback listen address %s, even in development',
    (host) => {
      expect(() => loadConfig({ GATEWAY_AUTH: 'off', NODE_ENV: 'development', GATEWAY_HOST: host })).toThrow(
        /GATEWAY_AUTH cannot be "off" while the gateway listens on GATEWAY_HOST/,
      );
    },
  );

  it.each([['127.0.0.1'], ['127.8.9.10'], ['::1'], ['localhost']])('allows authentication off on %s with NODE_ENV=development or test', (host) => {
    for (const nodeEnv of ['development', 'test']) expect(loadConfig({ GATEWAY_AUTH: 'off', NODE_ENV: nodeEnv, GATEWAY_HOST: host }).auth).toBe('off');
  });

  it('is production-like unless NODE_ENV says development or test exactly', () => {
    expect(loadConfig({}).production).toBe(true);
    expect(loadConfig({ NODE_ENV: 'prod' }).production).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).production).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).production).toBe(false);
  });

  it('lets only admins introspect when production-like, everyone in development, and reads GATEWAY_INTROSPECTION per role', () => {
    expect(loadConfig({}).introspection).toEqual(['ROOT_ADMIN', 'READ_ONLY_ADMIN']);
    expect(loadConfig({ NODE_ENV: 'development' }).introspection).toEqual(['ROOT_ADMIN', 'READ_ONLY_ADMIN', 'DOMAIN_ADMIN', 'USER']);
    expect(loadConfig({ GATEWAY_INTROSPECTION: 'all' }).introspection).toHaveLength(4);
    expect(loadConfig({ GATEWAY_INTROSPECTION: 'true' }).introspection).toHaveLength(4);
    expect(loadConfig({ NODE_ENV: 'test', GATEWAY_INTROSPECTION: 'none' }).introspection).toEqual([]);
    expect(loadConfig({ GATEWAY_INTROSPECTION: 'false' }).introspection).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'test', GATEWAY_INTROSPECTION: 'admins' }).introspection).toEqual(['ROOT_ADMIN', 'READ_ONLY_ADMIN']);
    expect(loadConfig({ GATEWAY_INTROSPECTION: 'domain_admin, ROOT_ADMIN' }).introspection).toEqual(['ROOT_ADMIN', 'DOMAIN_ADMIN']);
    expect(() => loadConfig({ GATEWAY_INTROSPECTION: 'ROOT_ADMIN,SUPERUSER' })).toThrow(
      /GATEWAY_INTROSPECTION must be all, none, admins or a comma-separated list/,
    );
  });

  it('serves metrics nowhere by default, behind GATEWAY_METRICS_TOKEN on the main port, or on a listener of its own', () => {
    expect(loadConfig({}).metrics).toEqual({ listener: null, token: null });
    const token = 'a'.repeat(24);
    expect(loadConfig({ GATEWAY_METRICS_TOKEN: token }).metrics).toEqual({ listener: null, token });
    expect(loadConfig({ GATEWAY_METRICS_PORT: '9464' }).metrics).toEqual({ listener: { host: '127.0.0.1', port: 9464 }, token: null });
    expect(loadConfig({ GATEWAY_METRICS_PORT: '9464', GATEWAY_METRICS_HOST: '0.0.0.0', GATEWAY_METRICS_TOKEN: token }).metrics).toEqual({
      listener: { host: '0.0.0.0', port: 9464 },
      token,
    });
  });

  it.each([
    [{ GATEWAY_METRICS_TOKEN: 'short' }, /GATEWAY_METRICS_TOKEN must be at least 24 characters/],
    [{ GATEWAY_METRICS_TOKEN: `${'a'.repeat(20)} ${'b'.repeat(20)}` }, /GATEWAY_METRICS_TOKEN must be at least 24 characters without spaces/],
    [{ GATEWAY_METRICS_PORT: '4000' }, /GATEWAY_METRICS_PORT must differ from GATEWAY_PORT/],
    [{ GATEWAY_METRICS_PORT: '99999' }, /GATEWAY_METRICS_PORT must be an integer/],
    [{ GATEWAY_METRICS_HOST: '0.0.0.0' }, /GATEWAY_METRICS_HOST is only used with GATEWAY_METRICS_PORT/],
    [{ GATEWAY_CURSOR_SECRET: 'too-short' }, /GATEWAY_CURSOR_SECRET must be at least 32 characters/],
    [{ GATEWAY_DEBUG_ERRORS: 'verbose' }, /GATEWAY_DEBUG_ERRORS must be true or false/],
  ])('stops on %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('takes a cursor secret and the debug switch, both off by default', () => {
    expect(loadConfig({})).toMatchObject({ cursorSecret: null, debugErrors: false });
    expect(loadConfig({ GATEWAY_CURSOR_SECRET: 'c'.repeat(32), GATEWAY_DEBUG_ERRORS: 'true' })).toMatchObject({
      cursorSecret: 'c'.repeat(32),
      debugErrors: true,
    });
  });

  it.each([
    ['GATEWAY_AUTH', 'maybe'],
    ['GATEWAY_MAX_BODY_BYTES', '10'],
    ['GATEWAY_MAX_QUERY_DEPTH', '0'],
    ['GATEWAY_MAX_QUERY_TOKENS', 'lots'],
    ['GATEWAY_EXPLORER', 'sometimes'],
  ])('stops on a bad %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});

describe('migration-target settings', () => {
  it('defaults to the whole zone, the whole host_tag string, and refusing unsuitable destination hosts', () => {
    expect(loadConfig({}).migrationTargets).toEqual({ hostScope: 'ZONE', hostTagMatch: 'WHOLE_STRING', refuseUnsuitableHost: true });
  });

  it('reads each from its GATEWAY_* variable', () => {
    const config = loadConfig({
      GATEWAY_MIGRATION_HOST_SCOPE: 'SOURCE_CLUSTER',
      GATEWAY_MIGRATION_HOST_TAGS: 'ALL_OF_LIST',
      GATEWAY_MIGRATION_REFUSE_UNSUITABLE_HOST: 'false',
    });
    expect(config.migrationTargets).toEqual({ hostScope: 'SOURCE_CLUSTER', hostTagMatch: 'ALL_OF_LIST', refuseUnsuitableHost: false });
  });

  it.each([
    ['GATEWAY_MIGRATION_HOST_SCOPE', 'cluster'],
    ['GATEWAY_MIGRATION_HOST_TAGS', 'any'],
    ['GATEWAY_MIGRATION_REFUSE_UNSUITABLE_HOST', 'sometimes'],
  ])('stops on a bad %s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
