import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export const METRICS_PATH = '/metrics';

/** What a scrape reads. */
export interface MetricsSource {
  readonly contentType: string;
  render(): string;
}

/** Answers a scrape of /metrics: the text exposition, or 401 without the bearer token when one is set. */
export type MetricsHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * /metrics behind `Authorization: Bearer <token>` (GATEWAY_METRICS_TOKEN), or open when the
 * token is null (only on a listener of its own, GATEWAY_METRICS_PORT, which the operator fences).
 */
export function createMetricsHandler(source: MetricsSource, token: string | null): MetricsHandler {
  const expected = token === null ? null : digest(token);
  return (req, res) => {
    if (expected !== null && !bearerMatches(req.headers.authorization, expected)) {
      res
        .writeHead(401, { 'www-authenticate': 'Bearer realm="gateway-metrics"', 'content-type': 'text/plain; charset=utf-8' })
        .end('A metrics token is required (Authorization: Bearer <GATEWAY_METRICS_TOKEN>).\n');
      return;
    }
    res.writeHead(200, { 'content-type': source.contentType, 'cache-control': 'no-store' }).end(source.render());
  };
}

/** A listener that serves only /metrics (GATEWAY_METRICS_HOST:GATEWAY_METRICS_PORT). */
export interface MetricsListener {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export function startMetricsListener(handler: MetricsHandler, host: string, port: number): Promise<MetricsListener> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (path === METRICS_PATH && (req.method === 'GET' || req.method === 'HEAD')) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Only ${METRICS_PATH} is served here.\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}${METRICS_PATH}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  // Comparing digests keeps the comparison constant-time whatever the presented length.
  return match !== null && timingSafeEqual(digest(match[1]), expected);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
