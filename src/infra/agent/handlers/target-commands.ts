import type { ModifyTargetsAnswerBody, ModifyTargetsCommandBody } from '../../../domain/agent/command-bodies';
import type { CommandHandler } from '../command-handler';
import { okAnswer } from '../simulated-answers';

/**
 * R25 ModifyTargetsCommand as LibvirtModifyTargetsCommandWrapper runs it: add=true connects each
 * target and returns the path the host now sees it at (block device for managed pools,
 * `<pool path>/<iqn>` for file pools); add=false disconnects. The wrapper throws for a target the
 * pool does not hold, which the agent reports as a plain failed `Answer` ("Can't find volume:<iqn>").
 * A disconnect without an iqn (R31 sends the destination's iscsi_name, NULL for NFS) is a no-op, as
 * libvirt's NFS storage adaptor's disconnectPhysicalDisk is.
 */
export const handleModifyTargets: CommandHandler = (ctx, raw) => {
  const body = raw as unknown as ModifyTargetsCommandBody;
  const connectedPaths: string[] = [];
  for (const target of body.targets) {
    const pool = ctx.fleet.pools.get(target.storageUuid);
    if (!pool) throw new Error(`Storage pool not found: no storage pool with matching uuid '${target.storageUuid}'`);
    if (!body.add) {
      if (target.iqn === null) continue;
      for (const [path, ref] of ctx.host.connected) {
        if (ref.poolUuid === pool.uuid && ref.name === target.iqn) ctx.host.connected.delete(path);
      }
      continue;
    }
    if (target.iqn === null || !pool.files.has(target.iqn)) throw new Error(`Can't find volume:${target.iqn}`);
    const path = ctx.fleet.diskPath(pool, target.iqn);
    ctx.host.connected.set(path, { poolUuid: pool.uuid, name: target.iqn });
    connectedPaths.push(path);
  }
  const answer: ModifyTargetsAnswerBody = { connectedPaths };
  return okAnswer('ModifyTargetsAnswer', { ...answer });
};
