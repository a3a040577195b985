import { maxHeaderSize as defaultMaxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** How long a refused connection may go on sending before it is cut. */
const LINGER_MS = 5_000;
const METHOD = /^[A-Z]{3,10} /;

/**
 * Answers requests Node's HTTP parser refuses, instead of Node's default (a bare status written
 * and the socket destroyed while the client is still sending, which the client sees as a
 * connection reset, not an answer):
 * - a request head over the server's header limit (`limit`: Node's maxHeaderSize, 16 KiB by default): 414 URI
 *   Too Long when the request line is what is long (a huge GET query string: use POST), 431
 *   otherwise; the rest of the request is read and dropped until the client has the answer.
 * - any other parse error: 400, as Node would, closed the same lingering way.
 */
export function answerOversizedRequestHeads(server: Server, limit = defaultMaxHeaderSize): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (answered.has(socket)) return;
    answered.add(socket);
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const answer =
      error.code !== 'HPE_HEADER_OVERFLOW'
        ? rawResponse(400, 'The request is not valid HTTP.')
        : requestLineIsLong(error.rawPacket, limit)
          ? rawResponse(414, `The URL is longer than this server accepts (request head limit ${limit} bytes); send the query with POST.`)
          : rawResponse(431, `The request headers are larger than ${limit} bytes.`);
    // Lingering close: keep reading (and dropping) what the client still sends, so closing the
    // socket does not reset the connection before the client has read the answer.
    socket.on('data', () => {});
    socket.on('error', () => socket.destroy());
    socket.end(answer);
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

/**
 * Whether the overflow is the request line's: the packet the parser failed on begins with the
 * request line and has no line end within half the limit, or (a later packet of a long head)
 * has no line end at all.
 */
function requestLineIsLong(packet: Buffer | undefined, limit: number): boolean {
  if (!packet?.length) return true;
  const lineEnd = packet.indexOf('\r\n');
  if (!METHOD.test(packet.subarray(0, 12).toString('latin1'))) return lineEnd === -1;
  return lineEnd === -1 || lineEnd > limit / 2;
}

function rawResponse(status: 400 | 414 | 431, message: string): string {
  const reason = { 400: 'Bad Request', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' }[status];
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '',
    body,
  ].join('\r\n');
}
