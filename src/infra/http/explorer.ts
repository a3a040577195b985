import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FAVICON_PATH, faviconIco } from './favicon';

/**
 * The GraphQL explorer: GraphiQL 3 (its UMD build, with React 18's) served by the gateway itself
 * from the installed npm packages, so it works offline and loads nothing from a CDN; a strict
 * Content-Security-Policy holds the page to its own origin. A small script adds an API-key field:
 * the key is kept in the browser's localStorage and sent as `Authorization: Bearer <key>`.
 */
export const EXPLORER_PATH = '/explorer';
const ASSETS_PATH = `${EXPLORER_PATH}/assets/`;

interface Asset {
  contentType: string;
  load: () => Buffer;
}

const localRequire = createRequire(__filename);
const packageDir = (name: string) => dirname(localRequire.resolve(`${name}/package.json`));
// react and react-dom have an exports map without their UMD files: resolve the package root via their main module.
const packageDirOfMain = (name: string) => dirname(localRequire.resolve(name));

const ASSETS: Record<string, Asset> = {
  'react.production.min.js': {
    contentType: 'text/javascript; charset=utf-8',
    load: () => readFileSync(join(packageDirOfMain('react'), 'umd/react.production.min.js')),
  },
  'react-dom.production.min.js': {
    contentType: 'text/javascript; charset=utf-8',
    load: () => readFileSync(join(packageDirOfMain('react-dom'), 'umd/react-dom.production.min.js')),
  },
  'graphiql.min.js': { contentType: 'text/javascript; charset=utf-8', load: () => readFileSync(join(packageDir('graphiql'), 'graphiql.min.js')) },
  'graphiql.min.css': { contentType: 'text/css; charset=utf-8', load: () => readFileSync(join(packageDir('graphiql'), 'graphiql.min.css')) },
  'graphql-ws.min.js': { contentType: 'text/javascript; charset=utf-8', load: () => readFileSync(join(packageDir('graphql-ws'), 'umd/graphql-ws.min.js')) },
  'explorer.js': { contentType: 'text/javascript; charset=utf-8', load: () => Buffer.from(EXPLORER_SCRIPT) },
  'explorer.css': { contentType: 'text/css; charset=utf-8', load: () => Buffer.from(EXPLORER_STYLE) },
};

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL and CodeMirror set inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export interface Explorer {
  /** Serves the page, its assets and the site's favicon; false when the path is not the explorer's. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
}

export function createExplorer(options: { graphqlPath: string }): Explorer {
  const cache = new Map<string, Buffer>();
  const page = Buffer.from(explorerPage(options.graphqlPath));
  const favicon = faviconIco();
  return {
    handle(req, res, pathname) {
      if (pathname === FAVICON_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
        send(res, req, 200, 'image/x-icon', favicon, { 'cache-control': 'public, max-age=86400' });
        return true;
      }
      if (pathname !== EXPLORER_PATH && pathname !== `${EXPLORER_PATH}/` && !pathname.startsWith(ASSETS_PATH)) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return true;
      }
      if (!pathname.startsWith(ASSETS_PATH)) {
        send(res, req, 200, 'text/html; charset=utf-8', page, { 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'no-cache' });
        return true;
      }
      const name = pathname.slice(ASSETS_PATH.length);
      const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
      if (!asset) {
        send(res, req, 404, 'text/plain; charset=utf-8', Buffer.from('not found'), {});
        return true;
      }
      let body = cache.get(name);
      if (!body) {
        body = asset.load();
        cache.set(name, body);
      }
      send(res, req, 200, asset.contentType, body, { 'cache-control': 'public, max-age=3600' });
      return true;
    },
  };
}

function send(res: ServerResponse, req: IncomingMessage, status: number, contentType: string, body: Buffer, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length, 'x-content-type-options': 'nosniff', ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function explorerPage(graphqlPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CloudStack GraphQL gateway · explorer</title>
<link rel="icon" href="${FAVICON_PATH}">
<link rel="stylesheet" href="${ASSETS_PATH}graphiql.min.css">
<link rel="stylesheet" href="${ASSETS_PATH}explorer.css">
</head>
<body data-graphql-path="${graphqlPath}">
<header class="gw-bar">
  <strong>CloudStack GraphQL gateway</strong>
  <form id="gw-key-form" autocomplete="off">
    <label for="gw-api-key">API key</label>
    <input id="gw-api-key" name="api-key" type="password" placeholder="csk_… (Authorization: Bearer)" spellcheck="false">
    <button id="gw-use-key" type="submit">Use key</button>
    <button id="gw-forget-key" type="button">Forget</button>
  </form>
  <span id="gw-key-status" role="status"></span>
</header>
<main id="graphiql">Loading the explorer…</main>
<script src="${ASSETS_PATH}react.production.min.js"></script>
<script src="${ASSETS_PATH}react-dom.production.min.js"></script>
<script src="${ASSETS_PATH}graphiql.min.js"></script>
<script src="${ASSETS_PATH}graphql-ws.min.js"></script>
<script src="${ASSETS_PATH}explorer.js"></script>
</body>
</html>
`;
}

const EXPLORER_STYLE = `
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
.gw-bar { display: flex; align-items: center; gap: 1rem; padding: 0.4rem 0.8rem; border-bottom: 1px solid #ccc; font-size: 14px; }
.gw-bar form { display: flex; align-items: center; gap: 0.4rem; }
.gw-bar input { width: 28rem; font-family: monospace; }
#gw-key-status { color: #555; }
#graphiql { flex: 1; min-height: 0; }
`;

/**
 * Plain browser script (no build step): GraphiQL with a fetcher that adds the API key; a
 * subscription goes over graphql-ws to the same path (ws:), the key in its connectionParams.
 */
const EXPLORER_SCRIPT = `'use strict';
(function () {
  var STORAGE_KEY = 'cloudstack-gateway.api-key';
  var graphqlPath = document.body.getAttribute('data-graphql-path') || '/graphql';
  var input = document.getElementById('gw-api-key');
  var status = document.getElementById('gw-key-status');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var params = new URLSearchParams(window.location.search);
  var DEFAULT_QUERY = [
    '# Your API key goes in the field above; it is sent as Authorization: Bearer <key>.',
    'query MyVirtualMachines {',
    '  virtualMachines(first: 10) {',
    '    totalCount',
    '    edges { node { id name state } }',
    '  }',
    '}',
    ''
  ].join('\\n');

  function storedKey() {
    try { return window.localStorage.getItem(STORAGE_KEY) || ''; } catch (e) { return ''; }
  }
  function storeKey(key) {
    try { if (key) window.localStorage.setItem(STORAGE_KEY, key); else window.localStorage.removeItem(STORAGE_KEY); } catch (e) { /* private mode */ }
  }
  function describeKey(key) {
    status.textContent = key ? 'Using key ' + key.slice(0, 12) + '…' : 'Enter an API key to load the schema and run queries.';
  }
  var socket = null;
  function socketFor(key) {
    if (socket) socket.dispose();
    var url = (window.location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + window.location.host + graphqlPath;
    socket = graphqlWs.createClient({ url: url, lazy: true, retryAttempts: 0, connectionParams: key ? { authorization: 'Bearer ' + key } : {} });
    return socket;
  }
  function isSubscription(graphQLParams) {
    var source = String(graphQLParams.query || '').replace(/#[^\\n]*/g, '');
    var name = graphQLParams.operationName;
    var pattern = name ? new RegExp('\\\\bsubscription\\\\s+' + name + '\\\\b') : /^\\s*subscription\\b/m;
    return pattern.test(source);
  }
  function fetcherFor(key) {
    var client = socketFor(key);
    return function (graphQLParams, options) {
      if (isSubscription(graphQLParams)) return client.iterate({ query: graphQLParams.query, variables: graphQLParams.variables, operationName: graphQLParams.operationName });
      var headers = { 'content-type': 'application/json', accept: 'application/json' };
      var extra = (options && options.headers) || {};
      Object.keys(extra).forEach(function (name) { headers[name] = extra[name]; });
      if (key) headers.authorization = 'Bearer ' + key;
      return fetch(graphqlPath, { method: 'POST', headers: headers, body: JSON.stringify(graphQLParams), credentials: 'omit' })
        .then(function (response) { return response.json(); });
    };
  }
  function render(key) {
    describeKey(key);
    root.render(React.createElement(GraphiQL, {
      key: key || 'no-key',
      fetcher: fetcherFor(key),
      // Without a key the schema is not fetched: GraphiQL would paint the refused introspection
      // (UNAUTHENTICATED) as a result before anyone ran a query.
      schema: key ? undefined : null,
      defaultQuery: DEFAULT_QUERY,
      query: params.get('query') || undefined,
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: false
    }));
  }

  input.value = storedKey();
  document.getElementById('gw-key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var key = input.value.trim();
    storeKey(key);
    render(key);
  });
  document.getElementById('gw-forget-key').addEventListener('click', function () {
    input.value = '';
    storeKey('');
    render('');
  });
  render(input.value.trim());
})();
`;
