import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Page, PageRequest, ReadScope } from '../app/ports/inventory-reader';
import type { Viewer } from '../app/auth/viewer';
import { BadUserInputError } from '../domain/errors';
import type { ConnectionValue } from './types/connection';
import type { PageInfo } from './types/page-info.type';
import { parsePublicId } from './public-id';

export const DEFAULT_PAGE_SIZE = 20;
const CURSOR_VERSION = 2;
const MAC_BYTES = 16;
/** Version, length and a 255-byte id with its MAC, in base64url. */
const MAX_CURSOR_LENGTH = Math.ceil(((2 + 255 + MAC_BYTES) * 4) / 3);

/**
 * The list a cursor belongs to. A cursor is only accepted back for the same list: the same
 * connection (a root field such as `virtualMachines`, or `Type.field` for a nested one such as
 * `StoragePool.volumes`), the same parent (its public id) and the same filter, asked by the same
 * caller (account and read scope).
 */
export interface CursorBinding {
  connection: string;
  /** The parent object's public id, for a nested connection. */
  parentId?: string | null;
  /** The filter the list is read with (null and undefined fields are ignored). */
  filter?: unknown;
}

/** What cursors need from the request context (GatewayContext has it). */
export interface PaginationContext {
  /** Server secret cursors are signed with (derived from GATEWAY_CURSOR_SECRET or the stored one). */
  cursorSigningKey: Buffer;
  viewer: Viewer | null;
  scope: ReadScope;
  maxPageSize: number;
}

/**
 * Opaque, tamper-evident cursor: base64url of a version byte, the row's uuid and an HMAC-SHA256
 * (first 128 bits) over the binding, the caller and the uuid. Keyset pages start after the row the
 * cursor names, so an unsigned cursor would let a caller ask where any row sits among its own (an
 * oracle for rows it may not see); a signed one names only a row the gateway gave this caller for
 * this very list.
 */
export function encodeCursor(ctx: PaginationContext, binding: CursorBinding, uuid: string): string {
  const id = Buffer.from(uuid, 'utf8');
  return Buffer.concat([Buffer.from([CURSOR_VERSION, id.length]), id, mac(ctx, binding, uuid)]).toString('base64url');
}

/** The uuid of a cursor this caller got for this list; BAD_USER_INPUT for anything else (altered, foreign, made up). */
export function decodeCursor(ctx: PaginationContext, binding: CursorBinding, cursor: string, argument = 'after'): string {
  const refused = () =>
    new BadUserInputError(`"${argument}" is not a cursor of this list for this API key; start again from the first page.`, { argument });
  if (cursor.length > MAX_CURSOR_LENGTH) throw refused();
  const bytes = Buffer.from(cursor, 'base64url');
  // Only the exact string the gateway wrote: base64 decoding alone would ignore stray characters.
  if (bytes.toString('base64url') !== cursor || bytes.length < 2 + MAC_BYTES || bytes[0] !== CURSOR_VERSION || bytes.length !== 2 + bytes[1] + MAC_BYTES) throw refused();
  const uuid = bytes.subarray(2, 2 + bytes[1]).toString('utf8');
  if (!timingSafeEqual(bytes.subarray(2 + bytes[1]), mac(ctx, binding, uuid))) throw refused();
  return parsePublicId(uuid, argument);
}

/** `first`/`after` of a connection, checked: page size within the cap, the cursor this list's own. */
export function pageRequest(ctx: PaginationContext, binding: CursorBinding, args: { first?: number | null; after?: string | null }): PageRequest {
  const size = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > ctx.maxPageSize) {
    throw new BadUserInputError(`"first" must be between 0 and ${ctx.maxPageSize}, got ${size}`, { argument: 'first', max: ctx.maxPageSize });
  }
  return { first: size, afterUuid: args.after ? decodeCursor(ctx, binding, args.after) : null };
}

/** A page as a Relay connection whose cursors are bound like `pageRequest` expects them back. */
export function toConnection<R extends { uuid: string | null }, N>(
  ctx: PaginationContext,
  binding: CursorBinding,
  page: Page<R>,
  toNode: (record: R) => N,
  countTotal: () => Promise<number>,
): ConnectionValue<N> {
  const edges = page.rows.map((record) => ({ cursor: encodeCursor(ctx, binding, record.uuid as string), node: toNode(record) }));
  const pageInfo: PageInfo = {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: false,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return { edges, pageInfo, countTotal };
}

function mac(ctx: PaginationContext, binding: CursorBinding, uuid: string): Buffer {
  const caller = ctx.viewer === null ? null : ctx.viewer.accountId;
  const signed = JSON.stringify([CURSOR_VERSION, binding.connection, binding.parentId ?? null, canonical(binding.filter), caller, canonical(ctx.scope), uuid]);
  return createHmac('sha256', ctx.cursorSigningKey).update(signed, 'utf8').digest().subarray(0, MAC_BYTES);
}

/** A filter as a stable value: object keys sorted, null and undefined fields dropped (they filter nothing). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== 'object') return value ?? null;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
}
