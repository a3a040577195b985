import { createCipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import type { Page, PageRequest, ReadScope, RowPageRequest } from '../app/ports/inventory-reader';
import type { Viewer } from '../app/auth/viewer';
import { BadUserInputError } from '../domain/errors';
import type { ConnectionValue } from './types/connection';
import type { PageInfo } from './types/page-info.type';
import { parsePublicId } from './public-id';

export const DEFAULT_PAGE_SIZE = 20;
/** A cursor after a row's uuid (its public id, readable in the cursor). */
const CURSOR_VERSION = 2;
/** A cursor after a reference row's numeric id, encrypted (numeric ids never leave the gateway). */
const ROW_CURSOR_VERSION = 3;
const ROW_ID_BYTES = 8;
const MAC_BYTES = 16;
/** Version, length and a 255-byte id with its MAC, in base64url. */
const MAX_CURSOR_LENGTH = Math.ceil(((2 + 255 + MAC_BYTES) * 4) / 3);
/** Domain separation: the row-id cipher key is not the MAC key, though both come from the cursor signing key. */
const ROW_ID_KEY_LABEL = 'row-position-encryption';

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
  return seal(CURSOR_VERSION, Buffer.from(uuid, 'utf8'), mac(ctx, binding, CURSOR_VERSION, uuid));
}

/** The uuid of a cursor this caller got for this list; BAD_USER_INPUT for anything else (altered, foreign, made up). */
export function decodeCursor(ctx: PaginationContext, binding: CursorBinding, cursor: string, argument = 'after'): string {
  const { payload, tag } = unseal(cursor, CURSOR_VERSION, argument);
  const uuid = payload.toString('utf8');
  if (!timingSafeEqual(tag, mac(ctx, binding, CURSOR_VERSION, uuid))) throw refused(argument);
  return parsePublicId(uuid, argument);
}

/**
 * Cursor of a reference row (template_spool_ref, template_store_ref: no uuid column), positioned by
 * its numeric id: signed and bound like every cursor, and the id encrypted (AES-256-CTR with the
 * MAC as IV, a synthetic-IV construction), so the cursor shows neither the id nor how large it is.
 */
export function encodeRowCursor(ctx: PaginationContext, binding: CursorBinding, rowId: number): string {
  const tag = mac(ctx, binding, ROW_CURSOR_VERSION, String(rowId));
  const plain = Buffer.alloc(ROW_ID_BYTES);
  plain.writeBigUInt64BE(BigInt(rowId));
  return seal(ROW_CURSOR_VERSION, rowIdCipher(ctx, tag, plain), tag);
}

/** The row id of a reference-row cursor this caller got for this list; BAD_USER_INPUT for anything else. */
export function decodeRowCursor(ctx: PaginationContext, binding: CursorBinding, cursor: string, argument = 'after'): number {
  const { payload, tag } = unseal(cursor, ROW_CURSOR_VERSION, argument);
  if (payload.length !== ROW_ID_BYTES) throw refused(argument);
  const rowId = rowIdCipher(ctx, tag, payload).readBigUInt64BE();
  if (rowId < 1n || rowId > BigInt(Number.MAX_SAFE_INTEGER)) throw refused(argument);
  if (!timingSafeEqual(tag, mac(ctx, binding, ROW_CURSOR_VERSION, String(rowId)))) throw refused(argument);
  return Number(rowId);
}

/** `first`/`after` of a connection, checked: page size within the cap, the cursor this list's own. */
export function pageRequest(ctx: PaginationContext, binding: CursorBinding, args: { first?: number | null; after?: string | null }): PageRequest {
  return { first: pageSize(ctx, args.first), afterUuid: args.after ? decodeCursor(ctx, binding, args.after) : null };
}

/** `first`/`after` of a connection over reference rows (positioned by row id), checked the same way. */
export function rowPageRequest(ctx: PaginationContext, binding: CursorBinding, args: { first?: number | null; after?: string | null }): RowPageRequest {
  return { first: pageSize(ctx, args.first), afterRowId: args.after ? decodeRowCursor(ctx, binding, args.after) : null };
}

/** What an edge's cursor positions by: the row's uuid, or a reference row's id (`rowPageRequest`). */
export type CursorPosition = 'uuid' | 'rowId';

/** A page as a Relay connection whose cursors are bound like `pageRequest` (or `rowPageRequest`) expects them back. */
export function toConnection<R extends { uuid?: string | null; id?: number }, N>(
  ctx: PaginationContext,
  binding: CursorBinding,
  page: Page<R>,
  toNode: (record: R) => N,
  countTotal: () => Promise<number>,
  position: CursorPosition = 'uuid',
): ConnectionValue<N> {
  const cursorOf = (record: R) =>
    position === 'uuid' ? encodeCursor(ctx, binding, record.uuid as string) : encodeRowCursor(ctx, binding, record.id as number);
  const edges = page.rows.map((record) => ({ cursor: cursorOf(record), node: toNode(record) }));
  const pageInfo: PageInfo = {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: false,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return { edges, pageInfo, countTotal };
}

function pageSize(ctx: PaginationContext, first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > ctx.maxPageSize) {
    throw new BadUserInputError(`"first" must be between 0 and ${ctx.maxPageSize}, got ${size}`, { argument: 'first', max: ctx.maxPageSize });
  }
  return size;
}

function seal(version: number, payload: Buffer, tag: Buffer): string {
  return Buffer.concat([Buffer.from([version, payload.length]), payload, tag]).toString('base64url');
}

/** Version, payload and MAC of a cursor of this version, or BAD_USER_INPUT for anything not shaped like one. */
function unseal(cursor: string, version: number, argument: string): { payload: Buffer; tag: Buffer } {
  if (cursor.length > MAX_CURSOR_LENGTH) throw refused(argument);
  const bytes = Buffer.from(cursor, 'base64url');
  // Only the exact string the gateway wrote: base64 decoding alone would ignore stray characters.
  if (bytes.toString('base64url') !== cursor || bytes.length < 2 + MAC_BYTES || bytes[0] !== version || bytes.length !== 2 + bytes[1] + MAC_BYTES)
    throw refused(argument);
  return { payload: bytes.subarray(2, 2 + bytes[1]), tag: bytes.subarray(2 + bytes[1]) };
}

function refused(argument: string): BadUserInputError {
  return new BadUserInputError(`"${argument}" is not a cursor of this list for this API key; start again from the first page.`, { argument });
}

function mac(ctx: PaginationContext, binding: CursorBinding, version: number, position: string): Buffer {
  const caller = ctx.viewer === null ? null : ctx.viewer.accountId;
  const signed = JSON.stringify([version, binding.connection, binding.parentId ?? null, canonical(binding.filter), caller, canonical(ctx.scope), position]);
  return createHmac('sha256', ctx.cursorSigningKey).update(signed, 'utf8').digest().subarray(0, MAC_BYTES);
}

/** AES-256-CTR under a key derived from the signing key, the MAC as counter block: encrypts and decrypts alike. */
function rowIdCipher(ctx: PaginationContext, tag: Buffer, input: Buffer): Buffer {
  const key = createHmac('sha256', ctx.cursorSigningKey).update(ROW_ID_KEY_LABEL).digest();
  const cipher = createCipheriv('aes-256-ctr', key, tag);
  return Buffer.concat([cipher.update(input), cipher.final()]);
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
