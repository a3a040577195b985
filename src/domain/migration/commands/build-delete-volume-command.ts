import { AgentCommandName } from '../../agent/agent-command';
import type { StoragePoolRecord, VolumeRecord } from '../../inventory/records';
import { toVolumeObjectTO } from './transfer-objects';
import type { DeleteVolumeAgentCommand } from './typed-agent-command';

export interface DeleteVolumeCommandParams {
  /** The row whose disk goes: a migrated source (R30) or a failed destination (R31/R32). */
  volume: VolumeRecord;
  /** The pool the disk is on (`volume.poolId`). */
  pool: StoragePoolRecord;
  /** CloudStack's global agent `wait` (configuration `wait`; reference §8 "Waits"). */
  waitSeconds: number;
}

/** R30-R32 expunge of a volume's disk on its pool. */
export function buildDeleteVolumeCommand(params: DeleteVolumeCommandParams): DeleteVolumeAgentCommand {
  const { volume } = params;
  return {
    name: AgentCommandName.Delete,
    wait: params.waitSeconds,
    executeInSequence: false,
    body: {
      // A migrated source lost its uuid in the R30 swap; its path still names the disk.
      data: toVolumeObjectTO(volume, { id: volume.id, uuid: volume.uuid ?? volume.path ?? '', path: volume.path }, params.pool, null),
    },
  };
}
