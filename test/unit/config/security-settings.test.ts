import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/gateway-config';

describe('security and operations settings', () => {
  it('requires API keys, limits queries and bodies, and serves the explorer by default', () => {
    const config = loadConfig({});
    expect(config.auth).toBe('required');
    expect(config.maxBodyBytes).toBe(1_048_576);
    expect(config.queryLimits).toEqual({ maxDepth: 12, maxCost: 25_000, maxAliases: 30, maxFields: 500, maxTokens: 2_000 });
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.explorer).toBe(true);
    expect(config.statementTimeoutMs).toBe(15_000);
  });

  it('reads every limit from its GATEWAY_* variable', () => {
    const config = loadConfig({
      GATEWAY_AUTH: 'off', GATEWAY_MAX_BODY_BYTES: '2048', GATEWAY_MAX_QUERY_DEPTH: '5', GATEWAY_MAX_QUERY_COST: '100', GATEWAY_MAX_QUERY_ALIASES: '0',
      GATEWAY_MAX_QUERY_FIELDS: '50', GATEWAY_MAX_QUERY_TOKENS: '300', GATEWAY_SHUTDOWN_TIMEOUT_MS: '0', GATEWAY_EXPLORER: 'false',
    });
    expect(config).toMatchObject({ auth: 'off', maxBodyBytes: 2048, shutdownTimeoutMs: 0, explorer: false });
    expect(config.queryLimits).toEqual({ maxDepth: 5, maxCost: 100, maxAliases: 0, maxFields: 50, maxTokens: 300 });
  });

  it('refuses to switch authentication off in production, naming the variable', () => {
    expect(() => loadConfig({ GATEWAY_AUTH: 'off', NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ GATEWAY_AUTH: 'off', NODE_ENV: 'production' })).toThrow(/GATEWAY_AUTH/);
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
    const config = loadConfig({ GATEWAY_MIGRATION_HOST_SCOPE: 'SOURCE_CLUSTER', GATEWAY_MIGRATION_HOST_TAGS: 'ALL_OF_LIST', GATEWAY_MIGRATION_REFUSE_UNSUITABLE_HOST: 'false' });
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
