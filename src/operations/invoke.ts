import type { z } from 'zod';
import { AppError, type FieldIssue, forbidden, isAppError, ValidationError } from '../core/errors.js';
import { databaseInputError } from '../db/errors.js';
import {
  type Actor,
  type AnyOperation,
  type OperationContext,
  type Principal,
  type ProgressUpdate,
  type RateCategory,
  type Role,
  roleAllows,
} from './define.js';
import { textIssues, unknownFieldIssues } from './input-checks.js';
import { RATE_WINDOW_MS, type RateDecision, type RateLimitStore } from './rate-limit.js';
import type { OperationRegistry } from './registry.js';
import type { AppServices } from './services.js';

/** Maps zod issues to field paths a client can show next to the offending field. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
    code: i.code,
  }));
}

/** One audit entry of a mutating call. */
export interface AuditRecord {
  tenantId: string;
  actor: Actor;
  operation: string;
  target: string | null;
  requestId: string | null;
  outcome: 'success' | 'error' | 'denied';
  errorCode?: string | null;
}

/**
 * What the pipeline needs from tenancy on every call. The app wires tenancy's implementation at start
 * (src/app/create.ts), so this layer imports no module.
 */
export interface TenantAccess {
  /** The principal a bearer credential stands for; 401 for anything missing, unknown, revoked or expired. */
  authenticate(credential: string | undefined): Promise<Principal>;
  /** The tenant's requests per hour in a rate-limit category. */
  rateLimit(tenantId: string, category: RateCategory): Promise<number>;
  /** True when a key's scopes (empty: all) allow the operation. */
  scopeAllows(scopes: readonly string[], operation: string): boolean;
  audit(record: AuditRecord): Promise<void>;
}

/** What the transports (REST, MCP, CLI, the Dify route) run operations with; the app builds one per process. */
export interface OperationRuntime {
  app: AppServices;
  registry: OperationRegistry;
  access: TenantAccess;
  /** Per-tenant rate limits; absent for the local CLI. */
  rateLimits?: RateLimitStore;
}

export interface InvokeOptions {
  requestId: string;
  /**
   * What to do with top-level input fields the operation does not declare: `reject` (REST, whose
   * OpenAPI document says so) or `ignore` (MCP, the CLI; the default). See docs/api.md.
   */
  unknownFields?: 'reject' | 'ignore';
  signal?: AbortSignal;
  onProgress?: (update: ProgressUpdate) => void;
}

export interface InvokeResult {
  output: unknown;
  rate?: RateDecision;
}

/** The 429, with the decision attached so transports can set Retry-After and RateLimit headers. */
export class RateLimitedError extends AppError {
  constructor(
    readonly decision: RateDecision,
    category: string,
  ) {
    super(
      'rate_limited',
      429,
      `too many ${category} requests for this tenant; retry in ${decision.retryAfterSeconds}s`,
      { category, limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds },
    );
  }
}

function resolveCaller(op: AnyOperation, principal: Principal): Caller {
  if (op.scope === 'operator') {
    if (principal.kind !== 'operator') {
      throw forbidden(`${op.name} is for the operator of this installation only`);
    }
    return { tenantId: '', role: 'admin', scopes: [] };
  }
  if (principal.kind === 'operator') {
    if (op.scope === 'installation') return { tenantId: principal.tenantId ?? '', role: 'admin', scopes: [] };
    if (!principal.tenantId) {
      throw new AppError(
        'auth.tenant_required',
        400,
        `${op.name} acts inside a tenant: use a tenant API key, or --tenant <slug> on the local CLI`,
      );
    }
    return { tenantId: principal.tenantId, role: 'admin', scopes: [] };
  }
  return { tenantId: principal.tenantId, role: principal.role, scopes: principal.scopes };
}

/** The id an audit entry is about: the first id-like input field, else the output's id. */
function auditTarget(input: unknown, output: unknown): string | null {
  for (const source of [input, output]) {
    if (source && typeof source === 'object') {
      for (const [k, v] of Object.entries(source)) {
        if (typeof v === 'string' && (k === 'id' || /Id$/.test(k))) return v;
      }
    }
  }
  const tenant = (output as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return typeof tenant === 'string' ? tenant : null;
}

interface Caller {
  tenantId: string;
  role: Role;
  scopes: readonly string[];
}

/** Who did what, for the audit entries of one mutating call. */
interface AuditSubject {
  op: AnyOperation;
  principal: Principal;
  caller: Caller;
  requestId: string;
}

/** Writes the audit entry of a mutating operation (reads are not audited). */
async function audit(
  rt: OperationRuntime,
  { op, principal, caller, requestId }: AuditSubject,
  outcome: 'success' | 'error' | 'denied',
  input: unknown,
  output: unknown,
  code?: string,
): Promise<void> {
  const tenantId = caller.tenantId || (op.scope === 'operator' ? auditTarget(undefined, output) : null);
  if (!tenantId) return;
  try {
    await rt.access.audit({
      tenantId,
      actor: principal.actor,
      operation: op.name,
      target: auditTarget(input, output),
      requestId,
      outcome,
      ...(code ? { errorCode: code } : {}),
    });
  } catch (error) {
    // The tenant may be gone (erasure) or the database briefly unavailable; the change itself stands.
    rt.app.logger.warn({ err: error, operation: op.name }, 'audit entry could not be written');
  }
}

/** Takes one request from the caller's bucket for the operation's category (`allowed` false when empty). */
async function takeRate(
  rt: OperationRuntime,
  op: AnyOperation,
  caller: Caller,
): Promise<RateDecision | undefined> {
  if (!rt.rateLimits || !caller.tenantId) return undefined;
  const perHour = await rt.access.rateLimit(caller.tenantId, op.rateCategory);
  return rt.rateLimits.take(`${caller.tenantId}:${op.rateCategory}`, perHour, RATE_WINDOW_MS);
}

/** Why the caller may not run `op` (role, then key scopes), or undefined when it may. */
function accessDenied(rt: OperationRuntime, op: AnyOperation, caller: Caller): AppError | undefined {
  if (!roleAllows(caller.role, op.role)) {
    return forbidden(`${op.name} needs the ${op.role} role; this key is ${caller.role}`);
  }
  if (!rt.access.scopeAllows(caller.scopes, op.name)) {
    return new AppError('auth.scope', 403, `this key's scopes do not include ${op.name}`);
  }
  return undefined;
}

/**
 * True when `principal` may call `op` (its scope, the role and the key's scopes): what MCP's tool list
 * and the OpenAPI document show a caller, so nobody is offered an operation that would refuse them.
 */
export function mayCall(rt: OperationRuntime, op: AnyOperation, principal: Principal): boolean {
  let caller: Caller;
  try {
    caller = resolveCaller(op, principal); // throws for an operation outside the principal's scope
  } catch {
    return false;
  }
  return accessDenied(rt, op, caller) === undefined;
}

/** The handler's result as its output schema parses it; a result that does not match is our bug (500). */
function checkedOutput(app: AppServices, op: AnyOperation, result: unknown): unknown {
  const checked = op.output.safeParse(result);
  if (checked.success) return checked.data;
  app.logger.error(
    { operation: op.name, issues: fieldIssues(checked.error) },
    'operation returned invalid output',
  );
  throw new AppError(
    'internal.invalid_output',
    500,
    `${op.name} produced a result that does not match its schema`,
  );
}

/**
 * Runs one operation for an authenticated caller: scope, rate limit, role and key scopes, input
 * validation, the handler, output validation and the audit entry — the same for REST, MCP, the CLI and
 * the Dify route. A mutating call is audited whatever its outcome.
 */
export async function invokeOperation(
  rt: OperationRuntime,
  op: AnyOperation,
  principal: Principal,
  rawInput: unknown,
  options: InvokeOptions,
): Promise<InvokeResult> {
  const { app } = rt;
  const caller = resolveCaller(op, principal);
  const { requestId } = options;
  const subject: AuditSubject | undefined = op.mutating ? { op, principal, caller, requestId } : undefined;
  const rate = await takeRate(rt, op, caller);
  if (rate && !rate.allowed) throw new RateLimitedError(rate, op.rateCategory);
  const denied = accessDenied(rt, op, caller);
  if (denied) {
    if (subject) await audit(rt, subject, 'denied', rawInput, undefined, denied.code);
    throw denied;
  }
  const raw = rawInput ?? {};
  const refused = textIssues(raw);
  if (options.unknownFields === 'reject') refused.push(...unknownFieldIssues(op, raw));
  if (refused.length > 0) throw new ValidationError(`invalid input for ${op.name}`, refused);
  const parsed = op.input.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(`invalid input for ${op.name}`, fieldIssues(parsed.error));
  }
  const ctx: OperationContext = {
    tenantId: caller.tenantId,
    role: caller.role,
    actor: principal.actor,
    scopes: caller.scopes,
    requestId,
    app,
  };
  if (options.signal) ctx.signal = options.signal;
  if (options.onProgress) ctx.onProgress = options.onProgress;

  let value: unknown;
  try {
    value = await op.handler(ctx, parsed.data);
  } catch (thrown) {
    const error = databaseInputError(thrown) ?? thrown;
    if (subject)
      await audit(rt, subject, 'error', parsed.data, undefined, isAppError(error) ? error.code : 'internal');
    throw error;
  }
  const output = checkedOutput(app, op, value);
  if (subject) await audit(rt, subject, 'success', parsed.data, output);
  return rate ? { output, rate } : { output };
}
