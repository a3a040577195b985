import type { MigrateAnswerBody, MigrateCommandBody, MigrateDiskInfo } from '../../../domain/agent/command-bodies';
import type { CommandHandler, HandlerContext } from '../command-handler';
import type { SimDisk, SimFile, SimHost, SimPool } from '../fleet-model';
import { AgentCommandFailure, okAnswer } from '../simulated-answers';

const MIGRATE_ANSWER = 'MigrateAnswer';
/** libvirt errors on the destination name the qemu user; CloudStack hosts run qemu as 107:107. */
const QEMU_IDS = '(as uid:107, gid:107)';

/**
 * R28/R29 MigrateCommand on the source host, with the libvirt semantics that decide success: the
 * domain must run here, the destination must be reachable and prepared (R26), and every disk in
 * `migrateStorage` needs its destination disk; in NON_SHARED_INC mode only the top layer is copied,
 * so the destination disk's backing file must already be in place. On success the domain runs on
 * the destination and source disks flagged `isSourceDiskOnStorageFileSystem` are deleted.
 */
export const handleMigrate: CommandHandler = (ctx, raw) => {
  const body = raw as unknown as MigrateCommandBody;
  const disks = ctx.host.running.get(body.vmName);
  if (!disks) fail(`Domain not found: no domain with matching name '${body.vmName}'`);
  const dest = destinationHost(ctx, body);
  const incremental = body.migrateNonSharedInc && !body.migrateStorageManaged;
  // libvirt checks every disk before the domain moves: a failure leaves the source untouched.
  const newDisks = disks.map((disk) => {
    const key = Object.keys(body.migrateStorage).find((k) => disk.path.includes(k));
    return key === undefined ? disk : destinationDisk(ctx, dest, disk, body.migrateStorage[key], incremental);
  });

  for (const info of body.migrateDiskInfoList) deleteSourceDiskOnFilesystem(ctx, disks, info);
  ctx.host.running.delete(body.vmName);
  dest.prepared.delete(body.vmName);
  dest.running.set(body.vmName, newDisks);
  const answer: MigrateAnswerBody = { vncPort: 5900 };
  return okAnswer(MIGRATE_ANSWER, { ...answer });
};

function destinationHost(ctx: HandlerContext, body: MigrateCommandBody): SimHost {
  const dest = ctx.fleet.hostByIp(body.destIp);
  if (!dest) fail(`unable to connect to server at '${body.destIp}:16509': No route to host`);
  if (!dest.reachable) fail(`unable to connect to server at '${body.destIp}:16509': Connection refused`);
  if (dest.id === ctx.host.id) fail(`internal error: Attempt to migrate guest to the same host ${dest.name}`);
  if (!dest.prepared.has(body.vmName)) {
    // The real failure is a missing bridge or vif on the destination; name the cause instead.
    fail(`Requested operation is not valid: domain '${body.vmName}' was not prepared for migration on ${body.destIp}`);
  }
  return dest;
}

function destinationDisk(ctx: HandlerContext, dest: SimHost, source: SimDisk, info: MigrateDiskInfo, incremental: boolean): SimDisk {
  const ref = ctx.fleet.resolvePath(info.sourceText, dest.id);
  const file = ctx.fleet.fileAt(ref);
  if (!ref || !file) fail(`Cannot access storage file '${info.sourceText}' ${QEMU_IDS}: No such file or directory`);
  if (incremental) {
    const backing = backingOf(ctx, dest, ctx.fleet.pools.get(ref.poolUuid)!, info, file);
    if (backing === null && ctx.fleet.fileAt(source)?.backingFile) {
      // libvirt would not notice: qemu mirrors the top layer only and the guest sees a disk without its base.
      fail(`operation failed: incremental storage migration of '${source.path}' copies only its top layer, ` + `but '${info.sourceText}' has no backing file`);
    }
    if (backing !== null && !backing.exists) {
      fail(`Cannot access backing file '${backing.path}' of storage file '${info.sourceText}' ${QEMU_IDS}: ` + 'No such file or directory');
    }
  }
  return { path: info.sourceText, poolUuid: ref.poolUuid, name: ref.name };
}

/** The backing file the destination domain will use: `backingStoreText` when given (the agent rewrites it), else the disk's own. */
function backingOf(ctx: HandlerContext, dest: SimHost, destPool: SimPool, info: MigrateDiskInfo, file: SimFile): { path: string; exists: boolean } | null {
  if (!info.backingStoreText) {
    if (file.backingFile === null) return null;
    return { path: `${destPool.path}/${file.backingFile}`, exists: destPool.files.has(file.backingFile) };
  }
  const path = info.backingStoreText;
  // Prefer the destination pool: local pools of different hosts may share a path.
  const inDestPool = path.startsWith(`${destPool.path}/`) && destPool.files.has(path.slice(destPool.path.length + 1));
  return { path, exists: inDestPool || ctx.fleet.fileAt(ctx.fleet.resolvePath(path, dest.id)) !== null };
}

/**
 * deleteOrDisconnectDisksOnSourcePool: the agent deletes the source file of every disk flagged
 * `isSourceDiskOnStorageFileSystem` and trusts the flag (the gateway sets it for Filesystem sources, R24).
 */
function deleteSourceDiskOnFilesystem(ctx: HandlerContext, disks: SimDisk[], info: MigrateDiskInfo): void {
  if (!info.isSourceDiskOnStorageFileSystem) return;
  const disk = disks.find((d) => d.path.includes(info.serialNumber));
  if (disk) ctx.fleet.pools.get(disk.poolUuid)?.files.delete(disk.name);
}

function fail(details: string): never {
  throw new AgentCommandFailure(MIGRATE_ANSWER, details);
}
