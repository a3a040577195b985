import type { CopyCommandBody, DirectDownloadAnswerBody, DirectDownloadCommandBody, TemplateObjectTO } from '../../../domain/agent/command-bodies';
import { type CommandHandler, type HandlerContext, cantFindVolume, poolOrFail } from '../command-handler';
import type { SimFile } from '../fleet-model';
import { AgentCommandFailure, okAnswer } from '../simulated-answers';

const COPY_ANSWER = 'CopyCmdAnswer';
const DOWNLOAD_ANSWER = 'DirectDownloadAnswer';
/** Size a direct download yields when the template row gave none (the real size comes from the URL). */
const UNKNOWN_DOWNLOAD_SIZE = 2 * 1024 ** 3;

/**
 * R15 CopyCommand: a template from an image store (or another pool) to a file of the destination
 * pool, named `destTO.path` or a fresh uuid. The copy is flattened: it has no backing file.
 */
export const handleCopy: CommandHandler = (ctx, raw) => {
  const { srcTO, destTO } = raw as unknown as CopyCommandBody;
  const source = sourceTemplate(ctx, srcTO);
  if (destTO.store.role !== 'Primary') {
    throw new AgentCommandFailure(COPY_ANSWER, `Unsupported copy destination: ${destTO.store.role} store`);
  }
  const pool = poolOrFail(ctx, destTO.store.uuid, COPY_ANSWER);
  const name = destTO.path ?? ctx.newUuid();
  ctx.fleet.putFile(pool.uuid, name, { size: source.size, backingFile: null });
  const newData: TemplateObjectTO = { ...destTO, path: name, size: source.size };
  return okAnswer(COPY_ANSWER, { newData });
};

function sourceTemplate(ctx: HandlerContext, srcTO: TemplateObjectTO): SimFile {
  const path = srcTO.path ?? '';
  if (srcTO.store.role === 'Primary') {
    const file = poolOrFail(ctx, srcTO.store.uuid, COPY_ANSWER).files.get(path);
    if (!file) throw new AgentCommandFailure(COPY_ANSWER, cantFindVolume(path));
    return file;
  }
  const store = ctx.fleet.imageStores.get(srcTO.store.uuid);
  if (!store) throw new AgentCommandFailure(COPY_ANSWER, `Unable to mount image store ${srcTO.store.uuid}`);
  const template = store.templates.get(path);
  if (!template) {
    throw new AgentCommandFailure(COPY_ANSWER, `Unable to find template ${path} on image store ${store.uuid}`);
  }
  return template;
}

/**
 * R14 DirectDownloadCommand: the template URL is downloaded straight to the destination pool under a
 * generated file name, so the file never has the source pool's name.
 */
export const handleDirectDownload: CommandHandler = (ctx, raw) => {
  const body = raw as unknown as DirectDownloadCommandBody;
  const pool = poolOrFail(ctx, body.destPool.uuid, DOWNLOAD_ANSWER);
  if (!body.url) {
    throw new AgentCommandFailure(DOWNLOAD_ANSWER, `Unable to download template ${body.templateId}: no URL given`);
  }
  const installPath = ctx.newUuid();
  const templateSize = ctx.fleet.templateSizes.get(body.templateId) ?? UNKNOWN_DOWNLOAD_SIZE;
  ctx.fleet.putFile(pool.uuid, installPath, { size: templateSize, backingFile: null });
  const answer: DirectDownloadAnswerBody = { installPath, templateSize };
  return okAnswer(DOWNLOAD_ANSWER, { ...answer });
};
