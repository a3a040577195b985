import type { ServiceOfferingRecord } from './target-records';

/** The VM's size: the offering's values, or the VM's own for a custom (dynamic) offering. */
export interface EffectiveOffering {
  cpu: number;
  /** MHz per core. */
  speed: number;
  /** MB. */
  ramSize: number;
  /** T17: `cpu × speed`, MHz. */
  requestedCpuMhz: number;
  /** T17: `ram_size × 1 048 576`, bytes. */
  requestedRamBytes: number;
}

const MiB = 1024 * 1024;

/**
 * T1 (vocabulary) `ServiceOfferingDao.findById(vmId, offeringId)`: NULL `cpu`/`speed`/`ram_size` are
 * replaced by the VM's `vm_instance_details` `cpuNumber`/`cpuSpeed`/`memory`. Null when a value is
 * still unknown (no offering row, or a custom offering without the detail): the size is undecidable.
 */
export function effectiveOffering(offering: ServiceOfferingRecord | null, vmDetails: ReadonlyMap<string, string>): EffectiveOffering | null {
  if (offering === null) return null;
  const cpu = offering.cpu ?? positiveInteger(vmDetails.get('cpuNumber'));
  const speed = offering.speed ?? positiveInteger(vmDetails.get('cpuSpeed'));
  const ramSize = offering.ramSize ?? positiveInteger(vmDetails.get('memory'));
  if (cpu === null || speed === null || ramSize === null) return null;
  return { cpu, speed, ramSize, requestedCpuMhz: cpu * speed, requestedRamBytes: ramSize * MiB };
}

function positiveInteger(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}
