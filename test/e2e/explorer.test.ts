import 'reflect-metadata';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_VMS } from '../../src/infra/db/seed/demo-vms';
import { launchChromium } from '../support/chromium';
import { type HttpTestGateway, startHttpTestGateway } from '../support/http-gateway';
import { DATABASE_KINDS } from '../support/test-database';

const QUERY = 'query AliceVms { virtualMachines(first: 3) { totalCount edges { node { name } } } }';

/** The text of GraphiQL's response pane (a CodeMirror 5 editor keeps its whole value on its element). */
async function responseText(page: Page): Promise<string> {
  return page.evaluate(() => {
    // Runs in the page (the project's tsconfig has no DOM types).
    const editor = (globalThis as any).document.querySelector('.graphiql-response .CodeMirror') as { CodeMirror?: { getValue(): string } } | null;
    return editor?.CodeMirror?.getValue() ?? '';
  });
}

async function runAndRead(page: Page, expected: RegExp): Promise<string> {
  await page.click('.graphiql-execute-button');
  await expect.poll(() => responseText(page), { timeout: 15_000 }).toMatch(expected);
  return responseText(page);
}

describe.each(DATABASE_KINDS)('the GraphQL explorer in headless Chromium on %s', (kind) => {
  let gw: HttpTestGateway;
  let browser: Browser;

  beforeAll(async () => {
    gw = await startHttpTestGateway(kind, { seedDemo: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it("loads from the gateway alone, sends the API key and shows the query's result", async () => {
    const key = await gw.keyFor('alice');
    const context = await browser.newContext();
    const page = await context.newPage();
    const foreign: string[] = [];
    const problems: string[] = [];
    const authorizations: (string | undefined)[] = [];
    // Offline: anything not served by the gateway is blocked and recorded.
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith(gw.url)) return route.continue();
      foreign.push(route.request().url());
      return route.abort();
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/401|Unauthorized/.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => {
      if (request.url() === `${gw.url}/graphql`) authorizations.push(request.headers().authorization);
    });

    await page.goto(`${gw.url}/explorer?query=${encodeURIComponent(QUERY)}`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 15_000 });
    await page.waitForLoadState('networkidle');

    // Before the user acts: no request to the API (no introspection without a key), no error shown.
    expect(authorizations).toEqual([]);
    expect(await responseText(page)).toBe('');
    expect(await page.textContent('#gw-key-status')).toMatch(/Enter an API key/);

    // Without a key the API refuses, and the explorer shows why.
    expect(await runAndRead(page, /UNAUTHENTICATED/)).toMatch(/A valid API key is required/);

    await page.fill('#gw-api-key', key);
    await page.click('#gw-use-key');
    await expect.poll(() => page.textContent('#gw-key-status')).toContain(key.slice(0, 12));
    // With a key the schema is introspected (docs and completion), without anything shown as a result.
    await expect.poll(() => authorizations.filter((a) => a === `Bearer ${key}`).length).toBeGreaterThan(0);
    expect(await responseText(page)).toBe('');
    await page.waitForSelector('.graphiql-execute-button');
    const result = JSON.parse(await runAndRead(page, /totalCount/));

    const alices = DEMO_VMS.filter((vm) => vm.owner === 'alice' && vm.state !== 'Expunging').map((vm) => vm.name);
    expect(result.data.virtualMachines.totalCount).toBe(alices.length);
    expect(result.data.virtualMachines.edges).toHaveLength(3);
    for (const edge of result.data.virtualMachines.edges) expect(alices).toContain(edge.node.name);
    expect(authorizations).toContain(`Bearer ${key}`);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);

    expect(await page.getAttribute('link[rel="icon"]', 'href')).toBe('/favicon.ico');

    // The key is remembered by this browser for the next visit.
    await page.reload();
    expect(await page.inputValue('#gw-api-key')).toBe(key);
    await context.close();
  });

  it('runs a subscription over WebSocket on /graphql with the API key in connectionParams', async () => {
    const key = await gw.keyFor('admin');
    const context = await browser.newContext();
    const page = await context.newPage();
    const sockets: string[] = [];
    const problems: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const subscription = 'subscription Watch { migrationJobUpdated(id: "0b7a3c1e-0000-4000-8000-00000000beef") { id status } }';
    await page.goto(`${gw.url}/explorer?query=${encodeURIComponent(subscription)}`);
    await page.fill('#gw-api-key', key);
    await page.click('#gw-use-key');
    await page.waitForSelector('.graphiql-execute-button');
    // The watch answers an unknown job with NOT_FOUND: the operation reached it, authenticated, over the socket.
    expect(await runAndRead(page, /NOT_FOUND/)).toContain('No migration job has id 0b7a3c1e-0000-4000-8000-00000000beef');
    expect(sockets).toEqual([`${gw.url.replace(/^http/, 'ws')}/graphql`]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('serves its own favicon, which the browser decodes', async () => {
    // A context without request routing: Playwright's routing does not pass favicon requests on.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${gw.url}/explorer`);
    const icon = await page.evaluate(async () => {
      const image = new (globalThis as any).Image();
      image.src = '/favicon.ico';
      await image.decode();
      return { width: image.naturalWidth, height: image.naturalHeight };
    });
    expect(icon).toEqual({ width: 16, height: 16 });
    const response = await fetch(`${gw.url}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/x-icon');
    await context.close();
  });
});
