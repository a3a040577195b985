import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { headerValue } from './http-replies';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the client's `x-request-id` when it is short and plain (it goes into logs), else a new uuid. */
export function requestIdOf(req: IncomingMessage): string {
  const given = headerValue(req, 'x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}
