import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A local HTTP server that speaks one AI provider's wire format from recorded exchanges. Each fixture
 * file holds, in order, the requests a call is expected to make (method, path, the headers and body
 * fields the provider's API reference requires) and the responses to give back. The server answers
 * the n-th request with the n-th response and records what it received; the contract test then
 * compares the recorded requests with the expectations.
 */

export interface ExpectedRequest {
  method: string;
  /** Path and query, e.g. `/v1/responses`. */
  path: string;
  /** Headers that must be present with these values (names in lower case). */
  headers?: Record<string, string>;
  /** Headers that must be absent (e.g. no Authorization for a key-less Ollama). */
  absentHeaders?: string[];
  /** A subset of the JSON body that must match. */
  body?: unknown;
}

export interface RecordedResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface Exchange {
  request: ExpectedRequest;
  response: RecordedResponse;
}

export interface Fixture {
  /** The provider's API reference the exchanges were written from. */
  source: string;
  description: string;
  exchanges: Exchange[];
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface ProviderServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Reads `fixtures/<provider>/<name>.json`. */
export function loadFixture(provider: string, name: string): Fixture {
  return JSON.parse(readFileSync(path.join(fixturesDir, provider, `${name}.json`), 'utf8')) as Fixture;
}

/** Starts a server on a free loopback port that replays `fixture`'s responses in order. */
export async function startProviderServer(fixture: Fixture): Promise<ProviderServer> {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Recorded as text; the test reports the mismatch.
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string') headers[k] = v;
      }
      received.push({ method: req.method ?? '', path: req.url ?? '', headers, body });
      const exchange = fixture.exchanges[received.length - 1];
      if (!exchange) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `unexpected request #${received.length}` } }));
        return;
      }
      res.writeHead(exchange.response.status, {
        'content-type': 'application/json',
        ...(exchange.response.headers ?? {}),
      });
      res.end(JSON.stringify(exchange.response.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
