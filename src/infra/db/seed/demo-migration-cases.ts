import type { DemoHostName, DemoPoolName } from './demo-topology';
import type { DemoCaseVmName } from './demo-vms';

/** One situation of the KVM live-storage-migration reference that the demo inventory sets up. */
export interface DemoMigrationCase {
  id: string;
  /** Rule ids of shared/reference/kvm-storage-migration.md. */
  rules: string[];
  vm: DemoCaseVmName;
  /** A request that shows the case: destination host and a pool per volume (`ROOT`, `DATA-1`), in map order. */
  request: { host: DemoHostName; volumes: [disk: 'ROOT' | 'DATA-1', pool: DemoPoolName][] };
  outcome: string;
}

/** The migration cases the demo exercises, for docs, demos and acceptance tests. */
export const DEMO_MIGRATION_CASES: readonly DemoMigrationCase[] = [
  { id: 'vm-not-running', rules: ['R1'], vm: 'stopped-01', request: { host: 'kvm-a1', volumes: [['ROOT', 'nfs-a1']] }, outcome: 'rejected: the VM is Stopped' },
  {
    id: 'source-host-not-kvm',
    rules: ['R2', 'R4'],
    vm: 'xen-legacy-01',
    request: { host: 'kvm-a1', volumes: [['ROOT', 'nfs-a1']] },
    outcome: 'rejected: the VM runs on XenServer host xen-x1',
  },
  {
    id: 'snapshot-in-progress',
    rules: ['R3'],
    vm: 'snap-busy-01',
    request: { host: 'kvm-a1', volumes: [['ROOT', 'nfs-a2']] },
    outcome: 'fails: a snapshot of the ROOT disk is being created; volumes go back to Ready',
  },
  {
    id: 'nfs-to-nfs-shortcut',
    rules: ['R2', 'R10', 'R18'],
    vm: 'web-01',
    request: {
      host: 'kvm-a2',
      volumes: [
        ['ROOT', 'nfs-a2'],
        ['DATA-1', 'nfs-a2'],
      ],
    },
    outcome: 'non-managed strategy; ROOT LinkedClone on the template copy nfs-a2 already holds (same file: no copy)',
  },
  {
    id: 'blank-data-disk-full-clone',
    rules: ['R10', 'R13'],
    vm: 'web-01',
    request: { host: 'kvm-a2', volumes: [['DATA-1', 'nfs-a2']] },
    outcome: 'the data disk has no template: FullClone',
  },
  {
    id: 'snapshot-repointed',
    rules: ['R30'],
    vm: 'web-01',
    request: { host: 'kvm-a2', volumes: [['DATA-1', 'nfs-a2']] },
    outcome: 'the data disk snapshot follows the new volume row',
  },
  {
    id: 'template-copy-to-destination',
    rules: ['R15'],
    vm: 'web-01',
    request: { host: 'kvm-a2', volumes: [['ROOT', 'local-kvm-a2']] },
    outcome: 'local-kvm-a2 lacks the template: CopyCommand from nfs-secondary-1 first, then LinkedClone',
  },
  {
    id: 'local-storage-all-file-pools',
    rules: ['R2'],
    vm: 'local-db-01',
    request: {
      host: 'kvm-a2',
      volumes: [
        ['ROOT', 'local-kvm-a2'],
        ['DATA-1', 'local-kvm-a2'],
      ],
    },
    outcome: 'non-managed strategy because every source pool is a file pool (Filesystem)',
  },
  {
    id: 'destination-backing-differs',
    rules: ['R18', 'R21'],
    vm: 'local-db-01',
    request: { host: 'kvm-b1', volumes: [['ROOT', 'local-kvm-b1']] },
    outcome: 'local-kvm-b1 holds the template under another file name: with the PR, source backing + copy, ref updated in place',
  },
  {
    id: 'shared-mount-point-source',
    rules: ['R2', 'R8'],
    vm: 'gfs-app-01',
    request: { host: 'kvm-a3', volumes: [['ROOT', 'nfs-a1']] },
    outcome: 'SharedMountPoint is a file pool: migrated by the non-managed strategy',
  },
  {
    id: 'managed-source-cannot-move',
    rules: ['R5'],
    vm: 'flex-db-01',
    request: { host: 'kvm-b2', volumes: [['ROOT', 'nfs-b1']] },
    outcome: 'fails: migrating a volume online from managed storage is not supported',
  },
  {
    id: 'same-pool-powerflex-skipped',
    rules: ['R2', 'R7', 'R9', 'R10a'],
    vm: 'dd-flex-01',
    request: {
      host: 'kvm-b1',
      volumes: [
        ['ROOT', 'powerflex-z1'],
        ['DATA-1', 'powerflex-z1'],
      ],
    },
    outcome: 'managed strategy; the direct-download ROOT stays on PowerFlex (skipped, does not force a full clone)',
  },
  {
    id: 'non-file-source-skipped',
    rules: ['R8', 'R9'],
    vm: 'ceph-app-01',
    request: {
      host: 'kvm-b1',
      volumes: [
        ['ROOT', 'nfs-b2'],
        ['DATA-1', 'nfs-b2'],
      ],
    },
    outcome: 'NFS shortcut strategy; the RBD data disk is skipped (shouldMigrateVolume false)',
  },
  {
    id: 'no-strategy',
    rules: ['R2'],
    vm: 'ceph-only-01',
    request: { host: 'kvm-b1', volumes: [['ROOT', 'nfs-b1']] },
    outcome: 'fails: "Can\'t find strategy to move data" (RBD source, no managed pool)',
  },
  {
    id: 'direct-download-forces-full-clone',
    rules: ['R10a', 'R12', 'R14'],
    vm: 'dd-web-01',
    request: {
      host: 'kvm-a1',
      volumes: [
        ['DATA-1', 'nfs-a2'],
        ['ROOT', 'nfs-a2'],
      ],
    },
    outcome: 'with the PR: every volume FullClone, migrateNonSharedInc false; pre-PR: ROOT staged on nfs-a2 by direct download',
  },
  {
    id: 'removed-direct-download-template',
    rules: ['R35', 'R10a'],
    vm: 'legacy-dd-01',
    request: { host: 'kvm-b1', volumes: [['ROOT', 'nfs-b2']] },
    outcome: 'the deleted template still marks the ROOT as direct-download',
  },
  {
    id: 'imported-vm',
    rules: ['R10'],
    vm: 'imported-01',
    request: { host: 'kvm-b2', volumes: [['ROOT', 'nfs-b1']] },
    outcome: 'import dummy template: FullClone',
  },
  {
    id: 'data-disk-with-template',
    rules: ['R13'],
    vm: 'web-02',
    request: { host: 'kvm-a1', volumes: [['DATA-1', 'local-kvm-a1']] },
    outcome: 'a former ROOT attached as data disk: LinkedClone possible, but never a template copy',
  },
  {
    id: 'path-differs-from-uuid',
    rules: ['R16', 'R24', 'R30'],
    vm: 'web-02',
    request: { host: 'kvm-a3', volumes: [['ROOT', 'nfs-a1']] },
    outcome: 'migrated before: path != uuid, last_id/last_pool_id set, an expunged source row with NULL uuid remains',
  },
  {
    id: 'windows-guest',
    rules: ['R27'],
    vm: 'win-sql-01',
    request: { host: 'kvm-b1', volumes: [['ROOT', 'nfs-b1']] },
    outcome: 'MigrateCommand.isWindows = true; nfs-b1 lacks the template: copied first (R15)',
  },
];
