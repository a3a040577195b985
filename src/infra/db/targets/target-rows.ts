import type { HostFilter } from '../../../app/ports/migration-targets-reader';
import type { DetailRecord, DiskOfferingRecord, ServiceOfferingRecord, TagRecord } from '../../../domain/targets';
import type { DiskOfferingEntity, ServiceOfferingEntity } from '../entities';

/** Raw rows of the targets reader's aggregate and join statements (MySQL and SQLite give numbers or numeric strings). */
export type RawRow = Record<string, unknown>;

export const num = (value: unknown): number => Number(value ?? 0);
const flag = (value: unknown): boolean => Boolean(Number(value ?? 0));

/** `key -> (name -> value)`, the first row of a name winning (CloudStack's `findDetail` on duplicates is arbitrary). */
export function detailsByOwner(rows: readonly DetailRecord[]): Map<number, Map<string, string>> {
  const map = new Map<number, Map<string, string>>();
  for (const row of rows) {
    let names = map.get(row.ownerId);
    if (!names) map.set(row.ownerId, (names = new Map<string, string>()));
    if (!names.has(row.name)) names.set(row.name, row.value);
  }
  return map;
}

export function groupByOwner<T extends { ownerId: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) map.set(row.ownerId, [...(map.get(row.ownerId) ?? []), row]);
  return map;
}

export const toDetail = (row: RawRow): DetailRecord => ({ ownerId: num(row.owner_id), name: String(row.name), value: String(row.value) });
export const toTag = (row: RawRow): TagRecord => ({ ownerId: num(row.owner_id), tag: String(row.tag), isTagARule: flag(row.is_tag_a_rule) });

export function toServiceOffering(e: ServiceOfferingEntity): ServiceOfferingRecord {
  return {
    id: e.id,
    uuid: e.uuid,
    name: e.name,
    cpu: e.cpu,
    speed: e.speed,
    ramSize: e.ramSize,
    hostTag: e.hostTag,
    diskOfferingId: e.diskOfferingId,
    vgpuProfileId: e.vgpuProfileId,
    removed: e.removed,
  };
}

export function toDiskOffering(e: DiskOfferingEntity): DiskOfferingRecord {
  return {
    id: e.id,
    uuid: e.uuid,
    name: e.name,
    tags: e.tags,
    useLocalStorage: e.useLocalStorage,
    encrypt: e.encrypt === true,
    minIops: e.minIops,
    removed: e.removed,
  };
}

/** `?, ?, ?` for an IN list (never empty: callers pass at least one value). */
export const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** A subquery (with its parameters) for a statement's IN clause. */
export interface Subquery {
  sql: string;
  params: unknown[];
}

export const isFiltered = (filter: HostFilter) => filter.ids !== undefined || filter.uuids !== undefined;

/** The ids of the zone's hosts, or of the filtered ones. */
export function hostSubquery(zoneId: number, filter: HostFilter): Subquery {
  if (!isFiltered(filter)) return { sql: 'SELECT id FROM host WHERE data_center_id = ?', params: [zoneId] };
  const ids = filter.ids ?? [];
  const uuids = filter.uuids ?? [];
  const picks = [...(ids.length ? [`id IN (${placeholders(ids)})`] : []), ...(uuids.length ? [`uuid IN (${placeholders(uuids)})`] : [])];
  return { sql: `SELECT id FROM host WHERE data_center_id = ? AND (${picks.join(' OR ') || '1 = 0'})`, params: [zoneId, ...ids, ...uuids] };
}
