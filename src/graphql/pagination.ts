import type { Page, PageRequest } from '../app/ports/inventory-reader';
import { BadUserInputError } from '../domain/errors';
import type { ConnectionValue } from './types/connection';
import type { PageInfo } from './types/page-info.type';
import { parsePublicId } from './public-id';

export const DEFAULT_PAGE_SIZE = 20;
const CURSOR_PREFIX = 'cs1:';

/** Opaque cursor: the row's uuid, base64url-encoded (numeric ids never leave the gateway). */
export function encodeCursor(uuid: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${uuid}`).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX)) throw new BadUserInputError(`"after" is not a cursor of this API: ${JSON.stringify(cursor.slice(0, 80))}`);
  return parsePublicId(decoded.slice(CURSOR_PREFIX.length), 'after');
}

export function pageRequest(first: number | null | undefined, after: string | null | undefined, maxPageSize: number): PageRequest {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) {
    throw new BadUserInputError(`"first" must be between 0 and ${maxPageSize}, got ${size}`, { argument: 'first', max: maxPageSize });
  }
  return { first: size, afterUuid: after ? decodeCursor(after) : null };
}

export function toConnection<R extends { uuid: string | null }, N>(
  page: Page<R>,
  toNode: (record: R) => N,
  countTotal: () => Promise<number>,
): ConnectionValue<N> {
  const edges = page.rows.map((record) => ({ cursor: encodeCursor(record.uuid as string), node: toNode(record) }));
  const pageInfo: PageInfo = {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: false,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return { edges, pageInfo, countTotal };
}
