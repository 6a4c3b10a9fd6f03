import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { Platform } from '../core/platforms.js';

/** What a handler tells the call log about the call it served. */
export interface CallNote {
  platform: Platform;
  postId?: string;
  rateLimited?: boolean;
}

export type SimEnv = { Bindings: HttpBindings; Variables: { call: CallNote } };
export type SimContext = Context<SimEnv>;

/** Request parameters: query string merged with the body (JSON, form or multipart); files stay `File`s. */
export type Params = Record<string, unknown>;

/** Reads the body as the platform would (JSON, urlencoded or multipart) and merges the query under it. */
export async function readParams(c: SimContext): Promise<Params> {
  const params: Params = {};
  const url = new URL(c.req.url);
  for (const [k, v] of url.searchParams) params[k] = v;
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return params;
  if (type.includes('application/json')) {
    const text = await c.req.text();
    if (text.trim() === '') return params;
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(params, body);
    return params;
  }
  if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
    const body = await c.req.parseBody({ all: true });
    for (const [k, v] of Object.entries(body)) params[k] = v;
  }
  return params;
}

/** The JSON body of a request, or `undefined` when it is missing or not JSON (the caller answers 400). */
export async function readJson(c: SimContext): Promise<unknown> {
  try {
    const text = await c.req.text();
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.length > 0) return str(v[0]);
  return undefined;
}

/** `true`/`false` as Graph and forms send them (strings), or a real boolean. */
export function bool(v: unknown, fallback: boolean): boolean {
  const s = str(v);
  if (s === undefined) return fallback;
  return s === 'true' || s === '1';
}

/** The bearer token of `Authorization: Bearer …` (or `OAuth …`, which Graph also takes). */
export function bearer(c: SimContext): string | undefined {
  const h = c.req.header('authorization');
  if (!h) return undefined;
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(h.trim());
  return m?.[1]?.trim();
}

/** `client_id:client_secret` of HTTP Basic authentication, when sent. */
export function basicAuth(c: SimContext): { id: string; secret: string } | undefined {
  const h = c.req.header('authorization');
  const m = h ? /^Basic\s+(.+)$/i.exec(h.trim()) : null;
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The origin the client used to reach us (upload URLs and permalinks point back here). */
export function origin(c: SimContext): string {
  return new URL(c.req.url).origin;
}

/** Bytes of a multipart file field or a base64 string (X's JSON uploads). */
export async function bytesOf(v: unknown): Promise<Buffer | undefined> {
  const value = Array.isArray(v) ? v[0] : v;
  if (value instanceof File || value instanceof Blob) return Buffer.from(await value.arrayBuffer());
  if (typeof value === 'string') {
    if (!/^[A-Za-z0-9+/=\s_-]*$/.test(value)) return undefined;
    return Buffer.from(value, 'base64');
  }
  return undefined;
}
