import type { DemoAccountName, DemoTemplateName } from './demo-catalog';
import type { DemoServiceOfferingName } from './demo-offerings';
import type { DemoHostName, DemoPoolName } from './demo-topology';

/**
 * The demo's VMs, as data. The first block are the named VMs of the migration cases (see
 * demo-migration-cases.ts); the rest is an ordinary fleet. Placement follows CloudStack's rules:
 * a CLUSTER pool only serves its cluster's hosts, a HOST pool only its host, and a ROOT disk sits
 * on a pool that holds its template (template_spool_ref), except for the import dummy template.
 */

export interface DiskSpec {
  pool: DemoPoolName;
  sizeGiB: number;
  /** A former ROOT disk re-attached as data disk keeps its template_id; blank data disks have none. */
  template?: DemoTemplateName;
}

export interface VmSpec {
  name: string;
  owner: DemoAccountName;
  /** Current host when Running; last host when Stopped. */
  host: DemoHostName;
  state: 'Running' | 'Stopped' | 'Expunging';
  template: DemoTemplateName;
  root: DiskSpec;
  data?: DiskSpec[];
  /** The ROOT disk was live-migrated here earlier from this pool: an expunged source row remains (R30). */
  migratedFrom?: DemoPoolName;
  /** A snapshot of the ROOT (`root`) or first data disk (`data`), in progress or finished (R3, R30). */
  snapshot?: { disk: 'root' | 'data'; status: 'Creating' | 'BackedUp' };
  /** Compute offering; by default from the ROOT pool and the guest OS (write-vms.ts). */
  offering?: DemoServiceOfferingName;
  /** `vm_instance_details` rows (a custom offering's size, UEFI boot). */
  details?: Readonly<Record<string, string>>;
}

const DEMO_CASE_VMS = [
  {
    name: 'web-01',
    owner: 'alice',
    host: 'kvm-a1',
    state: 'Running',
    template: 'ubuntu-22.04',
    root: { pool: 'nfs-a1', sizeGiB: 20 },
    data: [{ pool: 'nfs-a1', sizeGiB: 50 }],
    snapshot: { disk: 'data', status: 'BackedUp' },
  },
  {
    name: 'web-02',
    owner: 'alice',
    host: 'kvm-a2',
    state: 'Running',
    template: 'ubuntu-22.04',
    migratedFrom: 'nfs-a1',
    root: { pool: 'nfs-a2', sizeGiB: 20 },
    data: [{ pool: 'nfs-a2', sizeGiB: 20, template: 'ubuntu-22.04' }],
  },
  {
    name: 'local-db-01',
    owner: 'bob',
    host: 'kvm-a1',
    state: 'Running',
    template: 'ubuntu-22.04',
    root: { pool: 'local-kvm-a1', sizeGiB: 20 },
    data: [{ pool: 'local-kvm-a1', sizeGiB: 100 }],
  },
  {
    name: 'gfs-app-01',
    owner: 'bob',
    host: 'kvm-a2',
    state: 'Running',
    template: 'ubuntu-22.04',
    root: { pool: 'gfs2-a', sizeGiB: 20 },
    data: [{ pool: 'gfs2-a', sizeGiB: 40 }],
  },
  {
    name: 'flex-db-01',
    owner: 'carol',
    host: 'kvm-b1',
    state: 'Running',
    template: 'ubuntu-22.04',
    root: { pool: 'powerflex-z1', sizeGiB: 24 },
    data: [{ pool: 'powerflex-z1', sizeGiB: 200 }],
  },
  {
    name: 'dd-flex-01',
    owner: 'carol',
    host: 'kvm-b2',
    state: 'Running',
    template: 'debian-12-dd',
    root: { pool: 'powerflex-z1', sizeGiB: 16 },
    data: [{ pool: 'nfs-b1', sizeGiB: 30 }],
  },
  {
    name: 'dd-web-01',
    owner: 'eng-admin',
    host: 'kvm-a3',
    state: 'Running',
    template: 'debian-12-dd',
    root: { pool: 'nfs-a1', sizeGiB: 10 },
    data: [{ pool: 'nfs-a1', sizeGiB: 20, template: 'ubuntu-22.04' }],
  },
  {
    name: 'legacy-dd-01',
    owner: 'dave',
    host: 'kvm-b3',
    state: 'Running',
    template: 'rocky-9-dd',
    root: { pool: 'nfs-b1', sizeGiB: 10 },
    data: [{ pool: 'nfs-b1', sizeGiB: 10 }],
  },
  {
    name: 'legacy-dd-02',
    owner: 'dave',
    host: 'kvm-b2',
    state: 'Stopped',
    template: 'rocky-9-dd',
    root: { pool: 'nfs-b2', sizeGiB: 10 },
  },
  {
    name: 'imported-01',
    owner: 'admin',
    host: 'kvm-b1',
    state: 'Running',
    template: 'kvm-default-vm-import-dummy-template',
    root: { pool: 'nfs-b2', sizeGiB: 32 },
    offering: 'Custom',
    details: { cpuNumber: '2', cpuSpeed: '2000', memory: '4096' },
  },
  {
    name: 'ceph-app-01',
    owner: 'carol',
    host: 'kvm-b2',
    state: 'Running',
    template: 'ubuntu-22.04',
    root: { pool: 'nfs-b1', sizeGiB: 20 },
    data: [{ pool: 'ceph-rbd-z1', sizeGiB: 100 }],
  },
  {
    name: 'ceph-only-01',
    owner: 'dave',
    host: 'kvm-b3',
    state: 'Running',
    template: 'ubuntu-22.04',
    root: { pool: 'ceph-rbd-z1', sizeGiB: 20 },
  },
  {
    name: 'win-sql-01',
    owner: 'carol',
    host: 'kvm-b3',
    state: 'Running',
    template: 'win-2022',
    root: { pool: 'nfs-b2', sizeGiB: 60 },
    data: [{ pool: 'nfs-b2', sizeGiB: 250 }],
    details: { UEFI: 'SECURE' },
  },
  {
    name: 'xen-legacy-01',
    owner: 'admin',
    host: 'xen-x1',
    state: 'Running',
    template: 'centos-7-xen',
    root: { pool: 'nfs-xen-1', sizeGiB: 16 },
  },
  {
    name: 'stopped-01',
    owner: 'alice',
    host: 'kvm-a2',
    state: 'Stopped',
    template: 'ubuntu-22.04',
    root: { pool: 'nfs-a2', sizeGiB: 20 },
  },
  {
    name: 'snap-busy-01',
    owner: 'bob',
    host: 'kvm-a3',
    state: 'Running',
    template: 'ubuntu-22.04',
    root: { pool: 'nfs-a1', sizeGiB: 20 },
    snapshot: { disk: 'root', status: 'Creating' },
  },
  {
    // Expunged long ago: soft-deleted VM and volume rows that only the including-removed views show.
    name: 'old-ci-runner',
    owner: 'bob',
    host: 'kvm-a3',
    state: 'Expunging',
    template: 'ubuntu-22.04',
    root: { pool: 'nfs-a1', sizeGiB: 20 },
  },
] as const satisfies readonly VmSpec[];

export type DemoCaseVmName = (typeof DEMO_CASE_VMS)[number]['name'];

const vm = (
  name: string,
  owner: DemoAccountName,
  host: DemoHostName,
  template: DemoTemplateName,
  root: DiskSpec,
  data: DiskSpec[] = [],
  state: VmSpec['state'] = 'Running',
  offering?: DemoServiceOfferingName,
): VmSpec => ({
  name,
  owner,
  host,
  state,
  template,
  root,
  data,
  ...(offering ? { offering } : {}),
});

/** An ordinary fleet around the case VMs, so lists, paging and per-host counts look like a real zone. */
const DEMO_FLEET_VMS: readonly VmSpec[] = [
  vm('eng-build-01', 'alice', 'kvm-a1', 'ubuntu-22.04', { pool: 'nfs-a1', sizeGiB: 40 }, [{ pool: 'nfs-a2', sizeGiB: 100 }]),
  vm('eng-build-02', 'alice', 'kvm-a2', 'ubuntu-22.04', { pool: 'nfs-a2', sizeGiB: 40 }),
  vm('eng-build-03', 'bob', 'kvm-a3', 'ubuntu-22.04', { pool: 'nfs-a1', sizeGiB: 40 }, [{ pool: 'gfs2-a', sizeGiB: 50 }]),
  vm('eng-ci-01', 'eng-admin', 'kvm-b1', 'ubuntu-22.04', { pool: 'nfs-b1', sizeGiB: 40 }, [{ pool: 'nfs-b2', sizeGiB: 200 }]),
  // The two batch VMs fill kvm-b5 (8 x 2000 MHz x 2.0, 32 GiB): no room for another VM (T17).
  vm('eng-ci-02', 'eng-admin', 'kvm-b5', 'ubuntu-22.04', { pool: 'nfs-b1', sizeGiB: 40 }, [], 'Running', 'Batch XLarge'),
  vm('eng-cache-01', 'bob', 'kvm-b1', 'ubuntu-22.04', { pool: 'local-kvm-b1', sizeGiB: 20 }, [{ pool: 'local-kvm-b1', sizeGiB: 50 }]),
  vm('eng-docs-01', 'alice', 'kvm-a3', 'ubuntu-22.04', { pool: 'nfs-a2', sizeGiB: 20 }, [], 'Stopped'),
  vm('eng-lab-01', 'eng-admin', 'kvm-a2', 'debian-12-dd', { pool: 'nfs-a1', sizeGiB: 10 }),
  vm('eng-legacy-01', 'bob', 'kvm-b2', 'rocky-9-dd', { pool: 'nfs-b2', sizeGiB: 10 }),
  vm('fin-ledger-01', 'carol', 'kvm-b5', 'ubuntu-22.04', { pool: 'nfs-b1', sizeGiB: 30 }, [{ pool: 'nfs-b2', sizeGiB: 100 }], 'Running', 'Batch XLarge'),
  vm('fin-ledger-02', 'carol', 'kvm-b2', 'ubuntu-22.04', { pool: 'powerflex-z1', sizeGiB: 30 }),
  vm('fin-report-01', 'dave', 'kvm-b1', 'win-2022', { pool: 'nfs-b2', sizeGiB: 60 }, [{ pool: 'nfs-b2', sizeGiB: 100 }]),
  vm('fin-desktop-01', 'dave', 'kvm-b3', 'win-2022', { pool: 'nfs-b2', sizeGiB: 60 }),
  vm('fin-desktop-02', 'dave', 'kvm-b2', 'win-2022', { pool: 'nfs-b2', sizeGiB: 60 }, [], 'Stopped'),
  vm('ops-monitor-01', 'admin', 'kvm-a3', 'ubuntu-22.04', { pool: 'gfs2-a', sizeGiB: 20 }, [{ pool: 'ceph-rbd-z1', sizeGiB: 20 }]),
  vm('ops-backup-01', 'admin', 'kvm-b2', 'ubuntu-22.04', { pool: 'ceph-rbd-z1', sizeGiB: 20 }, [{ pool: 'ceph-rbd-z1', sizeGiB: 500 }]),
  vm('ops-jump-01', 'admin', 'kvm-a1', 'win-2022', { pool: 'nfs-a1', sizeGiB: 60 }),
  vm('ops-dns-01', 'admin', 'kvm-a1', 'ubuntu-22.04', { pool: 'local-kvm-a1', sizeGiB: 10 }),
];

/** Every demo VM, case VMs first (so their ids are the lowest). */
export const DEMO_VMS: readonly VmSpec[] = [...DEMO_CASE_VMS, ...DEMO_FLEET_VMS];
