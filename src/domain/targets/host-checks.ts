import { findCapability } from './hypervisor-capabilities';
import { SUITABLE, TargetReasonCode as Code, undecidable, unsuitable, type Verdict } from './target-reason';
import type { HypervisorCapabilityRecord, ServiceOfferingRecord, TargetCluster, TargetHost } from './target-records';

/**
 * T15.2 (`checkIfHostReachMaxGuestLimit`): the host already runs `max_guests_limit` VMs of its
 * hypervisor/version. Which VM states count is [uncertain]; the reader counts Starting, Running,
 * Stopping and Migrating VMs on the host.
 */
export function guestLimitVerdict(host: TargetHost, guests: number, capabilities: readonly HypervisorCapabilityRecord[]): Verdict {
  const limit = findCapability(capabilities, host.hypervisorType, host.hypervisorVersion)?.maxGuestsLimit ?? null;
  if (limit === null || guests < limit) return SUITABLE;
  return unsuitable(
    Code.MaxGuestsReached,
    `Host ${host.name} already runs ${guests} VMs, the ${host.hypervisorType} limit is ${limit} (hypervisor_capabilities.max_guests_limit).`,
  );
}

/**
 * T2/T15.3: a vGPU offering needs a free matching GPU on the host; GPU devices and vGPU profiles
 * are in tables outside the subset (T32).
 */
export function gpuVerdict(offering: ServiceOfferingRecord | null, offeringDetails: ReadonlyMap<string, string>): Verdict {
  if (offering?.vgpuProfileId != null) {
    return undecidable(
      Code.GpuUndecidable,
      `The service offering uses vGPU profile ${offering.vgpuProfileId}; vGPU profiles and host GPUs are outside the gateway's tables.`,
    );
  }
  const vgpuType = offeringDetails.get('vgpuType');
  if (vgpuType !== undefined) {
    return undecidable(Code.GpuUndecidable, `The service offering asks for vGPU ${vgpuType}; free host GPUs are outside the gateway's tables.`);
  }
  return SUITABLE;
}

/**
 * T18: when the zone's clusters have more than one CPU architecture, only hosts of the source
 * host's architecture are suitable.
 */
export function architectureVerdict(host: TargetHost, source: TargetHost, zoneClusters: Iterable<TargetCluster>): Verdict {
  const arches = new Set([...zoneClusters].filter((c) => c.removed === null).map((c) => c.arch ?? ''));
  if (arches.size <= 1 || host.arch === source.arch) return SUITABLE;
  return unsuitable(
    Code.ArchitectureMismatch,
    `Host ${host.name} is ${host.arch ?? 'of unknown architecture'}, the VM runs on ${source.arch ?? 'an unknown architecture'}.`,
  );
}
