import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { SYSTEM_ACCOUNT_ID } from '../../app/auth/account-eligibility';
import type { ActiveApiKey, ApiKeyOwner, ApiKeyRecord, ApiKeyStore, NewApiKey, RevokeOutcome } from '../../app/auth/api-key-store';
import { AccountEntity, ApiKeyEntity, DomainEntity } from '../db/entities';

const OWNER_COLUMNS = {
  'a.id': 'accountId',
  'a.uuid': 'accountUuid',
  'a.accountName': 'accountName',
  'a.type': 'accountType',
  'a.state': 'accountState',
  'a.domainId': 'domainId',
  'd.path': 'domainPath',
} as const;

/** Raw rows as the drivers return them: integers may come as numeric strings, DATETIME as a Date (mysql2) or text (SQLite). */
type RawInt = number | string;
type RawDate = Date | string | null;
interface OwnerRow {
  accountId: RawInt;
  accountUuid: string | null;
  accountName: string | null;
  accountType: RawInt;
  accountState: string | null;
  domainId: RawInt | null;
  domainPath: string | null;
}
interface RecordRow {
  uuid: string;
  name: string;
  keyPrefix: string;
  accountId: RawInt;
  accountUuid: string | null;
  accountName: string | null;
  createdAt: RawDate;
  revokedAt: RawDate;
  lastUsedAt: RawDate;
}
interface ActiveKeyRow extends OwnerRow {
  keyId: RawInt;
  keyUuid: string;
  lastUsedAt: RawDate;
}

/** ApiKeyStore over TypeORM (`gateway_api_key` joined to CloudStack's `account` and `domain`), MySQL/MariaDB and SQLite alike. */
export class TypeOrmApiKeyStore implements ApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async findAccounts(ref: string): Promise<ApiKeyOwner[]> {
    const rows = await this.accounts().andWhere('(a.uuid = :ref OR a.accountName = :ref)', { ref }).orderBy('a.id', 'ASC').getRawMany<OwnerRow>();
    return rows.map(toOwner);
  }

  async findRootAdmin(): Promise<ApiKeyOwner | null> {
    const row = await this.accounts()
      .andWhere('a.type = 1')
      .andWhere('a.id <> :system', { system: SYSTEM_ACCOUNT_ID })
      .andWhere("LOWER(a.state) = 'enabled'")
      .orderBy('a.id', 'ASC')
      .limit(1)
      .getRawOne<OwnerRow>();
    return row ? toOwner(row) : null;
  }

  async insert(key: NewApiKey): Promise<ApiKeyRecord> {
    await this.dataSource.getRepository(ApiKeyEntity).insert({ ...key, revokedAt: null, lastUsedAt: null });
    const [record] = await this.records().andWhere('k.uuid = :uuid', { uuid: key.uuid }).getRawMany<RecordRow>();
    return toRecord(record);
  }

  async list(options: { includeRevoked: boolean }): Promise<ApiKeyRecord[]> {
    const qb = this.records().orderBy('k.id', 'ASC');
    if (!options.includeRevoked) qb.andWhere('k.revokedAt IS NULL');
    return (await qb.getRawMany<RecordRow>()).map(toRecord);
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(ApiKeyEntity).count();
  }

  async revoke(uuid: string, at: Date): Promise<RevokeOutcome> {
    const repository = this.dataSource.getRepository(ApiKeyEntity);
    const result = await repository
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({ revokedAt: at })
      .where('uuid = :uuid', { uuid })
      .andWhere('revoked_at IS NULL')
      .execute();
    if (result.affected) return 'revoked';
    return (await repository.existsBy({ uuid })) ? 'already-revoked' : 'not-found';
  }

  async findActiveByHash(keyHash: string): Promise<ActiveApiKey | null> {
    const qb = this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .innerJoin(AccountEntity, 'a', 'a.id = k.accountId')
      .leftJoin(DomainEntity, 'd', 'd.id = a.domainId AND d.removed IS NULL')
      .select('k.id', 'keyId')
      .addSelect('k.uuid', 'keyUuid')
      .addSelect('k.lastUsedAt', 'lastUsedAt');
    const row = await selectOwner(qb)
      .where('k.keyHash = :keyHash', { keyHash })
      .andWhere('k.revokedAt IS NULL')
      .andWhere('a.removed IS NULL')
      .getRawOne<ActiveKeyRow>();
    if (!row) return null;
    return { id: Number(row.keyId), uuid: row.keyUuid, lastUsedAt: toDate(row.lastUsedAt), owner: toOwner(row) };
  }

  async touch(id: number, at: Date, minIntervalMs: number): Promise<void> {
    await this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({ lastUsedAt: at })
      .where('id = :id', { id })
      .andWhere('(last_used_at IS NULL OR last_used_at < :threshold)', { threshold: new Date(at.getTime() - minIntervalMs) })
      .execute();
  }

  private accounts() {
    const qb = this.dataSource
      .getRepository(AccountEntity)
      .createQueryBuilder('a')
      .leftJoin(DomainEntity, 'd', 'd.id = a.domainId AND d.removed IS NULL')
      .select('a.id', 'accountId');
    return selectOwner(qb).where('a.removed IS NULL');
  }

  private records() {
    return this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .leftJoin(AccountEntity, 'a', 'a.id = k.accountId')
      .select('k.uuid', 'uuid')
      .addSelect('k.name', 'name')
      .addSelect('k.keyPrefix', 'keyPrefix')
      .addSelect('k.accountId', 'accountId')
      .addSelect('a.uuid', 'accountUuid')
      .addSelect('a.accountName', 'accountName')
      .addSelect('k.createdAt', 'createdAt')
      .addSelect('k.revokedAt', 'revokedAt')
      .addSelect('k.lastUsedAt', 'lastUsedAt')
      .where('1 = 1');
  }
}

/** Adds the owner columns (account `a`, domain `d`) under their record names. */
function selectOwner<Q extends SelectQueryBuilder<ObjectLiteral>>(qb: Q): Q {
  for (const [column, alias] of Object.entries(OWNER_COLUMNS)) {
    if (!qb.expressionMap.selects.some((s) => s.aliasName === alias)) qb.addSelect(column, alias);
  }
  return qb;
}

function toOwner(row: OwnerRow): ApiKeyOwner {
  return {
    accountId: Number(row.accountId),
    accountUuid: row.accountUuid ?? null,
    accountName: row.accountName ?? null,
    accountType: Number(row.accountType),
    accountState: row.accountState ?? '',
    domainId: row.domainId === null || row.domainId === undefined ? null : Number(row.domainId),
    domainPath: row.domainPath ?? null,
  };
}

function toRecord(row: RecordRow): ApiKeyRecord {
  return {
    uuid: row.uuid,
    name: row.name,
    keyPrefix: row.keyPrefix,
    accountId: Number(row.accountId),
    accountUuid: row.accountUuid ?? null,
    accountName: row.accountName ?? null,
    createdAt: toDate(row.createdAt) as Date,
    revokedAt: toDate(row.revokedAt),
    lastUsedAt: toDate(row.lastUsedAt),
  };
}

/** Raw rows carry DATETIME as a Date (mysql2) or as `YYYY-MM-DD HH:MM:SS[.sss]` in UTC (SQLite). */
function toDate(value: RawDate | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}
