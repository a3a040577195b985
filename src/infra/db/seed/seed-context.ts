import type { EntityManager } from 'typeorm';
import type { HostEntity, StoragePoolEntity, TemplateEntity } from '../entities';
import type { SequenceAllocator } from '../sequence-allocator';

/** What the seed writers share inside the one seeding transaction: the manager and the ids assigned so far. */
export interface SeedContext {
  manager: EntityManager;
  sequences: SequenceAllocator;
  zoneId: number;
  podId: number;
  imageStoreId: number;
  clusterIds: Map<string, number>;
  hosts: Map<string, HostEntity>;
  pools: Map<string, StoragePoolEntity>;
  templates: Map<string, TemplateEntity>;
  /** `install_path` of each template_spool_ref, keyed `<template name>@<pool name>`. */
  templateFiles: Map<string, string>;
  /** Where each VM runs and its effective size (its offering's, or its details' for a custom offering): the capacity rows sum them. */
  vmPlacements: VmPlacement[];
}

/** Key of `SeedContext.templateFiles`. */
export const templateFileKey = (template: string, pool: string) => `${template}@${pool}`;

interface VmPlacement {
  /** The host a Running VM uses; null otherwise. */
  hostId: number | null;
  size: { cpu: number; speedMhz: number; ramMiB: number };
}
