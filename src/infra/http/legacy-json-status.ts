import type { ApolloServerPlugin, HTTPGraphQLRequest, HTTPGraphQLResponse } from '@apollo/server';

/** Apollo's code for a request that is not a well-formed GraphQL-over-HTTP request (no query, bad extensions ...). */
const MALFORMED_REQUEST = 'BAD_REQUEST';

/**
 * Whether an error says the request itself is malformed rather than its document: BAD_REQUEST, or
 * one of the errors Apollo raises without a code, which are about the persisted-query extension
 * (a hash that does not match its query, an unsupported version: BAD_USER_INPUT with a reason
 * once formatted, see format-error.ts). Parse, validation, coercion, operation-resolution and limit
 * errors all carry a code.
 */
function malformedRequest(error: { extensions?: Record<string, unknown> }): boolean {
  const code = error.extensions?.code;
  return code === undefined || code === MALFORMED_REQUEST;
}

export interface LegacyJsonStatus {
  plugin: ApolloServerPlugin;
  /** The HTTP status to answer with for Apollo's response to this request. */
  statusOf(request: HTTPGraphQLRequest, response: HTTPGraphQLResponse): number;
}

/**
 * GraphQL over HTTP, for clients that accept only `application/json` (the legacy media type): the
 * server SHOULD answer a well-formed request with 200, also when its document does not parse or
 * validate, its variables do not coerce or a limit refuses it, because such a client cannot tell a
 * 4xx of the GraphQL server from one of a proxy. `application/graphql-response+json` keeps 4xx (its
 * clients read it), and so do requests that are not well-formed: those Apollo refuses before the
 * request pipeline (bad JSON shape, CSRF prevention), with BAD_REQUEST, or over a malformed
 * persisted-query extension.
 */
export function createLegacyJsonStatus(): LegacyJsonStatus {
  const requestErrors = new WeakSet<HTTPGraphQLRequest>();
  return {
    plugin: {
      async requestDidStart() {
        return {
          async willSendResponse({ request, response, errors }) {
            const http = request.http;
            if (!http || response.http.status !== 400 || !errors?.length) return;
            if (!errors.some(malformedRequest)) requestErrors.add(http);
          },
        };
      },
    },
    statusOf(request, response) {
      const status = response.status ?? 200;
      const legacyJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
      return status === 400 && legacyJson && requestErrors.has(request) ? 200 : status;
    },
  };
}
