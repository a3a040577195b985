import type { Page, PageRequest, RowPageRequest } from '../app/ports/inventory-reader';
import { BadUserInputError } from '../domain/errors';
import type { ConnectionValue } from './types/connection';
import type { PageInfo } from './types/page-info.type';
import { parsePublicId } from './public-id';

export const DEFAULT_PAGE_SIZE = 20;
const CURSOR_PREFIX = 'cs1:';

/**
 * The connection a cursor is issued for and accepted by: the field (`Query.virtualMachines`,
 * `StoragePool.volumes`), the parent object of a nested connection (its uuid) and the filter the
 * page was read with. Every cursor is encoded and decoded here with its binding, so the encoding
 * can hold a cursor to the list it came from; the `cs1:` encoding does not check it yet.
 */
export interface CursorBinding {
  connection: string;
  parentId?: string | null;
  filter?: unknown;
}

/**
 * Opaque cursor over a row's position: its uuid (numeric ids never leave the gateway), or for the
 * reference tables without a uuid column (template_spool_ref, template_store_ref) the row id.
 */
export function encodeCursor(position: string, _binding: CursorBinding): string {
  return Buffer.from(`${CURSOR_PREFIX}${position}`).toString('base64url');
}

/** The position a cursor of this connection carries; BAD_USER_INPUT for anything else. */
export function decodeCursor(cursor: string, _binding: CursorBinding): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX)) throw foreignCursor(cursor);
  return decoded.slice(CURSOR_PREFIX.length);
}

/** `first`/`after` of a connection over rows with a uuid. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined, maxPageSize: number, binding: CursorBinding): PageRequest {
  return { first: pageSize(first, maxPageSize), afterUuid: after ? parsePublicId(decodeCursor(after, binding), 'after') : null };
}

/** `first`/`after` of a connection over reference rows, positioned by row id. */
export function rowPageRequest(first: number | null | undefined, after: string | null | undefined, maxPageSize: number, binding: CursorBinding): RowPageRequest {
  const size = pageSize(first, maxPageSize);
  if (!after) return { first: size, afterRowId: null };
  const position = decodeCursor(after, binding);
  if (!/^[1-9][0-9]{0,15}$/.test(position)) throw foreignCursor(after);
  return { first: size, afterRowId: Number(position) };
}

function pageSize(first: number | null | undefined, maxPageSize: number): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) {
    throw new BadUserInputError(`"first" must be between 0 and ${maxPageSize}, got ${size}`, { argument: 'first', max: maxPageSize });
  }
  return size;
}

function foreignCursor(cursor: string): BadUserInputError {
  return new BadUserInputError(`"after" is not a cursor of this API: ${JSON.stringify(cursor.slice(0, 80))}`, { argument: 'after' });
}

/** A page as a Relay connection; `positionOf` is what the edges' cursors carry (the uuid by default). */
export function toConnection<R, N>(
  page: Page<R>,
  toNode: (record: R) => N,
  countTotal: () => Promise<number>,
  binding: CursorBinding,
  positionOf: (record: R) => string = (record) => (record as { uuid: string }).uuid,
): ConnectionValue<N> {
  const edges = page.rows.map((record) => ({ cursor: encodeCursor(positionOf(record), binding), node: toNode(record) }));
  const pageInfo: PageInfo = {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: false,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return { edges, pageInfo, countTotal };
}
