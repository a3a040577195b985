import type {
  CreateObjectAnswerBody,
  CreateObjectCommandBody,
  DeleteCommandBody,
  MigrationOptionsTO,
  VolumeObjectTO,
} from '../../../domain/agent/command-bodies';
import { type CommandHandler, type HandlerContext, cantFindVolume, poolOrFail } from '../command-handler';
import type { SimPool } from '../fleet-model';
import { AgentCommandFailure, okAnswer } from '../simulated-answers';

const CREATE_ANSWER = 'CreateObjectAnswer';

/**
 * R19 CreateObjectCommand as KVMStorageProcessor.createVolume does it: LinkedClone resolves the
 * backing file in the source pool (and, without copySrcTemplate, in the destination pool too),
 * FullClone and plain creation make an empty disk of the volume size.
 */
export const handleCreateObject: CommandHandler = (ctx, raw) => {
  const { data } = raw as unknown as CreateObjectCommandBody;
  const pool = poolOrFail(ctx, data.store.uuid, CREATE_ANSWER);
  const name = volumeFileName(pool, data);
  if (pool.files.has(name)) {
    throw new AgentCommandFailure(CREATE_ANSWER, `org.libvirt.LibvirtException: operation failed: storage vol '${name}' already exists`);
  }
  const options = data.migrationOptions ?? null;
  const backingFile = options?.type === 'LinkedClone' ? stageBackingFile(ctx, options, pool) : null;
  ctx.fleet.putFile(pool.uuid, name, { size: data.size, backingFile });
  const answer: CreateObjectAnswerBody = {
    data: { path: name, size: data.size, format: pool.managed ? 'RAW' : 'QCOW2' },
  };
  return okAnswer(CREATE_ANSWER, { ...answer });
};

/**
 * createLinkedCloneVolume: the backing file must exist in the source pool; with copySrcTemplate it is
 * copied into the destination pool under the same name, otherwise the destination must already hold
 * a file of that name. Returns the backing file name of the new disk.
 */
function stageBackingFile(ctx: HandlerContext, options: MigrationOptionsTO, destPool: SimPool): string {
  const srcPool = poolOrFail(ctx, options.srcPoolUuid, CREATE_ANSWER);
  const backing = fileNameIn(srcPool, options.srcBackingFilePath ?? '');
  const template = srcPool.files.get(backing);
  if (!template) throw new AgentCommandFailure(CREATE_ANSWER, cantFindVolume(backing));
  if (options.copySrcTemplate) {
    ctx.fleet.putFile(destPool.uuid, backing, template);
  } else if (!destPool.files.has(backing)) {
    throw new AgentCommandFailure(CREATE_ANSWER, cantFindVolume(backing));
  }
  return backing;
}

/**
 * Expunge of a volume's disk: the file goes; a file that is already gone is fine (expunge is retried
 * by cleanup, R32).
 */
export const handleDelete: CommandHandler = (ctx, raw) => {
  const { data } = raw as unknown as DeleteCommandBody;
  const pool = poolOrFail(ctx, data.store.uuid, 'Answer');
  const name = pool.managed ? (data.iscsiName ?? data.path) : data.path;
  if (name) pool.files.delete(fileNameIn(pool, name));
  return okAnswer('Answer');
};

/** Managed pools know volumes by iSCSI name (R20); file pools by the volume uuid the gateway chose. */
function volumeFileName(pool: SimPool, volume: Pick<VolumeObjectTO, 'uuid' | 'iscsiName'>): string {
  return pool.managed ? (volume.iscsiName ?? volume.uuid) : volume.uuid;
}

/** Accept a bare file name or an absolute path inside the pool, as libvirt's pool lookup does. */
function fileNameIn(pool: SimPool, pathOrName: string): string {
  return pathOrName.startsWith(`${pool.path}/`) ? pathOrName.slice(pool.path.length + 1) : pathOrName;
}
