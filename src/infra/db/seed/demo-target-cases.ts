import type { DemoHostName, DemoPoolName } from './demo-topology';
import type { DemoCaseVmName } from './demo-vms';

/** What `migrationTargets` answers for one pool of a demo volume seen from the case's host. */
interface DemoPoolExpectation {
  disk: 'ROOT' | 'DATA-1';
  pool: DemoPoolName;
  suitable: boolean | null;
  reasons: string[];
  cloneMode?: 'LINKED_CLONE' | 'FULL_CLONE';
  cloneModeReason?: string;
  templateStaging?: string;
}

/** A migration-target situation the demo inventory sets up (shared/reference/migration-targets.md). */
export interface DemoTargetCase {
  id: string;
  /** Rule ids of migration-targets.md. */
  rules: string[];
  vm: DemoCaseVmName;
  host: DemoHostName;
  /** A setting other than the default (GATEWAY_MIGRATION_HOST_SCOPE). */
  hostScope?: 'SOURCE_CLUSTER';
  suitable: boolean | null;
  requiresStorageMotion: boolean;
  /** Reason codes, first failing check first. */
  reasons: string[];
  notes?: string[];
  pools?: DemoPoolExpectation[];
}

/** Every host reason the demo shows in the explorer, and the pool verdicts and plan decisions worth seeing. */
export const DEMO_TARGET_CASES: readonly DemoTargetCase[] = [
  {
    id: 'same-cluster',
    rules: ['T5', 'T7', 'T17'],
    vm: 'web-01',
    host: 'kvm-a2',
    suitable: true,
    requiresStorageMotion: false,
    reasons: [],
    pools: [
      {
        disk: 'ROOT',
        pool: 'nfs-a2',
        suitable: true,
        reasons: [],
        cloneMode: 'LINKED_CLONE',
        cloneModeReason: 'LINKED_CLONE',
        templateStaging: 'EXISTING_REFERENCE',
      },
      { disk: 'ROOT', pool: 'gfs2-a', suitable: false, reasons: ['POOL_USED_ABOVE_THRESHOLD'] },
      { disk: 'ROOT', pool: 'powerflex-z1', suitable: null, reasons: ['MANAGED_POOL_UNDECIDABLE'] },
      {
        disk: 'DATA-1',
        pool: 'nfs-a2',
        suitable: true,
        reasons: [],
        cloneMode: 'FULL_CLONE',
        cloneModeReason: 'VOLUME_HAS_NO_TEMPLATE',
        templateStaging: 'NONE',
      },
    ],
  },
  {
    id: 'other-cluster-with-storage-motion',
    rules: ['T7', 'T8', 'T11'],
    vm: 'web-01',
    host: 'kvm-b1',
    suitable: true,
    requiresStorageMotion: true,
    reasons: [],
    pools: [
      // The template is not on nfs-b2 yet: the migration would copy it from the image store first (R15).
      { disk: 'ROOT', pool: 'nfs-b2', suitable: true, reasons: [], cloneMode: 'LINKED_CLONE', templateStaging: 'COPY_FROM_IMAGE_STORE' },
    ],
  },
  {
    id: 'other-cluster-outside-scope',
    rules: ['T11'],
    vm: 'web-01',
    host: 'kvm-b1',
    hostScope: 'SOURCE_CLUSTER',
    suitable: false,
    requiresStorageMotion: true,
    reasons: ['OUTSIDE_SOURCE_CLUSTER'],
  },
  { id: 'disabled-host', rules: ['T11'], vm: 'web-01', host: 'kvm-a4', suitable: false, requiresStorageMotion: false, reasons: ['HOST_DISABLED'] },
  { id: 'host-in-maintenance', rules: ['T11'], vm: 'web-01', host: 'kvm-b4', suitable: false, requiresStorageMotion: true, reasons: ['HOST_IN_MAINTENANCE'] },
  {
    id: 'full-host',
    rules: ['T17', 'T20'],
    vm: 'web-01',
    host: 'kvm-b5',
    suitable: false,
    requiresStorageMotion: true,
    reasons: ['CPU_CAPACITY', 'MEMORY_CAPACITY'],
  },
  {
    id: 'other-architecture',
    rules: ['T18'],
    vm: 'web-01',
    host: 'kvm-arm1',
    suitable: false,
    requiresStorageMotion: true,
    reasons: ['ARCHITECTURE_MISMATCH'],
  },
  {
    id: 'wrong-host-tag-and-no-uefi',
    rules: ['T10', 'T12'],
    vm: 'win-sql-01',
    host: 'kvm-a2',
    suitable: false,
    requiresStorageMotion: true,
    reasons: ['UEFI_NOT_SUPPORTED', 'HOST_TAG_MISSING'],
  },
  { id: 'uefi-and-tag-present', rules: ['T10', 'T12'], vm: 'win-sql-01', host: 'kvm-b1', suitable: true, requiresStorageMotion: false, reasons: [] },
  {
    id: 'local-storage-needs-a-local-pool',
    rules: ['T7', 'T8', 'T21'],
    vm: 'local-db-01',
    host: 'kvm-a4',
    suitable: false,
    requiresStorageMotion: false,
    reasons: ['NO_SUITABLE_POOL', 'NO_SUITABLE_POOL', 'HOST_DISABLED'],
  },
  {
    id: 'local-storage-to-a-local-pool',
    rules: ['T7', 'T8', 'T21'],
    vm: 'local-db-01',
    host: 'kvm-b1',
    suitable: true,
    requiresStorageMotion: true,
    reasons: [],
    pools: [{ disk: 'ROOT', pool: 'local-kvm-b1', suitable: true, reasons: [], cloneMode: 'LINKED_CLONE', templateStaging: 'EXISTING_REFERENCE' }],
  },
  {
    id: 'managed-zone-pool-driver-property',
    rules: ['T9', 'T22', 'T32'],
    vm: 'flex-db-01',
    host: 'kvm-a1',
    suitable: true,
    requiresStorageMotion: false,
    reasons: [],
    // One note per volume on the managed zone pool (ROOT and DATA-1).
    notes: ['ZONE_POOL_DRIVER_PROPERTY', 'ZONE_POOL_DRIVER_PROPERTY'],
    pools: [{ disk: 'ROOT', pool: 'nfs-a1', suitable: false, reasons: ['STORAGE_TAG_MISSING'] }],
  },
  { id: 'custom-offering-size', rules: ['T1', 'T16', 'T17'], vm: 'imported-01', host: 'kvm-b2', suitable: true, requiresStorageMotion: false, reasons: [] },
  {
    id: 'direct-download-forces-full-clone',
    rules: ['T8', 'R10a'],
    vm: 'dd-web-01',
    host: 'kvm-b1',
    suitable: true,
    requiresStorageMotion: true,
    reasons: [],
    pools: [
      {
        disk: 'DATA-1',
        pool: 'nfs-b1',
        suitable: true,
        reasons: [],
        cloneMode: 'FULL_CLONE',
        cloneModeReason: 'FORCED_BY_DIRECT_DOWNLOAD',
        templateStaging: 'NONE',
      },
    ],
  },
];
