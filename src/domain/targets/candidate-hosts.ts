import type { TargetHost } from './target-records';

/**
 * The rows of the response (T5 with storage motion, T6 without), by id. Down, Disabled and
 * Maintenance hosts are candidates too: they are listed and never suitable (T11).
 */
export function candidateHosts(hosts: readonly TargetHost[], source: TargetHost, vmType: string, canMigrateWithStorage: boolean): TargetHost[] {
  const candidates = hosts.filter((h) => {
    if (h.id === source.id || h.removed !== null || h.type !== source.type) return false;
    // T6: the source cluster only, no zone or hypervisor filter.
    if (!canMigrateWithStorage) return h.clusterId !== null && h.clusterId === source.clusterId;
    // T5: the source zone and hypervisor; the source pod only for non-User VMs.
    if (h.zoneId !== source.zoneId || h.hypervisorType !== source.hypervisorType) return false;
    return vmType === 'User' || h.podId === source.podId;
  });
  return candidates.sort((a, b) => a.id - b.id);
}
