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
      Authorization: `Bearer ${this.credential}`,
      Accept: 'application/json',
    };
    const init: RequestInit = { method: op.http.method, headers };
    if (op.http.method === 'GET' || op.http.method === 'DELETE') {
      for (const [k, v] of Object.entries(rest)) {
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
        else url.searchParams.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
      }
    } else {
      init.body = JSON.stringify(rest);
      headers['Content-Type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new AppError(
        'cli.unreachable',
        503,
        `cannot reach the server at ${this.baseUrl} (${cause})` +
          (this.found ? `; it was found in ${this.found}: if it is no longer running, delete that file` : ''),
      );
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      throw new AppError('cli.bad_response', 502, `${this.baseUrl} answered ${res.status} with no JSON body`);
    }
    if (!res.ok) {
      const e = (
        body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null
      )?.error;
      throw new AppError(e?.code ?? 'http.error', res.status, e?.message ?? `HTTP ${res.status}`, e?.details);
    }
    return body;
  }

  whileJobsRun<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async close(): Promise<void> {}
}
