import fc from 'fast-check';

/**
 * fast-check arbitraries of what travels around a GraphQL document: request headers (keys good
 * and bad, content types, CSRF headers, request ids, origins) and connection cursors (real ones,
 * altered ones, made-up ones).
 */

/** An Authorization header: a real key, a near miss, another scheme, junk, or none. */
function authorizationArbitrary(keys: string[]): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...keys).map((key) => `Bearer ${key}`) },
    { weight: 1, arbitrary: fc.constantFrom(...keys).map((key) => `bearer  ${key} `) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...keys)
        .chain((key) => fc.nat(key.length - 1).map((at) => `Bearer ${key.slice(0, at)}${key[at] === 'A' ? 'B' : 'A'}${key.slice(at + 1)}`)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('Basic YWRtaW46cGFzc3dvcmQ=', 'Bearer', 'Bearer ', 'Token abc', `Bearer csk_${'A'.repeat(43)}`, `Bearer ${'x'.repeat(5000)}`),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }).filter(isHeaderValue) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/**
 * Request headers: half the time what a well-behaved client sends (a live key, JSON, the CSRF
 * preflight header), otherwise anything: keys good and bad, content types, accept, request ids,
 * origins.
 */
export function headersArbitrary(keys: string[]): fc.Arbitrary<Record<string, string>> {
  const optional = (arbitrary: fc.Arbitrary<string>) => fc.option(arbitrary.filter(isHeaderValue), { freq: 3 });
  const wellBehaved = fc.record({
    authorization: fc.constantFrom(...keys).map((key) => `Bearer ${key}`),
    'content-type': fc.constant('application/json'),
    'apollo-require-preflight': fc.constant('true'),
  });
  const anything = fc
    .record({
      authorization: authorizationArbitrary(keys),
      'content-type': fc.option(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/graphql-response+json',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
        ),
        { freq: 6 },
      ),
      accept: optional(fc.constantFrom('application/json', 'application/graphql-response+json', 'text/html', '*/*', 'text/event-stream', 'multipart/mixed')),
      'apollo-require-preflight': optional(fc.constantFrom('true', '1', '')),
      'x-request-id': optional(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('trace-1', 'x'.repeat(300)))),
      origin: optional(fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1:4000')),
    })
    .map((headers) => Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string')));
  return fc.oneof(wellBehaved, anything);
}

/** A cursor: one the gateway gave someone (for some list), or such a cursor altered, or one made up. */
export function cursorArbitrary(issued: string[], uuids: string[]): fc.Arbitrary<string> {
  const real = fc.constantFrom(...issued);
  const altered = real.chain((cursor) =>
    fc.oneof(
      fc.nat(cursor.length - 1).map((at) => `${cursor.slice(0, at)}${cursor[at] === 'A' ? 'B' : 'A'}${cursor.slice(at + 1)}`),
      fc.nat(cursor.length - 1).map((at) => cursor.slice(0, at)),
      fc.string({ minLength: 1, maxLength: 4 }).map((tail) => cursor + tail),
      fc.nat(255).map((bit) => flipBit(cursor, bit)),
    ),
  );
  const madeUp = fc.oneof(
    fc.constantFrom(...uuids).map((uuid) => Buffer.from(`cs1:${uuid}`).toString('base64url')),
    fc.constantFrom(...uuids).map((uuid) => Buffer.concat([Buffer.from([2, uuid.length]), Buffer.from(uuid), Buffer.alloc(16)]).toString('base64url')),
    fc.base64String({ maxLength: 80 }),
    fc.string({ maxLength: 60 }),
    fc.constantFrom('', '=', 'null', 'x'.repeat(3000)),
  );
  return fc.oneof({ weight: 3, arbitrary: real }, { weight: 4, arbitrary: altered }, { weight: 3, arbitrary: madeUp });
}

function flipBit(cursor: string, bit: number): string {
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length === 0) return cursor;
  bytes[(bit >> 3) % bytes.length] ^= 1 << (bit & 7);
  return bytes.toString('base64url');
}

/** What fetch accepts as a header value (no control characters, Latin-1 only). */
function isHeaderValue(value: string): boolean {
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(value) && value.trim() === value;
}
