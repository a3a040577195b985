import type { MigrationOptionsTO } from '../../agent/command-bodies';
import type { CloneMode } from '../migration-plan';
import type { MigratedEntry } from '../resolved-entry';
import type { PoolRefView, TemplatePoolRefLedger } from './template-pool-ref-ledger';

interface LinkedCloneBacking {
  srcBackingFilePath: string | null;
  copySrcTemplate: boolean;
}

/**
 * R18 [PR, inferred]: the destination reference is trusted only when it names the very file the
 * source backs onto; otherwise the agent copies the source backing file so the chain stays identical.
 * (Pre-PR, any existing destination reference won: backing = its path, copy = false.)
 */
function decideLinkedCloneBacking(sourceBackingFile: string | null, destinationRef: PoolRefView | null): LinkedCloneBacking {
  if (destinationRef !== null && destinationRef.installPath === sourceBackingFile) {
    return { srcBackingFilePath: destinationRef.installPath, copySrcTemplate: false };
  }
  return { srcBackingFilePath: sourceBackingFile, copySrcTemplate: true };
}

/**
 * R18: MigrationOptions for the destination volume; none when the destination pool is managed.
 * Reads the reference state after this entry's template staging (R13-R15 run first).
 */
export function buildMigrationOptions(
  entry: MigratedEntry,
  cloneMode: CloneMode,
  sourceBackingFile: string | null,
  refs: TemplatePoolRefLedger,
  timeoutSeconds: number,
): MigrationOptionsTO | null {
  const { volume, sourcePool, destinationPool } = entry;
  if (destinationPool.managed) return null;
  const common = {
    srcPoolUuid: sourcePool.uuid ?? '',
    srcPoolType: sourcePool.poolType,
    srcPoolClusterId: sourcePool.clusterId,
    scopeType: sourcePool.scope,
    timeout: timeoutSeconds,
  };
  if (cloneMode === 'FULL_CLONE') return { type: 'FullClone', ...common, srcVolumeUuid: volume.path };
  const destinationRef = volume.templateId === null ? null : refs.find(destinationPool.id, volume.templateId);
  return { type: 'LinkedClone', ...common, ...decideLinkedCloneBacking(sourceBackingFile, destinationRef) };
}
