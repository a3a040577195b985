import { DiskOfferingEntity, HypervisorCapabilityEntity, ServiceOfferingEntity } from '../entities';
import { demoTime, demoUuid, GiB } from './demo-ids';
import { DEMO_DISK_OFFERINGS, DEMO_SERVICE_OFFERINGS, type DiskOfferingSpec, type ServiceOfferingSpec } from './demo-offerings';
import type { SeedContext } from './seed-context';

/**
 * Disk offerings, then the compute offerings that point at them (FK), and the XenServer host's
 * hypervisor_capabilities row. The KVM `default` row is CloudStack's own: the schema already has it.
 */
export async function writeOfferings(ctx: SeedContext): Promise<void> {
  for (const spec of DEMO_DISK_OFFERINGS as readonly DiskOfferingSpec[]) {
    await ctx.manager.insert(DiskOfferingEntity, {
      id: spec.id,
      name: spec.name,
      uuid: demoUuid('disk-offering', spec.name),
      displayText: spec.name,
      diskSize: spec.sizeGiB * GiB,
      tags: spec.tags ?? null,
      useLocalStorage: spec.local ?? false,
      customized: spec.sizeGiB === 0 && !spec.computeOnly,
      minIops: null,
      maxIops: null,
      provisioningType: 'thin',
      computeOnly: spec.computeOnly ?? false,
      encrypt: false,
      state: 'Active',
      created: demoTime(0, 5),
      removed: null,
    } satisfies DiskOfferingEntity);
  }
  for (const spec of DEMO_SERVICE_OFFERINGS as readonly ServiceOfferingSpec[]) {
    await ctx.manager.insert(ServiceOfferingEntity, {
      id: spec.id,
      uuid: demoUuid('service-offering', spec.name),
      name: spec.name,
      displayText: spec.name,
      cpu: spec.size?.cpu ?? null,
      speed: spec.size?.speedMhz ?? null,
      ramSize: spec.size?.ramMiB ?? null,
      haEnabled: false,
      hostTag: spec.hostTag ?? null,
      vmType: null,
      customized: spec.size === null,
      systemUse: false,
      diskOfferingId: spec.diskOffering,
      vgpuProfileId: null,
      state: 'Active',
      created: demoTime(0, 5),
      removed: null,
    } satisfies ServiceOfferingEntity);
  }
  await ctx.manager.insert(HypervisorCapabilityEntity, {
    uuid: demoUuid('hypervisor-capability', 'XenServer 8.2.1'),
    hypervisorType: 'XenServer',
    hypervisorVersion: '8.2.1',
    maxGuestsLimit: 500,
    maxDataVolumesLimit: 253,
    maxHostsPerCluster: 64,
    storageMotionSupported: true,
    vmSnapshotEnabled: true,
  });
}
