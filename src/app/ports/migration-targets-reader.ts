import type { MigrationSnapshot } from '../../domain/migration';
import type { MigrationTargetsSnapshot, VolumeTargetsSnapshot } from '../../domain/targets';

/** Which VM: by public id (the API) or by row id (a migration request already resolved). */
export type VmKey = { uuid: string } | { id: number };

/** Restricts the hosts read to some candidates (by uuid or id), and the pools to those they can reach; the source host is always read. */
export interface HostFilter {
  uuids?: readonly string[];
  ids?: readonly number[];
}

/**
 * Rows of the VM a migration's planning snapshot has just read (the destination-host check after
 * planning): the targets reader takes them as they are instead of reading them again.
 */
export type KnownVmRows = Pick<MigrationSnapshot, 'vm' | 'vmVolumes' | 'guestOsCategoryName' | 'imageStores' | 'templates' | 'templateStoreRefs'>;

/**
 * Reads what the migration-target rules need, each call in a fixed number of statements whatever
 * the number of hosts, pools and volumes (one read per table, batched by zone, VM or volume).
 */
export interface MigrationTargetsReader {
  /** Null when no live VM has the key. With `known`, the VM is `known.vm` and those rows are not read again. */
  forVm(vm: VmKey, hosts?: HostFilter, known?: KnownVmRows): Promise<MigrationTargetsSnapshot | null>;
  /** Null when no live volume has the uuid. */
  forVolume(volumeUuid: string): Promise<VolumeTargetsSnapshot | null>;
}
