import { z } from 'zod';
import type { AppServices } from './services.js';

export const roles = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];
const roleRank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** True when `have` is at least `need` (admin > editor > viewer). */
export function roleAllows(have: Role, need: Role): boolean {
  return roleRank[have] >= roleRank[need];
}

/** Rate-limit buckets, per tenant. */
export const rateCategories = ['content', 'publishing', 'analytics', 'knowledge', 'admin'] as const;
export type RateCategory = (typeof rateCategories)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who is acting: an API key (REST, MCP, remote CLI), the local operator (in-process CLI) or the system. */
export interface Actor {
  type: 'api_key' | 'operator' | 'system';
  /** API key id, or null for the operator and the system. */
  id: string | null;
  userId?: string | null;
}

/** Who a request comes from, once its credential has been checked. */
export type Principal =
  | { kind: 'tenant'; tenantId: string; role: Role; scopes: readonly string[]; actor: Actor }
  /** The operator; `tenantId` when acting inside one tenant (local CLI `--tenant`). */
  | { kind: 'operator'; actor: Actor; tenantId?: string };

export interface ProgressUpdate {
  done: number;
  total?: number;
  message?: string;
}

/** Everything a handler gets besides its input: whose request it is and the app's services. */
export interface OperationContext {
  /** The tenant acted for; empty for operator-scope operations. */
  tenantId: string;
  role: Role;
  actor: Actor;
  /** Scopes of the key; empty means every operation its role allows. */
  scopes: readonly string[];
  requestId: string;
  app: AppServices;
  signal?: AbortSignal;
  /** Progress of long work, shown as CLI progress bars and MCP progress notifications. */
  onProgress?: (update: ProgressUpdate) => void;
}

export interface OperationExample<I extends z.ZodType, O extends z.ZodType> {
  summary?: string;
  input: z.input<I>;
  output?: z.input<O>;
}

/**
 * One capability of the product, declared once and served as a REST route, an OpenAPI operation, an
 * MCP tool and a CLI command. Transports add only authentication, limits and mapping.
 */
export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** `module.verb` or `module.resource.verb`, e.g. `knowledge.pages.get`. MCP: dots become underscores. */
  name: string;
  summary: string;
  description?: string;
  /**
   * REST binding under /api/v1. `{field}` placeholders in the path are filled from input fields of the
   * same name; for GET and DELETE the other fields come from the query string, otherwise from the body.
   */
  http: { method: HttpMethod; path: string; successStatus?: 200 | 201 | 202 | 204 };
  /**
   * `tenant` (default): acts inside the caller's tenant. `operator`: installation-wide (creating tenants);
   * allowed to the operator only — the local CLI, or the OPERATOR_API_KEY over the API. `installation`:
   * reads about the installation itself (configured models), for any key with the role, and the operator.
   */
  scope?: 'tenant' | 'operator' | 'installation';
  role: Role;
  rateCategory: RateCategory;
  /** Changes state: audited and refused to viewers. */
  mutating: boolean;
  input: I;
  output: O;
  examples?: OperationExample<I, O>[];
  /**
   * CLI binding: `command` words after `dify-agent` (default: the name split on dots) and input fields
   * taken as positional arguments, in order.
   */
  cli?: { command?: string[]; positional?: string[] };
  /** MCP tool hints (read-only, destructive, idempotent). */
  annotations?: { destructive?: boolean; idempotent?: boolean };
  /** Calls the module's service; plain `async`. */
  handler(ctx: OperationContext, input: z.output<I>): Promise<z.input<O>>;
}

/** Declares an operation with its input and output types inferred from the zod schemas. */
export function defineOperation<I extends z.ZodType, O extends z.ZodType>(
  op: Operation<I, O>,
): Operation<I, O> {
  return op;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds operations of every input/output type
export type AnyOperation = Operation<any, any>;

/** What list operations hand out as `nextCursor`: the id of the last row shown (`page_01J…` or a bare ULID). */
const ID_CURSOR = /^(?:[a-z][a-z0-9]*_)?[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The `cursor` input of a list operation. Anything but a cursor this API handed out is a 400: a cursor
 * that silently restarted paging would make a client loop or miss rows.
 */
export function pageCursor(description = 'nextCursor of the previous page') {
  return z
    .string()
    .regex(ID_CURSOR, 'is not a cursor this API handed out: pass nextCursor of the previous page unchanged')
    .describe(description);
}

/**
 * A date (`2026-01-31`) or a date and time with its offset (`2026-01-31T09:00:00Z`), for filters; anything
 * else is a 400 rather than a filter that quietly matches nothing.
 */
export function isoDateOrTime(description: string) {
  return z.union([z.iso.date(), z.iso.datetime({ offset: true })]).describe(description);
}
