import { HostCapacityEntity } from '../entities';
import { demoTime } from './demo-ids';
import type { SeedContext } from './seed-context';

const MiB = 1024 ** 2;
/** com.cloud.capacity.Capacity codes of a host's rows. */
const CapacityType = { Memory: 0, Cpu: 1, CpuCore: 90 } as const;

/**
 * op_host_capacity rows of every host as CloudStack's capacity checker leaves them
 * (`updateCapacityForHost`): totals from the hardware (no overprovisioning), used = the sizes of the
 * VMs running there. Reserved capacity (stopped VMs younger than capacity.skipcounting.hours) is 0:
 * the demo's stopped VMs stopped long ago.
 */
export async function writeHostCapacity(ctx: SeedContext): Promise<void> {
  const rows: Omit<HostCapacityEntity, 'id'>[] = [];
  for (const host of ctx.hosts.values()) {
    const running = ctx.vmPlacements.filter((p) => p.hostId === host.id);
    const sum = (f: (size: (typeof running)[number]['size']) => number) => running.reduce((total, p) => total + f(p.size), 0);
    const row = (capacityType: number, usedCapacity: number, totalCapacity: number) => ({
      hostId: host.id,
      zoneId: host.zoneId,
      podId: host.podId,
      clusterId: host.clusterId,
      usedCapacity,
      reservedCapacity: 0,
      totalCapacity,
      capacityType,
      capacityState: host.resourceState === 'Enabled' ? 'Enabled' : 'Disabled',
      updateTime: demoTime(50),
      created: demoTime(0, 2),
    });
    rows.push(
      row(
        CapacityType.Memory,
        sum((s) => s.ramMiB * MiB),
        host.ram ?? 0,
      ),
      row(
        CapacityType.Cpu,
        sum((s) => s.cpu * s.speedMhz),
        (host.cpus ?? 0) * (host.speed ?? 0),
      ),
      row(
        CapacityType.CpuCore,
        sum((s) => s.cpu),
        host.cpus ?? 0,
      ),
    );
  }
  await ctx.manager.insert(HostCapacityEntity, rows);
}
