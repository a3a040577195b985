import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Request headers browser clients send to /graphql: the API key, JSON bodies, Apollo Server's CSRF
 * prevention headers (`apollo-require-preflight`, `x-apollo-operation-name`), Apollo Client's
 * client awareness (`apollographql-client-name` / `-version`), and a client's own request id.
 */
const CORS_ALLOWED_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  // Apollo Client's enhanced client awareness, when told to send it as headers rather than in extensions.
  'apollographql-library-name',
  'apollographql-library-version',
  'x-request-id',
] as const;

/** Response headers a page may read: the request id to quote in a bug report, the auth challenge of a 401. */
const CORS_EXPOSED_HEADERS = ['x-request-id', 'www-authenticate'] as const;

/** How long a browser may reuse a preflight answer, seconds (Chromium caps it at 7200). */
export const CORS_MAX_AGE_SECONDS = 7200;

/**
 * CORS for the configured browser origins (GATEWAY_CORS_ORIGINS): the origin is echoed back only
 * when listed, never `*`. No credentials are allowed: the API key travels in a header, not in a
 * cookie, so a foreign page cannot borrow a user's session.
 */
export function createCors(allowedOrigins: readonly string[]): (req: IncomingMessage, res: ServerResponse) => void {
  const allowed = new Set(allowedOrigins);
  return (req, res) => {
    if (allowed.size === 0) return;
    // The answer depends on the Origin header: shared caches must keep one per origin.
    res.setHeader('vary', 'origin');
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) return;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', '));
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS.join(', '));
      res.setHeader('access-control-max-age', String(CORS_MAX_AGE_SECONDS));
    }
  };
}
