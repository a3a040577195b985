import type { AgentAnswer } from '../../domain/agent/agent-command';
import type { FleetModel, SimHost, SimPool } from './fleet-model';
import { AgentCommandFailure } from './simulated-answers';

/** What a simulated agent handler works with: the fleet, the host it runs on, a uuid source. */
export interface HandlerContext {
  fleet: FleetModel;
  host: SimHost;
  newUuid: () => string;
}

/**
 * One command's behaviour on a KVM host. Throw `AgentCommandFailure` for a failure the agent reports
 * in the specific answer class; anything else thrown becomes a generic failed `Answer`.
 */
export type CommandHandler = (ctx: HandlerContext, body: Record<string, unknown>) => AgentAnswer;

/** The pool libvirt knows by this uuid, or the libvirt error the agent would pass on. */
export function poolOrFail(ctx: HandlerContext, poolUuid: string, answerName: string): SimPool {
  const pool = ctx.fleet.pools.get(poolUuid);
  if (!pool) {
    throw new AgentCommandFailure(answerName, `org.libvirt.LibvirtException: Storage pool not found: no storage pool with matching uuid '${poolUuid}'`);
  }
  return pool;
}

/** KVMStoragePool.getPhysicalDisk's failure for a file that is not in the pool. */
export function cantFindVolume(name: string): string {
  return `com.cloud.utils.exception.CloudRuntimeException: Can't find volume:${name}`;
}
