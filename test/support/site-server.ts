/**
 * A local website for crawler tests and benchmarks, on 127.0.0.1 (allow-list it in safeFetch):
 * serves a fixture directory (or in-memory pages) with ETag / Last-Modified / 304 like a real server,
 * and lets a test give any path a behaviour (redirect, status, rate limit, delay, gzip, content type).
 * Every request is recorded so a test can check what the crawler did and did not ask for.
 *
 * Text files may contain `{{origin}}`, replaced by the server's origin (robots.txt and sitemaps need
 * absolute URLs).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Path with query string. */
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface RouteContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** How many times this path has been requested, this one included. */
  count: number;
  origin: string;
  /** Answers with the static file for `filePath` (default: the request path), with validators. */
  serveFile(filePath?: string): void;
  /** The text of a file of the site, `{{origin}}` filled in. */
  readFile(filePath: string): string;
}

export type SiteRoute = (ctx: RouteContext) => void | Promise<void>;

export interface SiteServerOptions {
  /** Directory served as the site. */
  root?: string;
  /** In-memory files by path (`/about.html`), consulted before `root`. */
  pages?: Record<string, string>;
  routes?: Record<string, SiteRoute>;
  /**
   * Serve `/about.html` at `/about` and `/about/`, and `/about/index.html` at `/about`, as static
   * hosts do with pretty URLs: a site saved to files links to its pages the way its builder
   * published them.
   */
  prettyUrls?: boolean;
}

export interface SiteServer {
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests made for a path (query ignored). */
  hits(pathname: string): number;
  setRoute(pathname: string, route: SiteRoute | undefined): void;
  setPage(pathname: string, content: string): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.gz': 'application/gzip',
};

const LAST_MODIFIED = 'Wed, 01 Oct 2026 08:00:00 GMT';

/** Behaviours for `routes`. */
export const behave = {
  redirect:
    (to: string, status = 301): SiteRoute =>
    ({ res, origin }) => {
      res.writeHead(status, { location: to.replace('{{origin}}', origin) });
      res.end();
    },
  status:
    (status: number, body = ''): SiteRoute =>
    ({ res }) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    },
  /** 429 with `Retry-After` for the first `times` requests, then the static file. */
  rateLimited:
    (retryAfter: string, times = 1): SiteRoute =>
    (ctx) => {
      if (ctx.count <= times) {
        ctx.res.writeHead(429, { 'retry-after': retryAfter, 'content-type': 'text/plain' });
        ctx.res.end('slow down');
      } else ctx.serveFile();
    },
  /** Waits `ms` before serving the static file (or stops waiting if the client goes away). */
  slow:
    (ms: number): SiteRoute =>
    (ctx) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          if (!ctx.res.destroyed) ctx.serveFile();
          resolve();
        }, ms);
        ctx.res.on('close', () => {
          clearTimeout(timer);
          resolve();
        });
      }),
  /** A body with a given content type. */
  content:
    (contentType: string, body: string | Buffer): SiteRoute =>
    ({ res }) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
    },
  /** The gzip of another file of the site, as `application/gzip` (a `.xml.gz` sitemap). */
  gzipOf:
    (filePath: string): SiteRoute =>
    ({ res, readFile }) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.end(gzipSync(Buffer.from(readFile(filePath))));
    },
};

export async function startSiteServer(options: SiteServerOptions): Promise<SiteServer> {
  const pages = { ...(options.pages ?? {}) };
  const routes = new Map(Object.entries(options.routes ?? {}));
  const requests: RecordedRequest[] = [];
  const counts = new Map<string, number>();
  let origin = '';

  /** Finds the file for a request path: /dir/ → /dir/index.html. */
  function resolveFile(pathname: string): string | undefined {
    const candidates = pathname.endsWith('/')
      ? [
          `${pathname}index.html`,
          ...(options.prettyUrls && pathname !== '/' ? [`${pathname.slice(0, -1)}.html`] : []),
        ]
      : options.prettyUrls && !/\.[a-z0-9]+$/i.test(pathname)
        ? [pathname, `${pathname}.html`, `${pathname}/index.html`]
        : [pathname];
    for (const c of candidates) {
      if (pages[c] !== undefined) return c;
      if (!options.root) continue;
      const full = path.join(options.root, path.normalize(c));
      if (!full.startsWith(options.root)) continue;
      try {
        if (statSync(full).isFile()) return c;
      } catch {
        // not there
      }
    }
    return undefined;
  }

  function serveFile(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    const file = resolveFile(pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
      return;
    }
    const ext = path.extname(file);
    const raw =
      pages[file] !== undefined
        ? Buffer.from(pages[file].replaceAll('{{origin}}', origin))
        : ext === '.pdf' || ext === '.gz'
          ? readFileSync(path.join(options.root as string, file))
          : Buffer.from(
              readFileSync(path.join(options.root as string, file), 'utf8').replaceAll('{{origin}}', origin),
            );
    const etag = `"${createHash('sha1').update(raw).digest('hex').slice(0, 16)}"`;
    const validators = { etag, 'last-modified': LAST_MODIFIED };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, validators);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', ...validators });
    res.end(raw);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      url: url.pathname + url.search,
      headers: req.headers,
    });
    const count = (counts.get(url.pathname) ?? 0) + 1;
    counts.set(url.pathname, count);
    const route = routes.get(url.pathname);
    const ctx: RouteContext = {
      req,
      res,
      count,
      origin,
      serveFile: (filePath) => serveFile(req, res, filePath ?? url.pathname),
      readFile: (filePath) =>
        (pages[filePath] ?? readFileSync(path.join(options.root ?? '', filePath), 'utf8')).replaceAll(
          '{{origin}}',
          origin,
        ),
    };
    Promise.resolve(route ? route(ctx) : ctx.serveFile()).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    requests,
    hits: (pathname) => requests.filter((r) => r.path === pathname).length,
    setRoute(pathname, route) {
      if (route) routes.set(pathname, route);
      else routes.delete(pathname);
    },
    setPage(pathname, content) {
      pages[pathname] = content;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
