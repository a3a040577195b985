import { AgentCommandName } from '../../agent/agent-command';
import type { MigrationOptionsTO } from '../../agent/command-bodies';
import type { StoragePoolRecord, VolumeRecord } from '../../inventory/records';
import { toVolumeObjectTO } from './transfer-objects';
import type { CreateObjectAgentCommand } from './typed-agent-command';

export interface CreateObjectCommandParams {
  /** The volume being migrated: the new row is cloned from it (R16). */
  sourceVolume: VolumeRecord;
  /** Identity of the new destination row (R16: id from `volume_seq`, fresh uuid). */
  destinationVolume: { id: number; uuid: string };
  destinationPool: StoragePoolRecord;
  /** R18; null when the destination pool is managed. */
  migrationOptions: MigrationOptionsTO | null;
  /** CloudStack's global agent `wait` (configuration `wait`; reference §8 "Waits"). */
  waitSeconds: number;
}

/** R19 CreateObjectCommand: the destination disk, created before libvirt copies data into it. */
export function buildCreateObjectCommand(params: CreateObjectCommandParams): CreateObjectAgentCommand {
  const { sourceVolume, destinationVolume } = params;
  return {
    name: AgentCommandName.CreateObject,
    wait: params.waitSeconds,
    executeInSequence: false,
    body: {
      data: toVolumeObjectTO(
        sourceVolume,
        // R16: the new row starts with path NULL; the agent names the disk after the uuid (R19).
        { id: destinationVolume.id, uuid: destinationVolume.uuid, path: null },
        params.destinationPool,
        params.migrationOptions,
      ),
    },
  };
}
