import type { IncomingMessage } from 'node:http';
import { headerValue } from './http-replies';

/** A POST body parsed as JSON, or why not (answered as BAD_USER_INPUT with this status). */
export type JsonBody = { body: unknown } | { status: 400 | 413; message: string };

/** Reads and parses a JSON request body of at most `maxBytes` (a declared larger length is refused unread). */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  const declared = Number(headerValue(req, 'content-length'));
  const raw = declared > maxBytes ? null : await readBody(req, maxBytes);
  if (raw === null) return { status: 413, message: `The request body is larger than ${maxBytes} bytes.` };
  try {
    return { body: raw.length ? JSON.parse(raw) : {} };
  } catch {
    return { status: 400, message: 'The request body is not valid JSON.' };
  }
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
