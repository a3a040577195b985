import { SUITABLE, TargetReasonCode as Code, unsuitable, type Verdict } from './target-reason';
import type { TargetHost } from './target-records';

const UEFI_MODES: ReadonlySet<string> = new Set(['legacy', 'secure']);

/** The VM boots with UEFI: its `vm_instance_details` `UEFI` is LEGACY or SECURE (case-insensitive). */
function requiresUefi(vmDetails: ReadonlyMap<string, string>): boolean {
  const mode = vmDetails.get('UEFI');
  return mode !== undefined && UEFI_MODES.has(mode.trim().toLowerCase());
}

/**
 * T10 (`filterUefiHostsForMigration`): a UEFI VM needs a host reporting `host.uefi.enable=true`;
 * when no host at all reports the detail, none is suitable.
 */
export function uefiVerdict(vmDetails: ReadonlyMap<string, string>, host: TargetHost, uefiHostIds: ReadonlySet<number>, anyHostReportsUefi: boolean): Verdict {
  if (!requiresUefi(vmDetails) || uefiHostIds.has(host.id)) return SUITABLE;
  const why = anyHostReportsUefi ? `host ${host.name} does not report host.uefi.enable=true` : 'no host reports host.uefi.enable';
  return unsuitable(Code.UefiNotSupported, `The VM boots with UEFI (${vmDetails.get('UEFI')}) and ${why}.`);
}
