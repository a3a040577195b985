/**
 * The demo's compute and disk offerings, as data. Since 4.17 every compute offering has its own
 * (compute-only) disk offering for the ROOT disk; data disks use plain disk offerings. Ids are
 * explicit: `service_offering.id` has no AUTO_INCREMENT in the 4.22 DDL.
 */

export interface DiskOfferingSpec {
  id: number;
  name: string;
  sizeGiB: number;
  /** Storage tags (T22). */
  tags?: string;
  /** `use_local_storage` (T1 usesLocal, T21). */
  local?: boolean;
  /** Linked one to one to a compute offering. */
  computeOnly?: boolean;
}

export const DEMO_DISK_OFFERINGS = [
  { id: 1, name: 'Small Instance (root)', sizeGiB: 0, computeOnly: true },
  { id: 2, name: 'Windows Large (root)', sizeGiB: 0, computeOnly: true },
  { id: 3, name: 'Data Disk', sizeGiB: 100 },
  { id: 4, name: 'Batch XLarge (root)', sizeGiB: 0, computeOnly: true },
  { id: 5, name: 'Small Local (root)', sizeGiB: 0, computeOnly: true, local: true },
  { id: 6, name: 'Local Data Disk', sizeGiB: 100, local: true },
  { id: 7, name: 'PowerFlex Small (root)', sizeGiB: 0, computeOnly: true, tags: 'powerflex' },
  { id: 8, name: 'PowerFlex Data Disk', sizeGiB: 100, tags: 'powerflex' },
  { id: 9, name: 'Custom (root)', sizeGiB: 0, computeOnly: true },
] as const satisfies readonly DiskOfferingSpec[];

export interface ServiceOfferingSpec {
  id: number;
  name: string;
  /** null: a custom offering, the VM's size is in vm_instance_details. */
  size: { cpu: number; speedMhz: number; ramMiB: number } | null;
  /** Host tag the offering requires (T12). */
  hostTag?: string;
  /** Its ROOT disk offering. */
  diskOffering: number;
}

export const DEMO_SERVICE_OFFERINGS = [
  { id: 1, name: 'Small Instance', size: { cpu: 2, speedMhz: 2000, ramMiB: 4096 }, diskOffering: 1 },
  { id: 2, name: 'Windows Large', size: { cpu: 4, speedMhz: 2400, ramMiB: 16384 }, hostTag: 'windows', diskOffering: 2 },
  { id: 3, name: 'Batch XLarge', size: { cpu: 8, speedMhz: 2000, ramMiB: 16384 }, diskOffering: 4 },
  { id: 4, name: 'Small Local', size: { cpu: 2, speedMhz: 2000, ramMiB: 4096 }, diskOffering: 5 },
  { id: 5, name: 'PowerFlex Small', size: { cpu: 2, speedMhz: 2000, ramMiB: 8192 }, diskOffering: 7 },
  { id: 6, name: 'Custom', size: null, diskOffering: 9 },
] as const satisfies readonly ServiceOfferingSpec[];

export type DemoServiceOfferingName = (typeof DEMO_SERVICE_OFFERINGS)[number]['name'];

/** Data disk offerings by the pool kind a data disk sits on. */
export const DATA_DISK_OFFERING = { shared: 3, local: 6, powerFlex: 8 } as const;
