import { AgentCommandName } from '../../agent/agent-command';
import type { StoragePoolRecord, TemplateRecord } from '../../inventory/records';
import { toPrimaryStoreTO } from './transfer-objects';
import type { DirectDownloadAgentCommand } from './typed-agent-command';

export interface DirectDownloadCommandParams {
  template: TemplateRecord;
  destinationPool: StoragePoolRecord;
  /** `vm_template.checksum` (not part of TemplateRecord yet, hence a parameter). */
  checksum?: string | null;
  /** Gateway choice: `primary.storage.download.wait`, the same budget as a template copy. */
  waitSeconds: number;
}

/**
 * R14 DirectDownloadCommand (to the destination host): the template URL is downloaded straight to
 * the destination pool; the agent names the file, so the answer carries the install path.
 */
export function buildDirectDownloadCommand(params: DirectDownloadCommandParams): DirectDownloadAgentCommand {
  const { template } = params;
  return {
    name: AgentCommandName.DirectDownload,
    wait: params.waitSeconds,
    executeInSequence: false,
    body: {
      url: template.url,
      templateId: template.id,
      templateUuid: template.uuid,
      checksum: params.checksum ?? null,
      format: template.format,
      destPool: toPrimaryStoreTO(params.destinationPool),
    },
  };
}
