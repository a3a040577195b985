import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { InventoryFilters, InventoryKind, PageableKind, ReadScope } from '../../app/ports/inventory-reader';
import { INVENTORY_TABLES } from './inventory-tables';

type Qb = SelectQueryBuilder<ObjectLiteral>;

/**
 * Adds a list filter and the caller's scope to a query on alias `t`. Related objects are named by
 * uuid and resolved in subqueries, so a filtered page stays one statement.
 */
export function applyInventoryFilter<K extends PageableKind>(kind: K, qb: Qb, filter: InventoryFilters[K], scope: ReadScope): void {
  FILTERS[kind](qb, filter);
  applyScope(kind, qb, scope);
}

const FILTERS: { [K in PageableKind]: (qb: Qb, filter: InventoryFilters[K]) => void } = {
  zone(qb, f) {
    if (f.nameContains) qb.andWhere("t.name LIKE :nameContains ESCAPE '!'", { nameContains: `%${escapeLike(f.nameContains)}%` });
  },
  cluster(qb, f) {
    byUuid(qb, 't.zoneId', 'data_center', 'zoneUuid', f.zoneUuid);
    inList(qb, 't.hypervisorType', 'hypervisorTypes', f.hypervisorTypes);
  },
  vm(qb, f) {
    inList(qb, 't.state', 'states', f.states);
    byUuid(qb, 't.hostId', 'host', 'hostUuid', f.hostUuid);
    byUuid(qb, 't.zoneId', 'data_center', 'zoneUuid', f.zoneUuid);
    byUuid(qb, 't.accountId', 'account', 'accountUuid', f.accountUuid);
    if (f.nameContains) qb.andWhere("t.name LIKE :nameContains ESCAPE '!'", { nameContains: `%${escapeLike(f.nameContains)}%` });
  },
  volume(qb, f) {
    byUuid(qb, 't.instanceId', 'vm_instance', 'vmUuid', f.vmUuid);
    byUuid(qb, 't.poolId', 'storage_pool', 'poolUuid', f.poolUuid);
    inList(qb, 't.volumeType', 'types', f.types);
    inList(qb, 't.state', 'states', f.states);
  },
  storagePool(qb, f) {
    byUuid(qb, 't.zoneId', 'data_center', 'zoneUuid', f.zoneUuid);
    byUuid(qb, 't.clusterId', 'cluster', 'clusterUuid', f.clusterUuid);
    inList(qb, 't.poolType', 'types', f.types);
    inList(qb, 't.scope', 'scopes', f.scopes);
    if (f.managed !== undefined) qb.andWhere('t.managed = :managed', { managed: f.managed ? 1 : 0 });
  },
  host(qb, f) {
    byUuid(qb, 't.clusterId', 'cluster', 'clusterUuid', f.clusterUuid);
    byUuid(qb, 't.zoneId', 'data_center', 'zoneUuid', f.zoneUuid);
    inList(qb, 't.status', 'statuses', f.statuses);
    inList(qb, 't.hypervisorType', 'hypervisorTypes', f.hypervisorTypes);
    inList(qb, 't.type', 'hostTypes', f.types);
  },
  template(qb, f) {
    if (f.directDownload === true) qb.andWhere('t.directDownload = 1');
    // NULL direct_download means "not direct download".
    if (f.directDownload === false) qb.andWhere('(t.directDownload = 0 OR t.directDownload IS NULL)');
    inList(qb, 't.format', 'formats', f.formats);
    if (f.nameContains) qb.andWhere("t.name LIKE :nameContains ESCAPE '!'", { nameContains: `%${escapeLike(f.nameContains)}%` });
  },
};

/**
 * Account and domain scoping in SQL, CloudStack's visibility rules for its roles: a domain scope
 * sees rows owned in its domain subtree (domain.path prefix), an account scope its own rows;
 * public templates are visible to all; zones and guest OS types are reference data; hosts,
 * pools, clusters, pods and image stores are for administrators (scope `all`) only.
 */
export function applyScope(kind: InventoryKind, qb: Qb, scope: ReadScope): void {
  if (scope.kind === 'all') return;
  const table = INVENTORY_TABLES[kind];
  if (table.visibleToEveryone) return;
  const inDomainTree = `SELECT d.id FROM domain d WHERE d.path LIKE :scopeDomainPath ESCAPE '!' AND d.removed IS NULL`;
  const domainParams = scope.kind === 'domain' ? { scopeDomainPath: `${escapeLike(scope.domainPath)}%` } : {};
  if (kind === 'account') {
    if (scope.kind === 'account') qb.andWhere('t.id = :scopeAccountId', { scopeAccountId: scope.accountId });
    else qb.andWhere(`t.domain_id IN (${inDomainTree})`, domainParams);
    return;
  }
  if (kind === 'domain') {
    if (scope.kind === 'account')
      qb.andWhere('t.id IN (SELECT sa.domain_id FROM account sa WHERE sa.id = :scopeAccountId)', { scopeAccountId: scope.accountId });
    else qb.andWhere("t.path LIKE :scopeDomainPath ESCAPE '!'", domainParams);
    return;
  }
  const owner = table.owner;
  if (!owner) {
    // Infrastructure is visible to administrators only.
    qb.andWhere('1 = 0');
    return;
  }
  const publicClause = owner.publicColumn ? ` OR t.${owner.publicColumn} = 1` : '';
  if (scope.kind === 'account') {
    qb.andWhere(`(t.${owner.accountColumn} = :scopeAccountId${publicClause})`, { scopeAccountId: scope.accountId });
    return;
  }
  const ownedInTree = owner.domainColumn
    ? `t.${owner.domainColumn} IN (${inDomainTree})`
    : `t.${owner.accountColumn} IN (SELECT a.id FROM account a WHERE a.domain_id IN (${inDomainTree}))`;
  qb.andWhere(`(${ownedInTree}${publicClause})`, domainParams);
}

function inList(qb: Qb, column: string, param: string, values: string[] | undefined): void {
  if (values === undefined) return;
  if (values.length === 0) qb.andWhere('1 = 0');
  else qb.andWhere(`${column} IN (:...${param})`, { [param]: values });
}

function byUuid(qb: Qb, column: string, table: string, param: string, uuid: string | undefined): void {
  if (uuid === undefined) return;
  qb.andWhere(`${column} IN (SELECT r_${param}.id FROM ${table} r_${param} WHERE r_${param}.uuid = :${param})`, { [param]: uuid });
}

/** LIKE patterns use `!` as the escape character: the one spelling MySQL and SQLite both accept. */
function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (c) => `!${c}`);
}
