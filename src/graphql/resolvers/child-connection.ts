import type { ChildList, ChildLists } from '../../app/ports/inventory-reader';
import type { GatewayContext } from '../context';
import { type CursorBinding, pageRequest, rowPageRequest, toConnection } from '../pagination';
import type { ConnectionValue } from '../types/connection';

/** Reference tables have no uuid column: their pages are positioned by row id (in encrypted cursors). */
const POSITIONED_BY_ROW_ID: ReadonlySet<ChildList> = new Set<ChildList>(['templatePoolRefs', 'poolTemplateRefs', 'templateStoreRefs']);

export interface ChildConnectionRequest<L extends ChildList> {
  list: L;
  /** The field, for the cursor binding: `StoragePool.volumes`. */
  connection: string;
  parent: { id: number; uuid: string | null };
  filter: ChildLists[L]['filter'];
  first?: number | null;
  after?: string | null;
}

/**
 * A nested connection (`pool.volumes(first:, after:)`) through the per-request loaders: every
 * parent asking for the same page shares one windowed statement, and `totalCount` one GROUP BY.
 * Its cursors are bound to the field, the parent's public id, the filter and the caller: a cursor
 * of another pool's volumes, another account or another list is refused (BAD_USER_INPUT).
 */
export async function childConnection<L extends ChildList, N>(
  ctx: GatewayContext,
  request: ChildConnectionRequest<L>,
  toNode: (record: ChildLists[L]['record']) => N,
): Promise<ConnectionValue<N>> {
  const { list, parent, filter } = request;
  const binding: CursorBinding = { connection: request.connection, parentId: parent.uuid, filter };
  const args = { first: request.first, after: request.after };
  const byRowId = POSITIONED_BY_ROW_ID.has(list);
  const page = (byRowId ? rowPageRequest(ctx, binding, args) : pageRequest(ctx, binding, args)) as ChildLists[L]['page'];
  const rows = (await ctx.loaders.childPage(list, filter, page).load(parent.id)) ?? { rows: [], hasNextPage: false };
  const countTotal = () =>
    ctx.loaders
      .childCount(list, filter)
      .load(parent.id)
      .then((found) => found?.count ?? 0);
  // The record type follows `list`, which TypeScript cannot narrow through the set above.
  return toConnection(ctx, binding, rows as never, toNode as never, countTotal, byRowId ? 'rowId' : 'uuid');
}
