import type { TestDatabase } from '../../support/test-database';

/** A seeded pseudo-random generator (mulberry32): a chaos run is repeatable from its seed. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof randomSource>;

export interface MigrationInput {
  vmId: string;
  destinationHostId: string;
  volumes: Array<{ volumeId: string; destinationPoolId: string }>;
}

const FILE_POOLS = new Set(['NetworkFilesystem', 'SharedMountPoint', 'Filesystem']);

interface HostRow {
  id: number;
  uuid: string;
  cluster_id: number;
  hypervisor_type: string;
  status: string;
}
interface PoolRow {
  id: number;
  uuid: string;
  pool_type: string;
  scope: string;
  cluster_id: number | null;
  status: string;
}
interface VolumeRow {
  uuid: string;
  pool_id: number;
  state: string;
  instance_id: number;
}
interface VmRow {
  id: number;
  uuid: string;
  host_id: number;
  state: string;
}

/**
 * What a client would pick from: running KVM VMs whose every volume is Ready on a file pool, and
 * for each a destination host of its cluster and pools that host reaches (its cluster's file pools,
 * its own local pool). Read from the database as it is now, so later migrations start from where
 * earlier ones left the VMs.
 */
export async function randomRequest(db: TestDatabase, random: Random, busyVmUuids: ReadonlySet<string>): Promise<MigrationInput | null> {
  const q = <T>(sql: string) => db.dataSource.query<T[]>(sql);
  const [hosts, pools, vms, volumes, localRefs] = await Promise.all([
    q<HostRow>("SELECT id, uuid, cluster_id, hypervisor_type, status FROM host WHERE removed IS NULL AND type = 'Routing' AND resource_state = 'Enabled'"),
    q<PoolRow>("SELECT id, uuid, pool_type, scope, cluster_id, status FROM storage_pool WHERE removed IS NULL AND status = 'Up'"),
    q<VmRow>("SELECT id, uuid, host_id, state FROM vm_instance WHERE removed IS NULL AND state = 'Running' AND host_id IS NOT NULL AND type = 'User'"),
    q<VolumeRow>('SELECT uuid, pool_id, state, instance_id FROM volumes WHERE removed IS NULL AND instance_id IS NOT NULL AND uuid IS NOT NULL'),
    q<{ pool_id: number; host_id: number }>(
      "SELECT r.pool_id, r.host_id FROM storage_pool_host_ref r JOIN storage_pool p ON p.id = r.pool_id WHERE p.scope = 'HOST'",
    ),
  ]);
  const hostById = new Map(hosts.map((h) => [Number(h.id), h]));
  const poolById = new Map(pools.map((p) => [Number(p.id), p]));
  const candidates = vms.filter((vm) => {
    if (busyVmUuids.has(vm.uuid)) return false;
    const host = hostById.get(Number(vm.host_id));
    if (!host || host.hypervisor_type !== 'KVM') return false;
    const own = volumes.filter((v) => Number(v.instance_id) === Number(vm.id));
    return own.length > 0 && own.every((v) => v.state === 'Ready' && FILE_POOLS.has(poolById.get(Number(v.pool_id))?.pool_type ?? ''));
  });
  if (candidates.length === 0) return null;
  const vm = random.pick(candidates);
  const source = hostById.get(Number(vm.host_id))!;
  const others = hosts.filter(
    (h) => h.hypervisor_type === 'KVM' && h.status === 'Up' && Number(h.cluster_id) === Number(source.cluster_id) && h.id !== source.id,
  );
  if (others.length === 0) return null;
  const destination = random.pick(others);
  const reachable = pools.filter(
    (p) =>
      FILE_POOLS.has(p.pool_type) &&
      ((p.scope === 'CLUSTER' && Number(p.cluster_id) === Number(destination.cluster_id)) ||
        (p.scope === 'HOST' && localRefs.some((r) => Number(r.pool_id) === Number(p.id) && Number(r.host_id) === Number(destination.id)))),
  );
  const own = volumes.filter((v) => Number(v.instance_id) === Number(vm.id));
  const volumesToMove: MigrationInput['volumes'] = [];
  for (const volume of own) {
    const stays = reachable.some((p) => Number(p.id) === Number(volume.pool_id));
    const choices = reachable.filter((p) => Number(p.id) !== Number(volume.pool_id));
    // A volume on a pool the destination host cannot reach (a local disk) must move; one on a shared
    // pool it reaches may stay.
    if (!stays && choices.length === 0) return null;
    if (choices.length > 0 && (!stays || random.chance(0.7))) volumesToMove.push({ volumeId: volume.uuid, destinationPoolId: random.pick(choices).uuid });
  }
  if (volumesToMove.length === 0) return null;
  return { vmId: vm.uuid, destinationHostId: destination.uuid, volumes: volumesToMove };
}
