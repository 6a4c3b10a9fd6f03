import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { assertAddressAllowed } from './net/address-guard.js';
import { createAllowList } from './net/allow-list.js';
import { parseIp } from './net/ip.js';
import { createSafeFetch, type ResolvedAddress, type SafeFetchSettings } from './safe-fetch.js';

/** A local server whose routes a test sets; it counts every request it receives per path. */
interface TestServer {
  port: number;
  hits: Map<string, number>;
  close(): Promise<void>;
}

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function startServer(routes: Record<string, Route>): Promise<TestServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) route(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const base: SafeFetchSettings = {
  allowHosts: [],
  timeoutMs: 5000,
  maxBytes: 1_000_000,
  userAgent: 'dify-agent-test/1.0',
};

/** A resolver with a fixed table, so "public" names can point anywhere without real DNS. */
function tableResolver(table: Record<string, string[]>) {
  return async (hostname: string): Promise<ResolvedAddress[]> => {
    const found = table[hostname];
    if (!found) throw Object.assign(new Error(`no such host ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected the request to fail');
}

let server: TestServer;
let target: string;

beforeAll(async () => {
  server = await startServer({
    '/hello': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`hello ${req.headers['user-agent']}`);
    },
    '/secret': (_req, res) => {
      res.end('internal secret');
    },
    '/to-loopback': (_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${server.port}/secret` });
      res.end();
    },
    '/to-metadata': (_req, res) => {
      res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    },
    '/to-ipv6-loopback': (_req, res) => {
      res.writeHead(307, { location: `http://[::1]:${server.port}/secret` });
      res.end();
    },
    '/to-private-name': (_req, res) => {
      res.writeHead(308, { location: `http://sneaky.example:${server.port}/secret` });
      res.end();
    },
    '/to-file': (_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    },
    '/hop1': (_req, res) => {
      res.writeHead(301, { location: '/hop2' });
      res.end();
    },
    '/hop2': (_req, res) => {
      res.writeHead(302, { location: '/hello' });
      res.end();
    },
    '/loop': (_req, res) => {
      res.writeHead(302, { location: '/loop' });
      res.end();
    },
    '/big': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000' });
      res.end('x'.repeat(5000));
    },
    '/big-chunked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 10; i++) res.write('y'.repeat(500));
      res.end();
    },
    '/slow': (_req, res) => {
      const timer = setTimeout(() => res.end('late'), 3000);
      res.on('close', () => clearTimeout(timer));
    },
    '/post-then-see-other': (req, res) => {
      res.writeHead(303, { location: `/method?was=${req.method}` });
      res.end();
    },
    '/method': (req, res) => {
      res.end(req.method);
    },
    '/close': (_req, res) => {
      res.writeHead(200, { connection: 'close' });
      res.end('fresh connection');
    },
  });
  target = `http://site.example:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

/**
 * The test site is reached as "site.example" (resolved to 127.0.0.1 by the table and allow-listed by
 * name), so the literal 127.0.0.1 and every other private address stay blocked as in production.
 */
function siteFetch(extra: Partial<SafeFetchSettings> = {}, table: Record<string, string[]> = {}) {
  return createSafeFetch(
    { ...base, allowHosts: ['site.example'], ...extra },
    { resolver: tableResolver({ 'site.example': ['127.0.0.1'], ...table }) },
  );
}

describe('safeFetch refuses private and metadata addresses', () => {
  it('refuses http://127.0.0.1 without connecting', async () => {
    const f = createSafeFetch(base);
    const before = server.hits.get('/secret') ?? 0;
    const error = await f(`http://127.0.0.1:${server.port}/secret`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('fetch.blocked_address');
    expect((error as AppError).message).toContain('127.0.0.1');
    expect((error as AppError).message).toContain('FETCH_ALLOW_HOSTS');
    expect(server.hits.get('/secret') ?? 0).toBe(before);
    await f.close();
  });

  it('refuses the cloud metadata address 169.254.169.254', async () => {
    const f = createSafeFetch(base);
    const error = (await f('http://169.254.169.254/latest/meta-data/').catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('fetch.blocked_address');
    expect(error.details).toMatchObject({ address: '169.254.169.254' });
    expect(error.message).toMatch(/metadata/);
    await f.close();
  });

  it('refuses http://[::1] and IPv4-mapped IPv6 forms of loopback', async () => {
    const f = createSafeFetch(base);
    for (const url of [
      `http://[::1]:${server.port}/secret`,
      `http://[::ffff:127.0.0.1]:${server.port}/secret`,
      `http://[::ffff:7f00:1]:${server.port}/secret`,
      `http://0x7f.1:${server.port}/secret`,
      'http://[fd00:ec2::254]/latest/meta-data/',
    ]) {
      expect(await codeOf(f(url)), url).toBe('fetch.blocked_address');
    }
    await f.close();
  });

  it('refuses a public-looking name that resolves to a private address', async () => {
    const f = createSafeFetch(base, {
      resolver: tableResolver({ 'innocent.example': ['127.0.0.1'], 'cloud.example': ['10.1.2.3'] }),
    });
    const before = server.hits.get('/secret') ?? 0;
    const error = (await f(`http://innocent.example:${server.port}/secret`).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error.code).toBe('fetch.blocked_address');
    expect(error.details).toMatchObject({ host: 'innocent.example', address: '127.0.0.1' });
    expect(await codeOf(f('http://cloud.example/'))).toBe('fetch.blocked_address');
    expect(server.hits.get('/secret') ?? 0).toBe(before);
    await f.close();
  });

  it('refuses a redirect to loopback, metadata, [::1] or a name resolving to a private address', async () => {
    const f = siteFetch({}, { 'sneaky.example': ['127.0.0.1'] });
    const before = server.hits.get('/secret') ?? 0;
    for (const path of ['/to-loopback', '/to-metadata', '/to-ipv6-loopback', '/to-private-name']) {
      expect(await codeOf(f(`${target}${path}`)), path).toBe('fetch.blocked_address');
    }
    expect(server.hits.get('/secret') ?? 0).toBe(before);
    await f.close();
  });

  it('refuses a name that answered a private address on a later connection (rebinding)', async () => {
    let answer = '127.0.0.1';
    const f = createSafeFetch(
      { ...base, allowHosts: ['127.0.0.1'] },
      { resolver: async () => [{ address: answer, family: 4 }] },
    );
    const first = await f(`http://rebind.example:${server.port}/close`);
    expect(first.text()).toBe('fresh connection');
    answer = '127.0.0.2';
    expect(await codeOf(f(`http://rebind.example:${server.port}/close`))).toBe('fetch.blocked_address');
    answer = '169.254.169.254';
    expect(await codeOf(f(`http://rebind.example:${server.port}/close`))).toBe('fetch.blocked_address');
    await f.close();
  });

  it('connects only to the allowed addresses of a name that has public and private ones', async () => {
    const f = createSafeFetch(
      { ...base, allowHosts: ['127.0.0.1'] },
      { resolver: tableResolver({ 'mixed.example': ['10.0.0.7', '127.0.0.1'] }) },
    );
    const res = await f(`http://mixed.example:${server.port}/hello`);
    expect(res.status).toBe(200);
    await f.close();
  });
});

describe('the allow-list opens exactly what it names', () => {
  it('an address entry opens that address and nothing next to it', async () => {
    const f = createSafeFetch({ ...base, allowHosts: ['127.0.0.1'] });
    const res = await f(`http://127.0.0.1:${server.port}/hello`);
    expect(res.status).toBe(200);
    expect(res.text()).toBe('hello dify-agent-test/1.0');
    expect(await codeOf(f(`http://127.0.0.2:${server.port}/hello`))).toBe('fetch.blocked_address');
    expect(await codeOf(f(`http://[::1]:${server.port}/hello`))).toBe('fetch.blocked_address');
    await f.close();
  });

  it('a host name entry opens that name, not its subdomains and not its address under another name', async () => {
    const f = siteFetch({}, { 'a.site.example': ['127.0.0.1'], 'other.example': ['127.0.0.1'] });
    expect((await f(`${target}/hello`)).status).toBe(200);
    expect(await codeOf(f(`http://a.site.example:${server.port}/hello`))).toBe('fetch.blocked_address');
    expect(await codeOf(f(`http://other.example:${server.port}/hello`))).toBe('fetch.blocked_address');
    expect(await codeOf(f(`http://127.0.0.1:${server.port}/hello`))).toBe('fetch.blocked_address');
    await f.close();
  });

  it('a CIDR entry opens its range only, and never a metadata address inside it', () => {
    const list = createAllowList(['10.0.0.0/8', '169.254.0.0/16', 'fd00::/8']);
    const check = (ip: string) => () => assertAddressAllowed(list, 'h.example', parseIp(ip)!);
    expect(check('10.200.3.4')).not.toThrow();
    expect(check('169.254.1.1')).not.toThrow();
    expect(check('fd12::1')).not.toThrow();
    expect(check('192.168.1.1')).toThrow(/192\.168\.1\.1/);
    expect(check('172.16.0.1')).toThrow(AppError);
    expect(check('169.254.169.254')).toThrow(/exact address/);
    expect(check('fd00:ec2::254')).toThrow(/metadata/);
    const exact = createAllowList(['169.254.169.254']);
    expect(() => assertAddressAllowed(exact, 'x', parseIp('169.254.169.254')!)).not.toThrow();
  });

  it('rejects allow-list entries it cannot read', () => {
    expect(() => createAllowList(['10.0.0.0/33'])).toThrow(/CIDR/);
    expect(() => createAllowList(['http://x'])).toThrow(/FETCH_ALLOW_HOSTS/);
  });
});

describe('safeFetch bounds and redirects', () => {
  it('follows redirects, records the chain and sets the user agent', async () => {
    const f = siteFetch();
    const res = await f(`${target}/hop1`);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${target}/hello`);
    expect(res.redirects).toEqual([`${target}/hop1`, `${target}/hop2`]);
    expect(res.text()).toBe('hello dify-agent-test/1.0');
    expect(res.contentType).toBe('text/plain');
    expect(res.charset).toBe('utf-8');
    await f.close();
  });

  it('caps the number of redirects', async () => {
    const f = siteFetch({ maxRedirects: 3 });
    const error = (await f(`${target}/loop`).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('fetch.too_many_redirects');
    expect(error.message).toContain('more than 3');
    await f.close();
  });

  it('refuses non-http schemes, directly and as a redirect target', async () => {
    const f = siteFetch();
    expect(await codeOf(f('file:///etc/passwd'))).toBe('fetch.unsupported_scheme');
    expect(await codeOf(f('ftp://example.com/x'))).toBe('fetch.unsupported_scheme');
    expect(await codeOf(f(`${target}/to-file`))).toBe('fetch.unsupported_scheme');
    expect(await codeOf(f('not a url'))).toBe('fetch.invalid_url');
    await f.close();
  });

  it('fails an over-size body instead of truncating it, declared or streamed', async () => {
    const f = siteFetch({ maxBytes: 1000 });
    expect(await codeOf(f(`${target}/big`))).toBe('fetch.too_large');
    expect(await codeOf(f(`${target}/big-chunked`))).toBe('fetch.too_large');
    expect((await f(`${target}/big`, { maxBytes: 10_000 })).body.length).toBe(5000);
    await f.close();
  });

  it('gives up at the deadline with fetch.timeout', async () => {
    const f = siteFetch({ timeoutMs: 200 });
    const error = (await f(`${target}/slow`).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('fetch.timeout');
    expect(error.message).toContain('200 ms');
    await f.close();
  });

  it('does not count a stall of this process as the peer being slow', async () => {
    const f = siteFetch({ timeoutMs: 200 });
    const answer = f(`${target}/hello`);
    // Busy past the deadline before the request is even sent, as a loaded machine or a long task does.
    const until = performance.now() + 500;
    while (performance.now() < until);
    expect((await answer).status).toBe(200);
    // A peer that is slow is still given up on, stalls or not.
    const slow = f(`${target}/slow`);
    const later = performance.now() + 300;
    while (performance.now() < later);
    expect(((await slow.catch((e: unknown) => e)) as AppError).code).toBe('fetch.timeout');
    await f.close();
  });

  it('reports a refused connection as fetch.network and an unknown name as fetch.dns_failed', async () => {
    const closed = await startServer({});
    const port = closed.port;
    await closed.close();
    const f = siteFetch();
    expect(await codeOf(f(`http://site.example:${port}/`))).toBe('fetch.network');
    expect(await codeOf(f('http://nowhere.example/'))).toBe('fetch.dns_failed');
    await f.close();
  });

  it('turns a POST answered with 303 into a GET, and lets the caller veto a redirect', async () => {
    const f = siteFetch();
    const res = await f(`${target}/post-then-see-other`, { method: 'POST', body: 'a=1' });
    expect(res.text()).toBe('GET');
    const vetoed = f(`${target}/hop1`, {
      beforeRedirect: (to) => {
        throw new AppError('test.vetoed', 400, `not going to ${to.pathname}`);
      },
    });
    await expect(vetoed).rejects.toMatchObject({ code: 'test.vetoed', message: 'not going to /hop2' });
    class Veto extends Error {}
    const plain = f(`${target}/hop1`, {
      beforeRedirect: () => {
        throw new Veto('plain veto');
      },
    });
    await expect(plain).rejects.toBeInstanceOf(Veto);
    await f.close();
  });

  it('stops when the caller aborts', async () => {
    const f = siteFetch();
    const controller = new AbortController();
    const pending = f(`${target}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await codeOf(pending)).toBe('fetch.aborted');
    await f.close();
  });
});

describe('standardFetch (for SDKs that take a fetch function)', () => {
  it('applies the same address checks and redirect checks', async () => {
    const f = siteFetch();
    const std = f.standardFetch();
    const ok = await std(`${target}/hop1`);
    expect(ok.status).toBe(200);
    expect(ok.url).toBe(`${target}/hello`);
    expect(await ok.text()).toBe('hello dify-agent-test/1.0');
    expect(await codeOf(std(`http://127.0.0.1:${server.port}/secret`))).toBe('fetch.blocked_address');
    expect(await codeOf(std(`${target}/to-metadata`))).toBe('fetch.blocked_address');
    await f.close();
  });

  it('errors the body stream when it passes the byte limit', async () => {
    const f = siteFetch();
    const std = f.standardFetch({ maxBytes: 1000 });
    const res = await std(`${target}/big-chunked`);
    await expect(res.text()).rejects.toMatchObject({ code: 'fetch.too_large' });
    expect(await codeOf(std(`${target}/big`))).toBe('fetch.too_large');
    await f.close();
  });
});

describe('FETCH_ALLOW_HOSTS', () => {
  it('stops at start with one line naming a bad entry', async () => {
    const { loadConfig } = await import('../config/load.js');
    expect(() => loadConfig({ env: { FETCH_ALLOW_HOSTS: '127.0.0.1, 10.0.0.0/40' }, cwd: '/tmp' })).toThrow(
      /^FETCH_ALLOW_HOSTS: "10\.0\.0\.0\/40" is not a valid CIDR range/,
    );
    const ok = loadConfig({
      env: { FETCH_ALLOW_HOSTS: '127.0.0.1,10.0.0.0/8,intranet.local,[::1]' },
      cwd: '/tmp',
    });
    expect(ok.fetch.allowHosts).toEqual(['127.0.0.1', '10.0.0.0/8', 'intranet.local', '[::1]']);
  });
});

describe('shouldReadBody', () => {
  it('leaves an unwanted body undownloaded', async () => {
    const f = siteFetch({ maxBytes: 100 });
    const res = await f(`${target}/big`, {
      shouldReadBody: ({ contentType }) => contentType === 'text/html',
    });
    expect(res.status).toBe(200);
    expect(res.bodyRead).toBe(false);
    expect(res.body.length).toBe(0);
    await f.close();
  });
});
