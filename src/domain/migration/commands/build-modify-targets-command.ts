import { AgentCommandName } from '../../agent/agent-command';
import type { StoragePoolRecord } from '../../inventory/records';
import { DEFAULT_COMMAND_WAIT_SECONDS, type ModifyTargetsAgentCommand } from './typed-agent-command';

export interface ModifyTargetsCommandParams {
  /** true: connect (R23 managed, R24 non-managed to NFS); false: disconnect (R31). */
  add: boolean;
  /** R20 volume identifier: iSCSI name on a managed pool, else the volume uuid. */
  identifier: string;
  pool: StoragePoolRecord;
  waitSeconds?: number;
}

/** R25 `connectHostToVolume` / disconnect: one target, applied to all hosts of the cluster. */
export function buildModifyTargetsCommand(params: ModifyTargetsCommandParams): ModifyTargetsAgentCommand {
  const { pool } = params;
  return {
    name: AgentCommandName.ModifyTargets,
    wait: params.waitSeconds ?? DEFAULT_COMMAND_WAIT_SECONDS,
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
