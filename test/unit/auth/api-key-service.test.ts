import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiKeyService } from '../../../src/app/auth/api-key-service';
import type { ActiveApiKey, ApiKeyOwner, ApiKeyRecord, ApiKeyStore, NewApiKey, RevokeOutcome } from '../../../src/app/auth/api-key-store';
import { createDemoAdminKeyOnFirstStart, demoKeyBanner } from '../../../src/app/auth/demo-admin-key';

const owner = (overrides: Partial<ApiKeyOwner> = {}): ApiKeyOwner => ({
  accountId: 4,
  accountUuid: 'acc-4',
  accountName: 'alice',
  accountType: 0,
  accountState: 'enabled',
  domainId: 2,
  domainPath: '/ROOT/engineering/',
  ...overrides,
});

/** An in-memory ApiKeyStore recording its calls. */
class FakeStore implements ApiKeyStore {
  accounts: ApiKeyOwner[] = [owner(), owner({ accountId: 2, accountUuid: 'acc-2', accountName: 'admin', accountType: 1, domainId: 1, domainPath: '/' })];
  keys: (NewApiKey & { id: number; revokedAt: Date | null; lastUsedAt: Date | null })[] = [];
  lookups = 0;
  touches: Date[] = [];

  async findAccounts(ref: string) {
    return this.accounts.filter((a) => a.accountUuid === ref || a.accountName === ref);
  }
  async findRootAdmin() {
    return this.accounts.find((a) => a.accountType === 1) ?? null;
  }
  async insert(key: NewApiKey): Promise<ApiKeyRecord> {
    this.keys.push({ ...key, id: this.keys.length + 1, revokedAt: null, lastUsedAt: null });
    return { ...key, accountUuid: null, accountName: null, revokedAt: null, lastUsedAt: null };
  }
  async list() {
    return [];
  }
  async count() {
    return this.keys.length;
  }
  async revoke(uuid: string, at: Date): Promise<RevokeOutcome> {
    const key = this.keys.find((k) => k.uuid === uuid);
    if (!key) return 'not-found';
    if (key.revokedAt) return 'already-revoked';
    key.revokedAt = at;
    return 'revoked';
  }
  async findActiveByHash(hash: string): Promise<ActiveApiKey | null> {
    this.lookups += 1;
    const key = this.keys.find((k) => k.keyHash === hash && !k.revokedAt);
    const account = key && this.accounts.find((a) => a.accountId === key.accountId);
    return key && account ? { id: key.id, uuid: key.uuid, lastUsedAt: key.lastUsedAt, owner: account } : null;
  }
  async touch(id: number, at: Date) {
    this.touches.push(at);
    this.keys.find((k) => k.id === id)!.lastUsedAt = at;
  }
}

describe(ApiKeyService.name, () => {
  it('returns the key once and stores only its SHA-256 and a 12-character prefix', async () => {
    const store = new FakeStore();
    const { key, record } = await new ApiKeyService(store).create({ account: 'alice', name: 'ci' });
    expect(store.keys[0].keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(record.keyPrefix).toBe(key.slice(0, 12));
    expect(JSON.stringify(store.keys)).not.toContain(key);
  });

  it("authenticates a key into its account's viewer and writes last use at most once a minute", async () => {
    const store = new FakeStore();
    let now = new Date('2026-01-01T00:00:00Z');
    const service = new ApiKeyService(store, () => now);
    const { key, record } = await service.create({ account: 'acc-4' });
    expect(await service.authenticate(key)).toEqual({
      accountId: 4,
      accountUuid: 'acc-4',
      accountName: 'alice',
      accountType: 0,
      domainId: 2,
      domainPath: '/ROOT/engineering/',
      apiKeyUuid: record.uuid,
    });
    now = new Date('2026-01-01T00:00:30Z');
    await service.authenticate(key);
    now = new Date('2026-01-01T00:01:01Z');
    await service.authenticate(key);
    expect(store.touches.map((d) => d.toISOString())).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:01:01.000Z']);
  });

  it('does not look up strings that cannot be keys', async () => {
    const store = new FakeStore();
    const service = new ApiKeyService(store);
    for (const candidate of ['', 'csk_short', `csk_${'a'.repeat(44)}`, `xyz_${'a'.repeat(43)}`, 'x'.repeat(10_000)])
      expect(await service.authenticate(candidate)).toBeNull();
    expect(store.lookups).toBe(0);
  });

  it('refuses keys of disabled or locked accounts, and revoked keys', async () => {
    const store = new FakeStore();
    const service = new ApiKeyService(store);
    const { key, record } = await service.create({ account: 'alice' });
    store.accounts[0].accountState = 'disabled';
    expect(await service.authenticate(key)).toBeNull();
    store.accounts[0].accountState = 'enabled';
    expect(await service.authenticate(key)).not.toBeNull();
    await service.revoke(record.uuid);
    expect(await service.authenticate(key)).toBeNull();
  });

  it("creates the demo's root admin key on the first start only", async () => {
    const store = new FakeStore();
    const service = new ApiKeyService(store);
    const created = await createDemoAdminKeyOnFirstStart(service);
    expect(created?.owner.accountName).toBe('admin');
    expect(demoKeyBanner(created!)).toContain(created!.key);
    expect(await createDemoAdminKeyOnFirstStart(service)).toBeNull();
    expect(store.keys).toHaveLength(1);
  });
});
