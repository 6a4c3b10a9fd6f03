import { json, type Params, type SimContext, str } from './http.js';
import type { SimAccount, SimToken, SimWorld } from './world.js';

/** The Graph API's shared answers and calling context, used by the Facebook and Instagram nodes. */

// ---- errors -----------------------------------------------------------------------------------------------

export interface GraphErrorFields {
  subcode?: number;
  type?: string;
  transient?: boolean;
  userTitle?: string;
  userMessage?: string;
}

/** The Graph error envelope: `{"error":{message,type,code,error_subcode,fbtrace_id,…}}`. */
export function graphError(
  world: SimWorld,
  status: number,
  code: number,
  message: string,
  f: GraphErrorFields = {},
  headers: Record<string, string> = {},
): Response {
  const error: Record<string, unknown> = { message, type: f.type ?? 'OAuthException', code };
  if (f.subcode !== undefined) error.error_subcode = f.subcode;
  if (f.transient) error.is_transient = true;
  if (f.userTitle) error.error_user_title = f.userTitle;
  if (f.userMessage) error.error_user_msg = f.userMessage;
  error.fbtrace_id = world.rng.chars(11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
  const auth: Record<string, string> =
    code === 190 ? { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token"' } : {};
  return json({ error }, status, { ...auth, ...headers });
}

// ---- the calling context ----------------------------------------------------------------------------------

export interface GraphCall {
  world: SimWorld;
  c: SimContext;
  params: Params;
  token: SimToken;
  method: string;
  node: string;
  edge: string | undefined;
  /** Response headers to add (usage). */
  headers: Record<string, string>;
  /** The requested `fields`, top-level names with their modifiers. */
  fields: Map<string, string>;
}

/** Splits `fields=a,b.summary(true).limit(0),c{d,e}` into top-level names → modifiers. */
export function parseFields(value: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!value) return out;
  let depth = 0;
  let current = '';
  const flush = () => {
    const f = current.trim();
    if (f) {
      const m = /^([A-Za-z0-9_]+)(.*)$/.exec(f);
      if (m?.[1]) out.set(m[1], m[2] ?? '');
    }
    current = '';
  };
  for (const ch of value) {
    if (ch === '(' || ch === '{') depth++;
    if (ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0) flush();
    else current += ch;
  }
  flush();
  return out;
}

/** `+0000` timestamps as the Graph API writes them. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export function respond(call: GraphCall, body: unknown, status = 200): Response {
  return json(body, status, call.headers);
}

export function fail(
  call: GraphCall,
  status: number,
  code: number,
  message: string,
  f: GraphErrorFields = {},
): Response {
  return graphError(call.world, status, code, message, f, call.headers);
}

export function unsupported(call: GraphCall): Response {
  return fail(
    call,
    400,
    100,
    `Unsupported ${call.method.toLowerCase()} request. Object with ID '${call.node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    { subcode: 33, type: 'GraphMethodException' },
  );
}

export function hasScopes(call: GraphCall, ...scopes: string[]): boolean {
  return scopes.every((s) => call.token.scopes.includes(s));
}

/** The identity behind the token may act for the account (a page token only for its own page). */
export function canManage(call: GraphCall, account: SimAccount): boolean {
  if (call.token.kind === 'page') {
    return (
      call.token.accountId === account.id ||
      (account.platform === 'instagram' && account.linkedId === call.token.accountId)
    );
  }
  return account.managers.includes(call.token.identityId);
}

/** Pagination over a list (`limit`, `after`/`before` cursors) in the Graph shape. */
export function page<T>(
  call: GraphCall,
  items: T[],
  render: (item: T) => Record<string, unknown>,
): Record<string, unknown> {
  const limit = Math.min(100, Math.max(1, Number(str(call.params.limit) ?? 25) || 25));
  const after = str(call.params.after);
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) || 0 : 0;
  const slice = items.slice(start, start + limit);
  const body: Record<string, unknown> = { data: slice.map(render) };
  if (slice.length > 0) {
    const cursors = {
      before: Buffer.from(String(start)).toString('base64url'),
      after: Buffer.from(String(start + slice.length)).toString('base64url'),
    };
    const paging: Record<string, unknown> = { cursors };
    if (start + limit < items.length) {
      const next = new URL(call.c.req.url);
      next.searchParams.set('after', cursors.after);
      paging.next = next.toString();
    }
    body.paging = paging;
  }
  return body;
}
