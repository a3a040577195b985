import { AgentCommandName } from '../../agent/agent-command';
import type { StoragePoolRecord, VolumeRecord } from '../../inventory/records';
import { toVolumeObjectTO } from './transfer-objects';
import { DEFAULT_COMMAND_WAIT_SECONDS, type DeleteVolumeAgentCommand } from './typed-agent-command';

export interface DeleteVolumeCommandParams {
  /** The row whose disk goes: a migrated source (R30) or a failed destination (R31/R32). */
  volume: VolumeRecord;
  /** The pool the disk is on (`volume.poolId`). */
  pool: StoragePoolRecord;
  waitSeconds?: number;
}

/** R30-R32 expunge of a volume's disk on its pool. */
export function buildDeleteVolumeCommand(params: DeleteVolumeCommandParams): DeleteVolumeAgentCommand {
  const { volume } = params;
  return {
    name: AgentCommandName.Delete,
    wait: params.waitSeconds ?? DEFAULT_COMMAND_WAIT_SECONDS,
    executeInSequence: false,
    body: {
      // A migrated source lost its uuid in the R30 swap; its path still names the disk.
      data: toVolumeObjectTO(
        volume,
        { id: volume.id, uuid: volume.uuid ?? volume.path ?? '', path: volume.path },
        params.pool,
        null,
      ),
    },
  };
}
