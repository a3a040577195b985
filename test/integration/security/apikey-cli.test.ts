import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from '../../../src/app/auth/api-key-service';
import { TypeOrmApiKeyStore } from '../../../src/infra/auth/typeorm-api-key-store';
import { seedDemoInventory } from '../../../src/infra/db/seed/demo-inventory';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database';

const ROOT = resolve(__dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe.each(DATABASE_KINDS)('npm run apikey on %s', (kind) => {
  let db: TestDatabase;
  let keys: ApiKeyService;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await seedDemoInventory(db.dataSource);
    keys = new ApiKeyService(new TypeOrmApiKeyStore(db.dataSource));
  });
  afterAll(async () => db?.dispose());

  async function cli(...args: string[]): Promise<CliResult> {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GATEWAY_')));
    try {
      const { stdout, stderr } = await promisify(execFile)(TSX, ['src/composition/cli/apikey.ts', ...args], {
        cwd: ROOT,
        env: { ...env, GATEWAY_DATABASE_URL: db.url },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('creates a key for an account named by name, prints it once on stdout, and the key authenticates', async () => {
    const result = await cli('create', '--account', 'alice', '--name', 'laptop');
    expect(result.code).toBe(0);
    const key = result.stdout.trim();
    expect(key).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
    expect(result.stderr).toMatch(/for account alice \(USER/);
    expect(await keys.authenticate(key)).toMatchObject({ accountName: 'alice', accountType: 0 });
  });

  it('lists keys with their prefix and account but never the key, and revokes by uuid', async () => {
    const created = JSON.parse((await cli('create', '--account', 'eng-admin', '--json')).stdout);
    expect(created).toMatchObject({ accountName: 'eng-admin', role: 'DOMAIN_ADMIN', keyPrefix: created.key.slice(0, 12) });

    const table = await cli('list');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(created.uuid);
    expect(table.stdout).toContain(`${created.key.slice(0, 12)}…`);
    expect(table.stdout).not.toContain(created.key);

    expect(await cli('revoke', created.uuid)).toMatchObject({ code: 0, stdout: `Revoked ${created.uuid}.\n` });
    expect(await keys.authenticate(created.key)).toBeNull();
    expect((await keys.list()).find((r) => r.uuid === created.uuid)?.revokedAt).toBeInstanceOf(Date);
    const active = JSON.parse((await cli('list', '--active', '--json')).stdout).map((r: any) => r.uuid);
    expect(active.length).toBeGreaterThan(0);
    expect(active).not.toContain(created.uuid);
  }, 120_000); // DDL of every table twice on MariaDB / four CLI processes: slow on a loaded 2-core machine

  it('refuses an unknown account with exit code 1 and a usage error with 2', async () => {
    expect(await cli('create', '--account', 'nobody')).toMatchObject({ code: 1, stderr: expect.stringMatching(/No account/) });
    expect(await cli('create')).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs --account/) });
  });
});
