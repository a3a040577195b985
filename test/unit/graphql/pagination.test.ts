import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CursorBinding,
  decodeCursor,
  decodeRowCursor,
  encodeCursor,
  encodeRowCursor,
  type PaginationContext,
  pageRequest,
  rowPageRequest,
} from '../../../src/graphql/pagination';

const VM = '5d3c0000-0000-4000-8000-000000000001';
const context = (overrides: Partial<PaginationContext> = {}): PaginationContext => ({
  cursorSigningKey: Buffer.alloc(32, 7),
  viewer: { accountId: 4, accountUuid: 'alice', accountType: 0, domainId: 2, domainPath: '/ROOT/engineering/' },
  scope: { kind: 'account', accountId: 4 },
  maxPageSize: 100,
  ...overrides,
});
const VMS: CursorBinding = { connection: 'virtualMachines', filter: { states: ['Running'], includeRemoved: false } };

describe('connection cursors', () => {
  it('give back the uuid they were made for, for the same binding and caller, and show neither the old format nor the binding', () => {
    const cursor = encodeCursor(context(), VMS, VM);
    expect(decodeCursor(context(), VMS, cursor)).toBe(VM);
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(/cs1:|virtualMachines|Running/);
    expect(pageRequest(context(), VMS, { first: 5, after: cursor })).toEqual({ first: 5, afterUuid: VM });
  });

  it('ignore filter key order and null or undefined fields (the same filter, spelt differently)', () => {
    const cursor = encodeCursor(context(), VMS, VM);
    expect(
      decodeCursor(
        context(),
        { connection: 'virtualMachines', filter: { includeRemoved: false, hostUuid: undefined, zoneUuid: null, states: ['Running'] } },
        cursor,
      ),
    ).toBe(VM);
  });

  it.each<[string, Partial<PaginationContext>, CursorBinding]>([
    ['another connection', {}, { ...VMS, connection: 'volumes' }],
    ['another parent', {}, { ...VMS, parentId: 'host-1' }],
    ['another filter', {}, { ...VMS, filter: { states: ['Stopped'], includeRemoved: false } }],
    ['another account', { viewer: { accountId: 6, accountUuid: 'carol', accountType: 0, domainId: 3, domainPath: '/ROOT/finance/' } }, VMS],
    ['another scope', { scope: { kind: 'all' } }, VMS],
    ['another server key (another deployment)', { cursorSigningKey: randomBytes(32) }, VMS],
  ])('refuse a cursor asked back for %s with BAD_USER_INPUT', (_, ctx, binding) => {
    const cursor = encodeCursor(context(), VMS, VM);
    expect(() => decodeCursor(context(ctx), binding, cursor)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('refuse altered, truncated, padded and made-up cursors alike', () => {
    const cursor = encodeCursor(context(), VMS, VM);
    const flipped = Buffer.from(cursor, 'base64url');
    flipped[3] ^= 0x20;
    const forged = [
      flipped.toString('base64url'),
      cursor.slice(0, -2),
      `${cursor}A`,
      `${cursor}=`,
      Buffer.from(`cs1:${VM}`).toString('base64url'),
      '',
      'x'.repeat(2000),
    ];
    for (const bad of forged)
      expect(() => decodeCursor(context(), VMS, bad), bad.slice(0, 40)).toThrow('"after" is not a cursor of this list for this API key');
  });

  it('checks the page size against the cap', () => {
    expect(() => pageRequest(context(), VMS, { first: 101 })).toThrow(/"first" must be between 0 and 100/);
    expect(pageRequest(context(), VMS, {})).toEqual({ first: 20, afterUuid: null });
  });
});

describe('reference-row cursors (template_spool_ref, template_store_ref: positioned by row id)', () => {
  const POOL_REFS: CursorBinding = { connection: 'Template.poolRefs', parentId: '7a1e0000-0000-4000-8000-000000000201', filter: {} };
  const LARGE_ID = 123_456_789_012;

  it('give back the row id they were made for, and show neither the id (in any width), its size, the binding nor the old format', () => {
    const small = encodeRowCursor(context(), POOL_REFS, 1);
    const large = encodeRowCursor(context(), POOL_REFS, LARGE_ID);
    expect(decodeRowCursor(context(), POOL_REFS, small)).toBe(1);
    expect(decodeRowCursor(context(), POOL_REFS, large)).toBe(LARGE_ID);
    expect(rowPageRequest(context(), POOL_REFS, { first: 3, after: large })).toEqual({ first: 3, afterRowId: LARGE_ID });
    expect(rowPageRequest(context(), POOL_REFS, {})).toEqual({ first: 20, afterRowId: null });
    expect(small.length).toBe(large.length);
    const bytes = Buffer.from(large, 'base64url');
    const be64 = Buffer.alloc(8);
    be64.writeBigUInt64BE(BigInt(LARGE_ID));
    expect(bytes.includes(be64)).toBe(false);
    expect(bytes.toString('latin1')).not.toMatch(new RegExp(`${LARGE_ID}|cs1:|poolRefs|Template`));
  });

  it.each<[string, Partial<PaginationContext>, CursorBinding]>([
    ['another connection over the same table', {}, { ...POOL_REFS, connection: 'StoragePool.templateRefs' }],
    ['another parent', {}, { ...POOL_REFS, parentId: '7a1e0000-0000-4000-8000-000000000202' }],
    ['another account', { viewer: { accountId: 6, accountUuid: 'carol', accountType: 0, domainId: 3, domainPath: '/ROOT/finance/' } }, POOL_REFS],
    ['another server key', { cursorSigningKey: randomBytes(32) }, POOL_REFS],
  ])('refuse a cursor asked back for %s with BAD_USER_INPUT', (_, ctx, binding) => {
    const cursor = encodeRowCursor(context(), POOL_REFS, 42);
    expect(() => decodeRowCursor(context(ctx), binding, cursor)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('refuse every altered byte, and never take a uuid cursor for a row cursor or the other way round', () => {
    const cursor = encodeRowCursor(context(), POOL_REFS, 42);
    const length = Buffer.from(cursor, 'base64url').length;
    for (let at = 0; at < length; at += 1) {
      const flipped = Buffer.from(cursor, 'base64url');
      flipped[at] ^= 0x01;
      expect(() => decodeRowCursor(context(), POOL_REFS, flipped.toString('base64url')), `byte ${at}`).toThrow(
        '"after" is not a cursor of this list for this API key',
      );
    }
    expect(() => decodeRowCursor(context(), POOL_REFS, encodeCursor(context(), POOL_REFS, VM))).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => decodeCursor(context(), POOL_REFS, cursor)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
