import type { EffectiveOffering } from './effective-offering';
import type { HostAllocation } from './migration-targets';
import { combine, SUITABLE, TargetReasonCode as Code, undecidable, unsuitable, type Verdict } from './target-reason';
import { CapacityType, type HostCapacityRecord, type TargetHost } from './target-records';

export const CPU_OVERCOMMIT_RATIO = 'cpuOvercommitRatio';
export const MEMORY_OVERCOMMIT_RATIO = 'memoryOvercommitRatio';

/** A host's two capacity rows and its cluster's two ratios, as T17 and T20 read them. */
export interface HostCapacity {
  cpu: HostCapacityRecord | undefined;
  memory: HostCapacityRecord | undefined;
  /** `cluster_details` ratios, parsed as Java's `Float.parseFloat`; undefined when the row is missing. */
  cpuRatio: number | undefined;
  memoryRatio: number | undefined;
}

export function hostCapacity(host: TargetHost, rows: readonly HostCapacityRecord[], clusterDetails: ReadonlyMap<string, string> | undefined): HostCapacity {
  const row = (type: number) => rows.find((r) => r.hostId === host.id && r.capacityType === type);
  return {
    cpu: row(CapacityType.Cpu),
    memory: row(CapacityType.Memory),
    cpuRatio: parseRatio(clusterDetails?.get(CPU_OVERCOMMIT_RATIO)),
    memoryRatio: parseRatio(clusterDetails?.get(MEMORY_OVERCOMMIT_RATIO)),
  };
}

/** T16 (`checkIfHostHasCpuCapability`): enough cores, each fast enough (effective offering values). */
export function cpuCapabilityVerdict(host: TargetHost, size: EffectiveOffering | null): Verdict {
  if (size === null) return SUITABLE; // reported once by capacityVerdict
  const cpus = host.cpus ?? 0;
  const speed = host.speed ?? 0;
  if (cpus >= size.cpu && speed >= size.speed) return SUITABLE;
  return unsuitable(
    Code.CpuCapability,
    `Host ${host.name} has ${host.cpus ?? 'unknown'} cores at ${host.speed ?? 'unknown'} MHz; the VM needs ${size.cpu} at ${size.speed} MHz.`,
  );
}

/**
 * T17 (`checkIfHostHasCapacity`, reserved capacity not considered): both capacity rows and both
 * cluster ratios are needed (a missing ratio is an exception in CloudStack, so never suitable);
 * used + requested within `(long)(total × ratio)`, computed in float as Java does.
 */
export function capacityVerdict(host: TargetHost, capacity: HostCapacity, size: EffectiveOffering | null): Verdict {
  if (size === null) {
    return undecidable(
      Code.OfferingUndecidable,
      "The VM's CPU and memory size is unknown (no service offering row, or a custom offering without cpuNumber/cpuSpeed/memory details).",
    );
  }
  if (capacity.cpu === undefined || capacity.memory === undefined) {
    return unsuitable(Code.CapacityRowsMissing, `Host ${host.name} has no ${capacity.cpu === undefined ? 'CPU' : 'memory'} capacity row (op_host_capacity).`);
  }
  if (capacity.cpuRatio === undefined || capacity.memoryRatio === undefined) {
    const name = capacity.cpuRatio === undefined ? CPU_OVERCOMMIT_RATIO : MEMORY_OVERCOMMIT_RATIO;
    return unsuitable(Code.OvercommitRatioMissing, `The cluster of host ${host.name} has no ${name} row (cluster_details); CloudStack fails on it.`);
  }
  const totalCpu = overprovisioned(capacity.cpu.totalCapacity, capacity.cpuRatio);
  const totalMem = overprovisioned(capacity.memory.totalCapacity, capacity.memoryRatio);
  const checks: Verdict[] = [];
  if (capacity.cpu.usedCapacity + size.requestedCpuMhz > totalCpu) {
    checks.push(
      unsuitable(
        Code.CpuCapacity,
        `Host ${host.name} has ${totalCpu - capacity.cpu.usedCapacity} MHz of CPU free of ${totalCpu}; the VM needs ${size.requestedCpuMhz}.`,
      ),
    );
  }
  if (capacity.memory.usedCapacity + size.requestedRamBytes > totalMem) {
    checks.push(
      unsuitable(
        Code.MemoryCapacity,
        `Host ${host.name} has ${totalMem - capacity.memory.usedCapacity} bytes of memory free of ${totalMem}; the VM needs ${size.requestedRamBytes}.`,
      ),
    );
  }
  return checks.length ? combine(checks) : SUITABLE;
}

/**
 * T20 (`newHostForMigrationResponse`): allocated = used + reserved (reserved counts here although
 * T17 ignores it), against `cpus × speed × ratio` and `ram × ratio`; percentages rounded as
 * CloudStack's `#.##`.
 */
export function hostAllocation(host: TargetHost, capacity: HostCapacity): HostAllocation {
  const cpuAllocated = capacity.cpu ? capacity.cpu.usedCapacity + capacity.cpu.reservedCapacity : null;
  const memoryAllocated = capacity.memory ? capacity.memory.usedCapacity + capacity.memory.reservedCapacity : null;
  const cpuTotal = host.cpus !== null && host.speed !== null && capacity.cpuRatio !== undefined ? host.cpus * host.speed * capacity.cpuRatio : null;
  const memoryTotal = host.ram !== null && capacity.memoryRatio !== undefined ? host.ram * capacity.memoryRatio : null;
  return {
    cpuAllocatedMhz: cpuAllocated,
    cpuWithOverprovisioningMhz: cpuTotal,
    cpuAllocatedPercent: percentOf(cpuAllocated, cpuTotal),
    memoryAllocatedBytes: memoryAllocated,
    memoryWithOverprovisioningBytes: memoryTotal,
    memoryAllocatedPercent: percentOf(memoryAllocated, memoryTotal),
  };
}

/** Java `(long) (longTotal * floatRatio)`: long × float is float arithmetic, truncated. */
function overprovisioned(total: number, ratio: number): number {
  return Math.trunc(Math.fround(Math.fround(total) * ratio));
}

/** `Float.parseFloat`; a missing or unparsable value is undefined. */
function parseRatio(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? Math.fround(n) : undefined;
}

function percentOf(part: number | null, total: number | null): number | null {
  if (part === null || total === null || total <= 0) return null;
  return Math.round((part / total) * 10_000) / 100;
}
