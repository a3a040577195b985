import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { InventoryKind } from '../../app/ports/inventory-reader';
import {
  AccountEntity,
  ClusterEntity,
  DomainEntity,
  GuestOsCategoryEntity,
  GuestOsEntity,
  HostEntity,
  ImageStoreEntity,
  PodEntity,
  StoragePoolEntity,
  TemplateEntity,
  VmEntity,
  VolumeEntity,
  ZoneEntity,
} from './entities';

/** Where each inventory kind lives and how its rows become records. */
export interface InventoryTable {
  entity: EntityTarget<ObjectLiteral>;
  table: string;
  /** Tables with a `removed` column are soft-deleted. */
  softDelete: boolean;
  /** Ownership columns used for account/domain scoping, when the table has them. */
  owner?: { accountColumn: string; domainColumn?: string; publicColumn?: string };
  /** Reference data every caller may read (zones, guest OS types); tables with neither this nor an owner are for administrators. */
  visibleToEveryone?: boolean;
  toRecord: (row: ObjectLiteral) => unknown;
}

// The reader's rows are already fresh plain objects (raw-hydration.ts): nothing to copy.
const asIs = (row: ObjectLiteral) => row;

export const INVENTORY_TABLES: Record<InventoryKind, InventoryTable> = {
  zone: { entity: ZoneEntity, table: 'data_center', softDelete: true, visibleToEveryone: true, toRecord: asIs },
  pod: { entity: PodEntity, table: 'host_pod_ref', softDelete: true, toRecord: asIs },
  cluster: { entity: ClusterEntity, table: 'cluster', softDelete: true, toRecord: asIs },
  host: { entity: HostEntity, table: 'host', softDelete: true, toRecord: asIs },
  storagePool: { entity: StoragePoolEntity, table: 'storage_pool', softDelete: true, toRecord: asIs },
  imageStore: {
    entity: ImageStoreEntity,
    table: 'image_store',
    softDelete: true,
    toRecord: (row) => ({ ...row, readonly: Boolean(row.readonly) }),
  },
  template: {
    entity: TemplateEntity,
    table: 'vm_template',
    softDelete: true,
    owner: { accountColumn: 'account_id', publicColumn: 'public' },
    // direct_download is nullable (DEFAULT 0): NULL means "not direct download".
    toRecord: (row) => ({ ...row, directDownload: Boolean(row.directDownload) }),
  },
  vm: { entity: VmEntity, table: 'vm_instance', softDelete: true, owner: { accountColumn: 'account_id', domainColumn: 'domain_id' }, toRecord: asIs },
  volume: { entity: VolumeEntity, table: 'volumes', softDelete: true, owner: { accountColumn: 'account_id', domainColumn: 'domain_id' }, toRecord: asIs },
  guestOs: { entity: GuestOsEntity, table: 'guest_os', softDelete: false, visibleToEveryone: true, toRecord: asIs },
  guestOsCategory: { entity: GuestOsCategoryEntity, table: 'guest_os_category', softDelete: false, visibleToEveryone: true, toRecord: asIs },
  account: { entity: AccountEntity, table: 'account', softDelete: true, toRecord: asIs },
  domain: { entity: DomainEntity, table: 'domain', softDelete: true, toRecord: asIs },
};
