import { FILE_POOL_TYPES, IMPORT_DUMMY_TEMPLATE_NAMES } from '../../inventory/cloudstack-values';
import type { StoragePoolRecord, TemplateRecord, VolumeRecord } from '../../inventory/records';
import type { CloneMode, CloneModeReason } from '../migration-plan';
import { isBlank } from './backing-file';

export interface CloneModeDecision {
  cloneMode: CloneMode;
  reason: CloneModeReason;
}

export const FORCED_FULL_CLONE: CloneModeDecision = { cloneMode: 'FULL_CLONE', reason: 'FORCED_BY_DIRECT_DOWNLOAD' };

/**
 * R10 step 2/3 (step 1, the R10a short-circuit, is the caller's: it must not even compute the
 * backing file). LinkedClone iff every condition holds; the reason names the first one that fails.
 */
export function decideCloneMode(
  volume: Pick<VolumeRecord, 'templateId'>,
  sourceBackingFile: string | null,
  destinationPool: StoragePoolRecord,
  vmTemplate: TemplateRecord | null,
): CloneModeDecision {
  const fullClone = (reason: CloneModeReason): CloneModeDecision => ({ cloneMode: 'FULL_CLONE', reason });
  // Reported first: without a template there can be no backing file either, and this says why.
  if (volume.templateId === null) return fullClone('VOLUME_HAS_NO_TEMPLATE');
  if (isBlank(sourceBackingFile)) return fullClone('NO_BACKING_FILE');
  if (!FILE_POOL_TYPES.has(destinationPool.poolType)) return fullClone('DESTINATION_POOL_NOT_FILE_BASED');
  // R6: the VM template is a non-removed lookup.
  if (vmTemplate === null || vmTemplate.removed !== null) return fullClone('VM_TEMPLATE_MISSING');
  // Imported VMs carry a dummy template that no pool holds.
  if (IMPORT_DUMMY_TEMPLATE_NAMES.has(vmTemplate.name)) return fullClone('VM_IMPORT_DUMMY_TEMPLATE');
  return { cloneMode: 'LINKED_CLONE', reason: 'LINKED_CLONE' };
}
