import type { DemoPoolName } from './demo-topology';

/**
 * The demo's tenancy, guest OS list and templates, as data. Domain paths follow the project's
 * convention (`/ROOT/<name>/`); a CloudStack install stores `/` for ROOT and `/<name>/` below
 * it, so gateway code must rely only on "a subdomain's path starts with its parent's".
 */

export const DEMO_DOMAINS = [
  { id: 1, name: 'ROOT', parent: null, path: '/' },
  { id: 2, name: 'engineering', parent: 1, path: '/ROOT/engineering/' },
  { id: 3, name: 'finance', parent: 1, path: '/ROOT/finance/' },
] as const;

/** Accounts 1 (system) and 2 (admin) are the ones CloudStack's create-schema inserts. */
export const DEMO_ACCOUNTS = [
  { id: 1, name: 'system', type: 1, domain: 1 },
  { id: 2, name: 'admin', type: 1, domain: 1 },
  { id: 3, name: 'eng-admin', type: 2, domain: 2 },
  { id: 4, name: 'alice', type: 0, domain: 2 },
  { id: 5, name: 'bob', type: 0, domain: 2 },
  { id: 6, name: 'carol', type: 0, domain: 3 },
  { id: 7, name: 'dave', type: 0, domain: 3 },
] as const;

export type DemoAccountName = (typeof DEMO_ACCOUNTS)[number]['name'];

/** CloudStack's own category ids; the Windows flag of MigrateCommand (R27) comes from the name. */
export const DEMO_GUEST_OS_CATEGORIES = [
  { id: 1, name: 'CentOS' },
  { id: 2, name: 'Debian' },
  { id: 4, name: 'RedHat' },
  { id: 6, name: 'Windows' },
  { id: 7, name: 'Other' },
  { id: 10, name: 'Ubuntu' },
] as const;

export const DEMO_GUEST_OS = [
  { id: 1, key: 'centos-7', category: 1, displayName: 'CentOS 7' },
  { id: 2, key: 'debian-12', category: 2, displayName: 'Debian GNU/Linux 12 (64-bit)' },
  { id: 3, key: 'rhel-9', category: 4, displayName: 'Red Hat Enterprise Linux 9' },
  { id: 4, key: 'win-2022', category: 6, displayName: 'Windows Server 2022 (64-bit)' },
  { id: 5, key: 'win-10', category: 6, displayName: 'Windows 10 (64-bit)' },
  { id: 6, key: 'other-linux', category: 7, displayName: 'Other Linux (64-bit)' },
  { id: 7, key: 'ubuntu-22.04', category: 10, displayName: 'Ubuntu 22.04 LTS' },
] as const;

type DemoGuestOsKey = (typeof DEMO_GUEST_OS)[number]['key'];

interface TemplatePoolRefSpec {
  pool: DemoPoolName;
  /** Reuse the install_path of this pool's reference: the copy an earlier live migration made (R21). */
  sameFileAs?: DemoPoolName;
}

export interface TemplateSpec {
  name: string;
  displayText: string;
  format: 'QCOW2' | 'VHD';
  hypervisor: 'KVM' | 'XenServer';
  guestOs: DemoGuestOsKey;
  type: 'USER' | 'SYSTEM';
  url: string | null;
  sizeGiB: number;
  isPublic: boolean;
  featured: boolean;
  directDownload: boolean;
  /** Day (demo clock) the template was deleted; its volumes stay (R35). */
  removedOnDay?: number;
  /** A copy on the image store (`template_store_ref`); direct-download templates have none. */
  onImageStore: boolean;
  /** Primary pools the template is on (`template_spool_ref`): deliberately not all of them (R15). */
  pools: TemplatePoolRefSpec[];
}

export const DEMO_TEMPLATES = [
  {
    name: 'ubuntu-22.04',
    displayText: 'Ubuntu 22.04 LTS (QCOW2)',
    format: 'QCOW2',
    hypervisor: 'KVM',
    guestOs: 'ubuntu-22.04',
    type: 'USER',
    url: 'http://images.demo.lan/ubuntu-22.04-server-cloudimg-amd64.qcow2',
    sizeGiB: 10,
    isPublic: true,
    featured: true,
    directDownload: false,
    onImageStore: true,
    // Missing on nfs-b2 and on the local pools of kvm-a2/a3/b2/b3: migrating there copies it first (R15).
    pools: [
      { pool: 'nfs-a1' },
      { pool: 'nfs-a2', sameFileAs: 'nfs-a1' },
      { pool: 'nfs-b1' },
      { pool: 'local-kvm-a1' },
      { pool: 'local-kvm-b1' },
      { pool: 'gfs2-a' },
      { pool: 'powerflex-z1' },
      { pool: 'ceph-rbd-z1' },
    ],
  },
  {
    name: 'win-2022',
    displayText: 'Windows Server 2022 Datacenter',
    format: 'QCOW2',
    hypervisor: 'KVM',
    guestOs: 'win-2022',
    type: 'USER',
    url: 'http://images.demo.lan/windows-server-2022.qcow2',
    sizeGiB: 40,
    isPublic: true,
    featured: true,
    directDownload: false,
    onImageStore: true,
    pools: [{ pool: 'nfs-a1' }, { pool: 'nfs-b2' }],
  },
  {
    name: 'debian-12-dd',
    displayText: 'Debian 12 (direct download)',
    format: 'QCOW2',
    hypervisor: 'KVM',
    guestOs: 'debian-12',
    type: 'USER',
    url: 'http://images.demo.lan/debian-12-generic-amd64.qcow2',
    sizeGiB: 2,
    isPublic: true,
    featured: false,
    directDownload: true,
    onImageStore: false,
    pools: [{ pool: 'nfs-a1' }, { pool: 'powerflex-z1' }],
  },
  {
    name: 'rocky-9-dd',
    displayText: 'Rocky Linux 9 (direct download, deleted)',
    format: 'QCOW2',
    hypervisor: 'KVM',
    guestOs: 'rhel-9',
    type: 'USER',
    url: 'http://images.demo.lan/Rocky-9-GenericCloud.latest.x86_64.qcow2',
    sizeGiB: 10,
    isPublic: true,
    featured: false,
    directDownload: true,
    removedOnDay: 40,
    onImageStore: false,
    pools: [{ pool: 'nfs-b1' }, { pool: 'nfs-b2' }],
  },
  {
    // Created by CloudStack for VMs imported from outside; never a linked-clone base (R10).
    name: 'kvm-default-vm-import-dummy-template',
    displayText: 'Default dummy template for imported KVM instances',
    format: 'QCOW2',
    hypervisor: 'KVM',
    guestOs: 'other-linux',
    type: 'SYSTEM',
    url: null,
    sizeGiB: 0,
    isPublic: false,
    featured: false,
    directDownload: false,
    onImageStore: false,
    pools: [],
  },
  {
    name: 'centos-7-xen',
    displayText: 'CentOS 7 (XenServer VHD)',
    format: 'VHD',
    hypervisor: 'XenServer',
    guestOs: 'centos-7',
    type: 'USER',
    url: 'http://images.demo.lan/centos-7-xen.vhd.bz2',
    sizeGiB: 8,
    isPublic: true,
    featured: false,
    directDownload: false,
    onImageStore: true,
    pools: [{ pool: 'nfs-xen-1' }],
  },
] as const satisfies readonly TemplateSpec[];

export type DemoTemplateName = (typeof DEMO_TEMPLATES)[number]['name'];
