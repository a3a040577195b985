import { randomUUID } from 'node:crypto';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import { keyRefusal } from './account-eligibility';
import { apiKeyPrefix, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-secret';
import type { ApiKeyOwner, ApiKeyRecord, ApiKeyStore, RevokeOutcome } from './api-key-store';
import { AccountType, type Viewer } from './viewer';

/** How often a key's `last_used_at` is written at most (one conditional UPDATE per key and interval). */
const TOUCH_INTERVAL_MS = 60_000;

export interface CreatedApiKey {
  /** The secret: shown once, never stored. */
  key: string;
  record: ApiKeyRecord;
  owner: ApiKeyOwner;
}

/**
 * API keys bound to CloudStack accounts: create (the key is returned once, only its SHA-256 and a
 * short prefix are stored), list, revoke, and authenticate a presented key into a Viewer.
 */
export class ApiKeyService {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** `account` is an account uuid or name; NOT_FOUND when unknown, BAD_USER_INPUT when ambiguous or not one that logs in (keyRefusal). */
  async create(input: { account: string; name?: string }): Promise<CreatedApiKey> {
    const owner = await this.resolveAccount(input.account);
    const name = (input.name ?? '').trim() || `key for ${owner.accountName ?? owner.accountUuid ?? owner.accountId}`;
    if (name.length > 255) throw new BadUserInputError('The key name is longer than 255 characters.');
    const key = generateApiKey();
    const record = await this.store.insert({
      uuid: randomUUID(),
      name,
      keyPrefix: apiKeyPrefix(key),
      keyHash: hashApiKey(key),
      accountId: owner.accountId,
      createdAt: this.clock(),
    });
    return { key, record, owner };
  }

  list(options: { includeRevoked?: boolean } = {}): Promise<ApiKeyRecord[]> {
    return this.store.list({ includeRevoked: options.includeRevoked ?? true });
  }

  revoke(uuid: string): Promise<RevokeOutcome> {
    return this.store.revoke(uuid, this.clock());
  }

  /** True when no key was ever created (revoked ones count): the demo's first start. */
  async hasNoKeys(): Promise<boolean> {
    return (await this.store.count()) === 0;
  }

  /**
   * The viewer a presented key stands for, or null for an unknown or revoked key or an account
   * that may not hold one (keyRefusal: system, project, removed, disabled, locked), even for a key
   * issued before that rule existed. All alike: the caller learns nothing about which.
   */
  async authenticate(presented: string): Promise<Viewer | null> {
    if (!looksLikeApiKey(presented)) return null;
    const found = await this.store.findActiveByHash(hashApiKey(presented));
    if (!found || keyRefusal(found.owner) !== null) return null;
    const now = this.clock();
    // Most requests write nothing: last_used_at is refreshed at most once a minute per key.
    if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
      await this.store.touch(found.id, now, TOUCH_INTERVAL_MS);
    }
    return { ...viewerOf(found.owner), apiKeyUuid: found.uuid };
  }

  /** The root admin account (for GATEWAY_AUTH=off and the demo's first key); null when the database has none. */
  async rootAdmin(): Promise<ApiKeyOwner | null> {
    return this.store.findRootAdmin();
  }

  private async resolveAccount(ref: string): Promise<ApiKeyOwner> {
    const matches = await this.store.findAccounts(ref.trim());
    if (matches.length === 0) throw new NotFoundError(`No account with uuid or name "${ref}".`);
    if (matches.length > 1) {
      throw new BadUserInputError(`The account name "${ref}" exists in several domains; give the account uuid.`, {
        accounts: matches.map((m) => m.accountUuid),
      });
    }
    const [owner] = matches;
    const refusal = keyRefusal(owner);
    if (refusal)
      throw new BadUserInputError(`The account "${ref}" ${refusal}; keys are only issued to enabled accounts that can log in.`, { account: owner.accountUuid });
    return owner;
  }
}

/** The viewer of an account row. */
export function viewerOf(owner: ApiKeyOwner): Viewer {
  return {
    accountId: owner.accountId,
    accountUuid: owner.accountUuid,
    accountName: owner.accountName,
    accountType: owner.accountType,
    domainId: owner.domainId,
    domainPath: owner.domainPath ?? '',
  };
}

/**
 * The root admin used when authentication is off and the database has no root admin account yet
 * (an empty gateway database): it reads everything, and no account is recorded as its own.
 */
export const SYNTHETIC_ROOT_ADMIN: Viewer = {
  accountId: 0,
  accountUuid: null,
  accountName: null,
  accountType: AccountType.RootAdmin,
  domainId: null,
  domainPath: '/',
};
