import { SYNTHETIC_ROOT_ADMIN } from '../../src/app/auth/api-key-service';
import { deriveCursorSigningKey } from '../../src/app/security/cursor-signing-key';
import { toVmQuery } from '../../src/graphql/inputs/filter-mapping';
import { type CursorBinding, decodeCursor, encodeCursor, type PaginationContext } from '../../src/graphql/pagination';

/**
 * Cursors of the benchmark's VM list as the gateway signs them. The runner starts the gateway with
 * this GATEWAY_CURSOR_SECRET, and its API key belongs to the bench inventory's root admin
 * (account 2), so the load generator can start pages anywhere and the floor server answers with
 * byte-identical cursors (the answers are compared).
 */
export const BENCH_CURSOR_SECRET = 'benchmark-cursor-secret-not-for-production-use';
const BENCH_ADMIN_ACCOUNT_ID = 2;

const context: PaginationContext = {
  cursorSigningKey: deriveCursorSigningKey(BENCH_CURSOR_SECRET),
  viewer: { ...SYNTHETIC_ROOT_ADMIN, accountId: BENCH_ADMIN_ACCOUNT_ID },
  scope: { kind: 'all' },
  maxPageSize: Number.MAX_SAFE_INTEGER,
};
const VM_LIST: CursorBinding = { connection: 'virtualMachines', filter: toVmQuery(undefined) };

export const benchVmCursor = (uuid: string): string => encodeCursor(context, VM_LIST, uuid);
/** The uuid of a bench VM-list cursor; throws on any other. */
export const benchVmCursorUuid = (cursor: string): string => decodeCursor(context, VM_LIST, cursor);
