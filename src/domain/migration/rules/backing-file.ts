import type { ClusterRecord, StoragePoolRecord } from '../../inventory/records';
import { HypervisorType, PoolScope } from '../../inventory/cloudstack-values';
import type { TemplatePoolRefLedger } from './template-pool-ref-ledger';
import { findActiveTemplate, type TemplateRows } from './template-lookup';

const ISO_FORMAT = 'ISO';

/** Schema §volumes: CLUSTER/HOST scope -> the cluster's hypervisor, ZONE -> the pool's, else none. */
function volumeHypervisor(pool: StoragePoolRecord, clusters: ReadonlyMap<number, ClusterRecord>): string | null {
  if (pool.scope === PoolScope.Cluster || pool.scope === PoolScope.Host) {
    return pool.clusterId === null ? null : (clusters.get(pool.clusterId)?.hypervisorType ?? null);
  }
  if (pool.scope === PoolScope.Zone) return pool.hypervisor;
  return null;
}

export interface BackingFileContext {
  templates: TemplateRows;
  clusters: ReadonlyMap<number, ClusterRecord>;
  refs: TemplatePoolRefLedger;
}

/**
 * R11: the backing file of a volume (template id) sitting on `pool` = `install_path` of the
 * reference (pool, template), or null. Also applied to a destination volume (R24), which keeps
 * the source's template id (R16) and sits on the destination pool.
 */
export function backingFileOf(templateId: number | null, pool: StoragePoolRecord, context: BackingFileContext): string | null {
  // Checked before the template read: a volume without template never triggers a lookup.
  if (templateId === null) return null;
  if (volumeHypervisor(pool, context.clusters) !== HypervisorType.KVM) return null;
  const template = findActiveTemplate(context.templates, templateId);
  if (template === null || !template.format || template.format === ISO_FORMAT) return null;
  return context.refs.find(pool.id, templateId)?.installPath ?? null;
}

export function isBlank(value: string | null): boolean {
  return value === null || value.trim() === '';
}
