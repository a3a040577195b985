import { AgentCommandName } from '../../agent/agent-command';
import type { ImageStoreRecord, StoragePoolRecord, TemplateRecord, TemplateStoreRefRecord } from '../../inventory/records';
import { toImageStoreTO, toPrimaryStoreTO, toTemplateObjectTO } from './transfer-objects';
import type { CopyAgentCommand } from './typed-agent-command';

export interface CopyCommandParams {
  template: TemplateRecord;
  /** The image store the template is copied from and its `template_store_ref` there. */
  imageStore: ImageStoreRecord;
  templateStoreRef: TemplateStoreRefRecord;
  destinationPool: StoragePoolRecord;
  /** `primary.storage.download.wait`. */
  waitSeconds: number;
  /** The KVM "execute in sequence" setting. */
  executeInSequence: boolean;
}

/**
 * R15: after a successful copy CloudStack records the destination reference with
 * `install_path = local_path =` the destination template object's uuid (the template's uuid).
 * The gateway asks the agent to write exactly that file name, so the reference names a real file.
 */
export function copiedTemplateInstallPath(template: TemplateRecord): string | null {
  return template.uuid;
}

/** R15 CopyCommand (to the destination host): template on the image store -> destination pool. */
export function buildCopyCommand(params: CopyCommandParams): CopyAgentCommand {
  const { template, imageStore, templateStoreRef, destinationPool } = params;
  return {
    name: AgentCommandName.Copy,
    wait: params.waitSeconds,
    executeInSequence: params.executeInSequence,
    body: {
      srcTO: toTemplateObjectTO(template, {
        path: templateStoreRef.installPath,
        size: templateStoreRef.size ?? template.size,
        store: toImageStoreTO(imageStore),
      }),
      destTO: toTemplateObjectTO(template, {
        path: copiedTemplateInstallPath(template),
        size: template.size,
        store: toPrimaryStoreTO(destinationPool),
      }),
    },
  };
}
