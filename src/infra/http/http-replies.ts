import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request header's first value (node gives an array for repeated headers). */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(payload));
}

/** An error answered before GraphQL execution, in the GraphQL response shape every client parses. */
export function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location }).end();
}

/** A browser navigation (HTML first), not a GraphQL client. */
export function prefersHtml(req: IncomingMessage): boolean {
  const accept = headerValue(req, 'accept') ?? '';
  return accept.includes('text/html') && !accept.includes('application/json');
}
