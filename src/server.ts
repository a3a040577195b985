import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { ReadScope } from './app/ports/inventory-reader';
import { type ContextDependencies, createGatewayContext, type GatewayContext } from './graphql/context';
import { createFormatError } from './graphql/errors/format-error';
import type { JsonLogger } from './infra/logging/json-logger';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  context: ContextDependencies;
  logger: JsonLogger;
  production: boolean;
  introspection: boolean;
  corsOrigins: string[];
  /** Readiness probe: resolves when the database answers. */
  checkReady: () => Promise<void>;
  maxBodyBytes?: number;
}

export interface GatewayHttpServer {
  server: Server;
  apollo: ApolloServer<GatewayContext>;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * HTTP composition: GraphQL over HTTP at /graphql (Apollo Server through its integration API),
 * liveness at /healthz, readiness (database) at /readyz. No framework: node:http is enough.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<GatewayHttpServer> {
  const apollo = new ApolloServer<GatewayContext>({
    schema: options.schema,
    introspection: options.introspection,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: !options.production,
    formatError: createFormatError({ production: options.production, log: (e) => options.logger.log({ msg: 'graphql error', ...e }) }),
  });
  await apollo.start();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const allScope: ReadScope = { kind: 'all' };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.log({ level: 'error', msg: 'request failed', error: error instanceof Error ? error.stack : String(error) });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    applyCors(req, res, options.corsOrigins);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      try {
        await options.checkReady();
        return sendJson(res, 200, { status: 'ready' });
      } catch (error) {
        return sendJson(res, 503, { status: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
      }
    }
    if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found', graphql: '/graphql' });

    const requestId = headerValue(req, 'x-request-id') ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    let body: unknown;
    if (req.method === 'POST') {
      const raw = await readBody(req, maxBodyBytes);
      if (raw === null) return sendJson(res, 413, { errors: [{ message: `Request body larger than ${maxBodyBytes} bytes`, extensions: { code: 'BAD_USER_INPUT' } }] });
      try {
        body = raw.length ? JSON.parse(raw) : {};
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const started = Date.now();
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => createGatewayContext(options.context, requestId, null, allScope),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
    options.logger.log({ level: 'debug', msg: 'graphql request', requestId, status: res.statusCode, durationMs: Date.now() - started });
  }

  return {
    server,
    apollo,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          const actualPort = typeof address === 'object' && address ? address.port : port;
          resolve(`http://${host}:${actualPort}`);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(payload));
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function applyCors(req: IncomingMessage, res: ServerResponse, allowed: string[]): void {
  const origin = headerValue(req, 'origin');
  if (!origin || !allowed.includes(origin)) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'origin');
  res.setHeader('access-control-allow-headers', 'content-type, authorization, apollo-require-preflight, x-request-id');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
}
