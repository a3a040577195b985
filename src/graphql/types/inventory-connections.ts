import { Cluster } from './cluster.type';
import { Connection } from './connection';
import { Host } from './host.type';
import { StoragePool } from './storage-pool.type';
import { TemplatePoolRef } from './template-pool-ref.type';
import { TemplateStoreRef } from './template-store-ref.type';
import { Template } from './template.type';
import { VirtualMachine } from './virtual-machine.type';
import { Volume } from './volume.type';
import { Zone } from './zone.type';

/** The Relay connection types of the inventory, shared by the top-level lists and the nested ones. */
export const VirtualMachineConnection = Connection('VirtualMachine', VirtualMachine);
export const VolumeConnection = Connection('Volume', Volume);
export const StoragePoolConnection = Connection('StoragePool', StoragePool);
export const HostConnection = Connection('Host', Host);
export const TemplateConnection = Connection('Template', Template);
export const ZoneConnection = Connection('Zone', Zone);
export const ClusterConnection = Connection('Cluster', Cluster);
export const TemplatePoolRefConnection = Connection('TemplatePoolRef', TemplatePoolRef);
export const TemplateStoreRefConnection = Connection('TemplateStoreRef', TemplateStoreRef);
