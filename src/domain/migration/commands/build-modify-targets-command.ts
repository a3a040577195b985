import { AgentCommandName } from '../../agent/agent-command';
import type { StoragePoolRecord } from '../../inventory/records';
import type { ModifyTargetsAgentCommand } from './typed-agent-command';

export interface ModifyTargetsCommandParams {
  /** true: connect (R23 managed, R24 non-managed to NFS); false: disconnect (R31). */
  add: boolean;
  /**
   * add=true (R25): the R20 volume identifier (iSCSI name on a managed pool, else the volume uuid).
   * add=false (R31): the destination volume's `iscsi_name` as CloudStack's handlePostMigration
   * passes it, NULL for a non-managed destination such as NFS.
   */
  identifier: string | null;
  pool: StoragePoolRecord;
  /** CloudStack's global agent `wait` (configuration `wait`; reference §8 "Waits"). */
  waitSeconds: number;
}

/** R25 `connectHostToVolume` / disconnect: one target, applied to all hosts of the cluster. */
export function buildModifyTargetsCommand(params: ModifyTargetsCommandParams): ModifyTargetsAgentCommand {
  const { pool } = params;
  return {
    name: AgentCommandName.ModifyTargets,
    wait: params.waitSeconds,
    executeInSequence: false,
    body: {
      targets: [
        {
          iqn: params.identifier,
          storageType: pool.poolType,
          storageUuid: pool.uuid ?? '',
          storageHost: pool.hostAddress,
          storagePort: pool.port,
        },
      ],
      add: params.add,
      applyToAllHostsInCluster: true,
      targetTypeToRemove: 'DYNAMIC',
    },
  };
}
