/** An API key as listed: never the key itself, only its prefix. */
export interface ApiKeyRecord {
  uuid: string;
  name: string;
  /** The key's first characters, to tell keys apart in lists and logs. */
  keyPrefix: string;
  accountId: number;
  accountUuid: string | null;
  accountName: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** The CloudStack account a key is (or would be) bound to. */
export interface ApiKeyOwner {
  accountId: number;
  accountUuid: string | null;
  accountName: string | null;
  accountType: number;
  /** `enabled`, `disabled`, `locked` (CloudStack account.state). */
  accountState: string;
  domainId: number | null;
  /** null when the account's domain row is missing or removed. */
  domainPath: string | null;
}

export interface NewApiKey {
  uuid: string;
  name: string;
  keyPrefix: string;
  keyHash: string;
  accountId: number;
  createdAt: Date;
}

/** A live key found by its hash, with its owner. */
export interface ActiveApiKey {
  id: number;
  uuid: string;
  lastUsedAt: Date | null;
  owner: ApiKeyOwner;
}

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'not-found';

/** Storage of gateway API keys (`gateway_api_key`) and the account lookups they need. */
export interface ApiKeyStore {
  /** Live (not removed) accounts whose uuid or account_name is `ref` (names are unique per domain only). */
  findAccounts(ref: string): Promise<ApiKeyOwner[]>;
  /** The root admin account keys default to: the lowest-id live root admin other than `system` (id 1). */
  findRootAdmin(): Promise<ApiKeyOwner | null>;
  insert(key: NewApiKey): Promise<ApiKeyRecord>;
  list(options: { includeRevoked: boolean }): Promise<ApiKeyRecord[]>;
  /** Number of key rows, revoked ones included. */
  count(): Promise<number>;
  revoke(uuid: string, at: Date): Promise<RevokeOutcome>;
  /** The unrevoked key with this hash whose account is not removed, in one statement. */
  findActiveByHash(keyHash: string): Promise<ActiveApiKey | null>;
  /** Records use, at most once per `minIntervalMs` (a conditional update: no write on most requests). */
  touch(id: number, at: Date, minIntervalMs: number): Promise<void>;
}
