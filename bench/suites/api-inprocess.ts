/**
 * The CPU an authenticated read costs in our own code, without the kernel: Node's HTTP server is fed
 * requests through an in-memory socket, one after another, and the process's CPU time per request is
 * measured for a bare Hono hello-world, our `/health` and `GET /api/v1/tenant`, in interleaved rounds.
 * On a shared VM, where system calls and wake-ups are expensive and noisy, this shows changes to the
 * request path far more steadily than `npm run bench -- api`, which it complements (not replaces).
 *
 *   npm run bench -- api-inprocess [--requests 20000] [--rounds 5] [--postgres postgres://…]
 */
import http from 'node:http';
import { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createOperationRuntime } from '../../src/app/create.js';
import { MemoryRateLimitStore } from '../../src/operations/rate-limit.js';
import { createHttpApp } from '../../src/server/http.js';
import { createMetrics } from '../../src/server/metrics.js';
import type { BenchArgs } from '../run.js';
import { createApiFixture, median } from '../support/api-fixture.js';

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/** A client connection held in memory: what the server writes is scanned for status lines. */
class MemorySocket extends Duplex {
  onResponse: ((status: number) => void) | undefined;
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 50_000;
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.scan(chunk);
    done();
  }
  override _writev(chunks: Array<{ chunk: Buffer }>, done: () => void): void {
    for (const c of chunks) this.scan(c.chunk);
    done();
  }
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  private scan(chunk: Buffer): void {
    for (const m of chunk.toString('latin1').matchAll(/HTTP\/1\.1 (\d{3})/g)) {
      const status = Number(m[1]);
      queueMicrotask(() => this.onResponse?.(status));
    }
  }
}

/** Serves `fetch` on one in-memory keep-alive connection and returns a function that sends n requests. */
function inMemoryServer(fetch: Fetch, requestText: string) {
  const server = http.createServer(getRequestListener(fetch));
  const socket = new MemorySocket();
  server.emit('connection', socket);
  const request = Buffer.from(requestText);
  return (n: number): Promise<void> =>
    new Promise((resolve, reject) => {
      let done = 0;
      socket.onResponse = (status) => {
        if (status !== 200) {
          socket.onResponse = undefined;
          reject(new Error(`status ${status}`));
          return;
        }
        done++;
        if (done >= n) {
          socket.onResponse = undefined;
          resolve();
        } else setImmediate(() => socket.push(request));
      };
      socket.push(request);
    });
}

async function cpuMicrosPerRequest(send: (n: number) => Promise<void>, n: number): Promise<number> {
  const before = process.cpuUsage();
  await send(n);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

export default async function apiInProcess(args: BenchArgs) {
  const requests = Number(args.requests ?? 20_000);
  const roundCount = Number(args.rounds ?? 5);
  const fixture = await createApiFixture(args, 'bench-api-inprocess-');
  try {
    const { app, adminKey } = fixture;
    const bare = new Hono();
    bare.get('/hello', (c) => c.json({ hello: 'world' }));
    const ours = createHttpApp({
      runtime: createOperationRuntime(app, { rateLimits: new MemoryRateLimitStore(app.clock) }),
      metrics: createMetrics(),
      readiness: [],
    });
    const get = (p: string, auth = '') =>
      `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n${auth ? `Authorization: Bearer ${auth}\r\n` : ''}\r\n`;
    const targets: Record<string, (n: number) => Promise<void>> = {
      bareHono: inMemoryServer(bare.fetch as Fetch, get('/hello')),
      health: inMemoryServer(ours.fetch as Fetch, get('/health')),
      authenticatedRead: inMemoryServer(ours.fetch as Fetch, get('/api/v1/tenant', adminKey)),
    };
    for (const send of Object.values(targets)) await send(Math.min(3_000, requests)); // warm-up
    const rounds: Record<string, number[]> = {};
    for (let r = 0; r < roundCount; r++) {
      for (const [name, send] of Object.entries(targets)) {
        const micros = await cpuMicrosPerRequest(send, requests);
        const list = rounds[name] ?? [];
        list.push(micros);
        rounds[name] = list;
        process.stderr.write(`round ${r + 1}/${roundCount} ${name}: ${micros.toFixed(1)} µs/request\n`);
      }
    }
    const bareMedian = median(rounds.bareHono ?? []);
    return {
      dialect: fixture.dialect,
      requestsPerRound: requests,
      rounds: roundCount,
      cpuMicrosPerRequest: Object.fromEntries(
        Object.entries(rounds).map(([k, v]) => [
          k,
          { median: Math.round(median(v) * 10) / 10, min: Math.round(Math.min(...v) * 10) / 10 },
        ]),
      ),
      bareShareOfCost: Object.fromEntries(
        Object.entries(rounds)
          .filter(([k]) => k !== 'bareHono')
          .map(([k, v]) => [k, Math.round((bareMedian / median(v)) * 100) / 100]),
      ),
    };
  } finally {
    await fixture.cleanup();
  }
}
