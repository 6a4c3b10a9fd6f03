import { AppError } from '../core/errors.js';
import type { ProgressUpdate } from '../operations/define.js';
import { type CliOperation, pathParamsOf } from './manifest.js';

/** How the CLI reaches operations: over HTTP to a running server, or in this process (local-client.ts). */
export interface OperationClient {
  call(
    op: CliOperation,
    input: Record<string, unknown>,
    onProgress?: (p: ProgressUpdate) => void,
  ): Promise<unknown>;
  /**
   * Runs `fn`, a wait for jobs (a crawl), while those jobs can run. A server runs them with its own
   * settings; in-process the CLI works the queue only when it owns it (see LocalClient).
   */
  whileJobsRun<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Calls a running server's REST API with a bearer credential, exactly as any other client would.
 * `found` says where the server was found, for the message when it does not answer.
 */
export class RemoteClient implements OperationClient {
  constructor(
    private readonly baseUrl: string,
    private readonly credential: string | undefined,
    private readonly found?: string,
  ) {}

  async call(op: CliOperation, input: Record<string, unknown>): Promise<unknown> {
    if (!this.credential) {
      throw new AppError(
        'auth.unauthorized',
        401,
        `set DIFY_AGENT_API_KEY (or --api-key) to call the server at ${this.baseUrl}`,
      );
    }
    const rest = { ...input };
    let path = op.http.path;
    for (const name of pathParamsOf(op)) {
      path = path.replace(`{${name}}`, encodeURIComponent(String(rest[name] ?? '')));
      delete rest[name];
    }
    const url = new URL(`${this.baseUrl.replace(/\/$/, '')}/api/v1${path}`);
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.credential}`,
      accept: 'application/json',
    };
    let body: string | undefined;
    if (op.http.method === 'GET' || op.http.method === 'DELETE') {
      for (const [k, v] of Object.entries(rest)) {
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
        else url.searchParams.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
      }
    } else {
      body = JSON.stringify(rest);
      headers['content-type'] = 'application/json';
    }
    let res: { status: number; text: string };
    try {
      res = await send(url, op.http.method, headers, body);
    } catch (error) {
      const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new AppError(
        'cli.unreachable',
        503,
        `cannot reach the server at ${this.baseUrl} (${cause})` +
          (this.found ? `; it was found in ${this.found}: if it is no longer running, delete that file` : ''),
      );
    }
    let parsed: unknown = null;
    try {
      parsed = res.text ? JSON.parse(res.text) : null;
    } catch {
      throw new AppError('cli.bad_response', 502, `${this.baseUrl} answered ${res.status} with no JSON body`);
    }
    if (res.status >= 400) {
      const e = (
        parsed as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null
      )?.error;
      throw new AppError(e?.code ?? 'http.error', res.status, e?.message ?? `HTTP ${res.status}`, e?.details);
    }
    return parsed;
  }

  whileJobsRun<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async close(): Promise<void> {}
}

/**
 * One HTTP request with Node's own client: a CLI makes one or a few calls and exits, and loading
 * `fetch` (undici and web streams) would cost it about a third of its start-up.
 */
export async function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs?: number,
): Promise<{ status: number; text: string }> {
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    // No keep-alive: a command that polls (a crawl) would otherwise send on a connection the server may
    // be closing as idle, and fail with ECONNRESET; a new local connection costs next to nothing.
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (timeoutMs)
      req.setTimeout(timeoutMs, () =>
        req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
      );
    req.end(body);
  });
}
