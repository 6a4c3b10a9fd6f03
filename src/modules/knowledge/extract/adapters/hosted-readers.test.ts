/**
 * The Firecrawl and Jina Reader adapters against a loopback server that speaks each API's wire
 * format (recorded answers in ./fixtures), reached through the product's real safeFetch.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AppError, isAppError } from '../../../../core/errors.js';
import { createSafeFetch, type SafeFetch } from '../../../../core/safe-fetch.js';
import { createFirecrawlReader, createHostedReader, createJinaReader } from './index.js';

interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Reply = { status: number; body: string; headers?: Record<string, string> };

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

let server: Server;
let origin: string;
let fetch: SafeFetch;
let requests: Recorded[] = [];
let reply: Reply = { status: 500, body: '{}' };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fetch = createSafeFetch({
    allowHosts: ['127.0.0.1'],
    timeoutMs: 5000,
    maxBytes: 5_000_000,
    userAgent: 'dify-agent-test',
  });
});

afterAll(async () => {
  await fetch.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests = [];
});

async function failure(run: () => Promise<unknown>): Promise<AppError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const page = 'https://northbridge.example/products/heb-200?ref=grid';

describe('Firecrawl reader', () => {
  const reader = () =>
    createFirecrawlReader({ apiKey: 'fc-test-key', fetch, apiUrl: origin, timeoutMs: 20_000 });

  it('sends the documented v2 scrape request', async () => {
    reply = { status: 200, body: fixture('firecrawl-scrape.json') };
    await reader().read(page);
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/v2/scrape');
    expect(req?.headers.authorization).toBe('Bearer fc-test-key');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '{}')).toEqual({
      url: page,
      formats: ['markdown', 'links', 'rawHtml'],
      onlyMainContent: true,
      removeBase64Images: true,
      timeout: 20_000,
    });
  });

  it('turns the answer into the same page shape as the built-in extractor', async () => {
    reply = { status: 200, body: fixture('firecrawl-scrape.json') };
    const result = await reader().read(page);
    expect(result).toMatchObject({
      method: 'firecrawl',
      url: 'https://northbridge.example/products/heb-200',
      canonicalUrl: 'https://northbridge.example/products/heb-200',
      title: 'HEB 200 I-beam',
      description: 'Hot-rolled HEB 200 wide flange beam, 6 m, in stock.',
      language: 'en-GB',
      siteName: 'Northbridge Steel',
      byline: 'Northbridge sales team',
      leadImage: 'https://northbridge.example/media/heb200-og.jpg',
      images: [{ src: 'https://northbridge.example/media/heb200.jpg', alt: 'HEB 200 cross-section' }],
    });
    // held to our Markdown rules: no data: image, no empty link, no blank-line runs or trailing spaces
    expect(result.markdown).toBe(
      '# HEB 200 I-beam, 6 m\n\n![HEB 200 cross-section](https://northbridge.example/media/heb200.jpg)\n\n£389.00 per 6 m length.\n\n[Specifications](https://northbridge.example/products/heb-200#specs)',
    );
    // JSON-LD from the raw HTML, as with our own extractor
    expect(result.structured.products[0]).toMatchObject({
      name: 'HEB 200 I-beam, 6 m',
      offers: [{ price: 389, currency: 'GBP' }],
    });
    expect(result.links.map((l) => l.url)).toEqual([
      'https://northbridge.example/',
      'https://northbridge.example/products/heb-200',
    ]);
  });

  it.each([
    [401, { success: false, error: 'Unauthorized: Invalid token' }, {}, 'knowledge.reader_auth_failed', 502],
    [
      402,
      { success: false, error: 'Payment required: insufficient credits' },
      {},
      'knowledge.reader_quota_exhausted',
      502,
    ],
    [
      408,
      { success: false, error: 'Scrape timed out', code: 'SCRAPE_TIMEOUT' },
      {},
      'knowledge.reader_timeout',
      504,
    ],
    [
      400,
      { success: false, error: 'Bad Request', details: [{ path: ['url'], message: 'Invalid URL' }] },
      {},
      'knowledge.reader_page_failed',
      422,
    ],
    [500, { success: false, error: 'Internal server error' }, {}, 'knowledge.reader_failed', 502],
  ])('maps HTTP %i to a typed error', async (status, body, headers, code, httpStatus) => {
    reply = { status, body: JSON.stringify(body), headers };
    const error = await failure(() => reader().read(page));
    expect(error.code).toBe(code);
    expect(error.status).toBe(httpStatus);
    expect(error.message).toContain(body.error);
    expect(error.details).toMatchObject({ reader: 'firecrawl', url: page, status });
  });

  it('says when to retry after a rate limit', async () => {
    reply = {
      status: 429,
      body: JSON.stringify({ success: false, error: 'Rate limit exceeded' }),
      headers: { 'retry-after': '17' },
    };
    const error = await failure(() => reader().read(page));
    expect(error).toMatchObject({
      code: 'knowledge.reader_rate_limited',
      status: 429,
      details: { retryAfterSeconds: 17 },
    });
    expect(error.message).toContain('retry in 17 s');
    expect(error.message).toContain('Rate limit exceeded');
  });

  it('treats a page that answered 404 through Firecrawl as a failed page, not content', async () => {
    const answer = JSON.parse(fixture('firecrawl-scrape.json'));
    answer.data.metadata.statusCode = 404;
    answer.data.metadata.error = 'Not Found';
    reply = { status: 200, body: JSON.stringify(answer) };
    const error = await failure(() => reader().read(page));
    expect(error).toMatchObject({ code: 'knowledge.reader_page_failed', details: { pageStatus: 404 } });
  });

  it('rejects answers that are not the documented shape', async () => {
    reply = { status: 200, body: '<html>proxy error page</html>', headers: { 'content-type': 'text/html' } };
    expect((await failure(() => reader().read(page))).code).toBe('knowledge.reader_bad_response');
    reply = { status: 200, body: JSON.stringify({ success: true, data: { markdown: 42 } }) };
    expect((await failure(() => reader().read(page))).code).toBe('knowledge.reader_bad_response');
  });

  it('reports an unreachable service', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = createFirecrawlReader({ apiKey: 'k', fetch, apiUrl: `http://127.0.0.1:${port}` });
    const error = await failure(() => offline.read(page));
    expect(error.code).toBe('knowledge.reader_unreachable');
    expect(error.message).toContain('Firecrawl could not be reached');
  });
});

describe('Jina Reader', () => {
  const reader = () =>
    createJinaReader({ apiKey: 'jina_test_key', fetch, readerUrl: origin, timeoutMs: 15_000 });

  it('sends the documented request: page URL in the path, JSON answer, bearer key', async () => {
    reply = { status: 200, body: fixture('jina-read.json') };
    await reader().read('https://northbridge.example/blog/galvanising-i-beams?lang=en');
    const [req] = requests;
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe('/https://northbridge.example/blog/galvanising-i-beams?lang=en');
    expect(req?.headers).toMatchObject({
      accept: 'application/json',
      authorization: 'Bearer jina_test_key',
      'x-return-format': 'markdown',
      'x-with-links-summary': 'true',
      'x-timeout': '15',
    });
  });

  it('turns the answer into the common page shape', async () => {
    reply = { status: 200, body: fixture('jina-read.json') };
    const result = await reader().read('https://northbridge.example/blog/galvanising-i-beams');
    expect(result).toMatchObject({
      method: 'jina',
      url: 'https://northbridge.example/blog/galvanising-i-beams',
      title: 'Galvanising I-beams | Northbridge Steel',
      description: 'Inside our hot-dip galvanising line.',
      publishedAt: '2026-03-14T08:30:00.000Z',
      images: [{ src: 'https://northbridge.example/media/zinc-bath.jpg', alt: 'Zinc bath' }],
      links: [
        { url: 'https://northbridge.example/guides/design', text: 'Design guide' },
        { url: 'https://northbridge.example/', text: 'Home' },
      ],
    });
    expect(result.markdown).toContain('Cleaning comes first\n--------------------');
    expect(result.notes).toContain('Jina Reader returns Markdown only, so the page has no structured data');
  });

  it('maps Jina error answers to typed errors with Jina’s own explanation', async () => {
    reply = {
      status: 402,
      body: JSON.stringify({
        data: null,
        code: 402,
        name: 'InsufficientBalanceError',
        status: 40203,
        message: 'Account balance not enough to run this query, please recharge.',
        readableMessage:
          'InsufficientBalanceError: Account balance not enough to run this query, please recharge.',
      }),
    };
    const quota = await failure(() => reader().read('https://northbridge.example/'));
    expect(quota.code).toBe('knowledge.reader_quota_exhausted');
    expect(quota.message).toContain('Account balance not enough');

    reply = {
      status: 422,
      body: JSON.stringify({
        data: null,
        code: 422,
        name: 'AssertionFailureError',
        status: 42206,
        message: 'Failed to goto https://northbridge.example/missing: Error: Target URL returned error 404',
        readableMessage:
          'AssertionFailureError: Failed to goto https://northbridge.example/missing: Error: Target URL returned error 404',
      }),
    };
    const missing = await failure(() => reader().read('https://northbridge.example/missing'));
    expect(missing.code).toBe('knowledge.reader_page_failed');
    expect(missing.message).toContain('Target URL returned error 404');

    reply = {
      status: 401,
      body: JSON.stringify({
        data: null,
        code: 401,
        name: 'AuthenticationRequiredError',
        readableMessage: 'Invalid API key',
      }),
    };
    const auth = await failure(() => reader().read('https://northbridge.example/'));
    expect(auth.code).toBe('knowledge.reader_auth_failed');
    expect(auth.message).toContain('JINA_API_KEY');
  });

  it('rejects a success answer without content', async () => {
    reply = { status: 200, body: JSON.stringify({ code: 200, status: 20000, data: { title: 'x' } }) };
    expect((await failure(() => reader().read('https://northbridge.example/'))).code).toBe(
      'knowledge.reader_bad_response',
    );
  });
});

describe('createHostedReader', () => {
  it('uses Firecrawl when its key is set, else Jina, else none', () => {
    expect(createHostedReader({ firecrawlApiKey: 'fc', jinaApiKey: 'j' }, fetch)?.name).toBe('firecrawl');
    expect(createHostedReader({ jinaApiKey: 'j' }, fetch)?.name).toBe('jina');
    expect(createHostedReader({}, fetch)).toBeNull();
  });
});
