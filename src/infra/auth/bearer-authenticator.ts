import type { ApiKeyService } from '../../app/auth/api-key-service';
import type { Viewer } from '../../app/auth/viewer';

type AuthFailure = { failure: 'missing' | 'invalid'; message: string };
type AuthOutcome = { viewer: Viewer } | AuthFailure;

/** Resolves a request's `Authorization` header to the caller. */
export type RequestAuthenticator = (authorization: string | undefined) => Promise<AuthOutcome>;

const MISSING = 'A valid API key is required (Authorization: Bearer <key>).';
// One message for unknown, revoked and disabled alike: a caller cannot probe which keys exist.
const INVALID = 'The API key is not valid: unknown or revoked, or its account is disabled.';

/** GATEWAY_AUTH=required: `Authorization: Bearer <key>` with a live key of an enabled account. */
export function createBearerAuthenticator(keys: ApiKeyService): RequestAuthenticator {
  return async (authorization) => {
    const match = authorization ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization) : null;
    if (!authorization?.trim()) return { failure: 'missing', message: MISSING };
    if (!match) return { failure: 'invalid', message: `${INVALID} Send it as Authorization: Bearer <key>.` };
    const viewer = await keys.authenticate(match[1]);
    return viewer ? { viewer } : { failure: 'invalid', message: INVALID };
  };
}

/** GATEWAY_AUTH=off (tests, benchmarks): every request is the given root admin, whatever it sends. */
export function createAuthOffAuthenticator(rootAdmin: Viewer): RequestAuthenticator {
  return async () => ({ viewer: rootAdmin });
}
