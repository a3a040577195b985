import type { InventoryKind, InventoryRecords } from '../../app/ports/inventory-reader';
import { Account } from './account.type';
import { Cluster } from './cluster.type';
import { Domain } from './domain.type';
import { GuestOs } from './guest-os.type';
import { Host } from './host.type';
import { ImageStore } from './image-store.type';
import type { Node } from './node.interface';
import { StoragePool } from './storage-pool.type';
import { Template } from './template.type';
import { VirtualMachine } from './virtual-machine.type';
import { Volume } from './volume.type';
import { Zone } from './zone.type';

type NodeKind = Exclude<InventoryKind, 'pod' | 'guestOsCategory'>;

/** Which GraphQL type shows each kind of inventory record, for `node(id:)` and `nodes(ids:)`. */
export const NODE_TYPES: { [K in NodeKind]: (record: InventoryRecords[K]) => Node } = {
  vm: VirtualMachine.from,
  volume: Volume.from,
  storagePool: StoragePool.from,
  host: Host.from,
  cluster: Cluster.from,
  zone: Zone.from,
  template: Template.from,
  imageStore: ImageStore.from,
  guestOs: GuestOs.from,
  account: Account.from,
  domain: Domain.from,
};

export function isNodeKind(kind: InventoryKind): kind is NodeKind {
  return kind in NODE_TYPES;
}
