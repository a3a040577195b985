import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { ChildList, PageableKind } from '../../app/ports/inventory-reader';
import { TemplatePoolRefEntity, TemplateStoreRefEntity } from './entities';
import { INVENTORY_TABLES } from './inventory-tables';

/** Where the rows of a nested list live and which column names their parent. */
export type ChildListTable =
  | {
      /** Rows of an inventory kind: filtered, scoped and hidden when removed or without uuid, as its top-level list. */
      kind: PageableKind;
      parentProperty: string;
      parentColumn: string;
    }
  | {
      /** Reference rows (no uuid, no soft delete): for administrators only, like the infrastructure they link. */
      entity: EntityTarget<ObjectLiteral>;
      parentProperty: string;
      parentColumn: string;
      toRecord: (row: ObjectLiteral) => unknown;
    };

const asIs = (row: ObjectLiteral) => row;
// destroyed is a nullable TINYINT: NULL means not destroyed.
export const toStoreRefRecord = <T extends ObjectLiteral>(row: T) => ({ ...row, destroyed: Boolean(row.destroyed) });

export const CHILD_LIST_TABLES: Record<ChildList, ChildListTable> = {
  poolVolumes: { kind: 'volume', parentProperty: 'poolId', parentColumn: 'pool_id' },
  hostVms: { kind: 'vm', parentProperty: 'hostId', parentColumn: 'host_id' },
  templatePoolRefs: { entity: TemplatePoolRefEntity, parentProperty: 'templateId', parentColumn: 'template_id', toRecord: asIs },
  poolTemplateRefs: { entity: TemplatePoolRefEntity, parentProperty: 'poolId', parentColumn: 'pool_id', toRecord: asIs },
  templateStoreRefs: {
    entity: TemplateStoreRefEntity,
    parentProperty: 'templateId',
    parentColumn: 'template_id',
    toRecord: toStoreRefRecord,
  },
};

export function childEntity(table: ChildListTable): EntityTarget<ObjectLiteral> {
  return 'kind' in table ? INVENTORY_TABLES[table.kind].entity : table.entity;
}
