import type { z } from 'zod';
import type { AppServices } from '../app/services.js';
import { AppError, type FieldIssue, forbidden, isAppError, ValidationError } from '../core/errors.js';
import { andThen, type MaybePromise } from '../core/maybe-promise.js';
import { recordAudit } from '../modules/tenancy/audit.js';
import { scopeAllows } from '../modules/tenancy/keys.js';
import { cachedLimits } from '../modules/tenancy/tenants.js';
import {
  type AnyOperation,
  type OperationContext,
  type Principal,
  type ProgressUpdate,
  type Role,
  roleAllows,
} from './define.js';
import { RATE_WINDOW_MS, type RateDecision, type RateLimitStore } from './rate-limit.js';

/** Maps zod issues to field paths a client can show next to the offending field. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
    code: i.code,
  }));
}

export interface InvokeOptions {
  requestId: string;
  signal?: AbortSignal;
  onProgress?: (update: ProgressUpdate) => void;
  /** Per-tenant rate limits; omitted for the local CLI. */
  rateLimits?: RateLimitStore;
}

export interface InvokeResult {
  output: unknown;
  rate?: RateDecision;
}

/**
 * What `runOperation` answers: the result, or the 429 the call was turned away with. The rate limit's
 * refusal is a value rather than a throw because V8 optimises a function when it returns: in a flood of
 * 429s the functions between the bucket and the transport would otherwise only ever throw and stay in
 * the interpreter, making a refusal cost more than a served call.
 */
export type RunOutcome = InvokeResult | { rejected: RateLimitedError };

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
  app: AppServices,
  { op, principal, caller, requestId }: AuditSubject,
  outcome: 'success' | 'error' | 'denied',
  input: unknown,
  output: unknown,
  code?: string,
): Promise<void> {
  const tenantId = caller.tenantId || (op.scope === 'operator' ? auditTarget(undefined, output) : null);
  if (!tenantId) return;
  try {
    await recordAudit(app, {
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
    app.logger.warn({ err: error, operation: op.name }, 'audit entry could not be written');
  }
}

/** Takes one request from the caller's bucket for the operation's category (`allowed` false when empty). */
function takeRate(
  app: AppServices,
  op: AnyOperation,
  caller: Caller,
  store: RateLimitStore | undefined,
): MaybePromise<RateDecision | undefined> {
  if (!store || !caller.tenantId) return undefined;
  return andThen(cachedLimits(app, caller.tenantId), (limits) =>
    store.take(`${caller.tenantId}:${op.rateCategory}`, limits.rateLimits[op.rateCategory], RATE_WINDOW_MS),
  );
}

/** Why the caller may not run `op` (role, then key scopes), or undefined when it may. */
function accessDenied(op: AnyOperation, caller: Caller): AppError | undefined {
  if (!roleAllows(caller.role, op.role)) {
    return forbidden(`${op.name} needs the ${op.role} role; this key is ${caller.role}`);
  }
  if (!scopeAllows(caller.scopes, op.name)) {
    return new AppError('auth.scope', 403, `this key's scopes do not include ${op.name}`);
  }
  return undefined;
}

/**
 * True when `principal` may call `op` (its scope, the role and the key's scopes): what MCP's tool list
 * and the OpenAPI document show a caller, so nobody is offered an operation that would refuse them.
 */
export function mayCall(op: AnyOperation, principal: Principal): boolean {
  let caller: Caller;
  try {
    caller = resolveCaller(op, principal); // throws for an operation outside the principal's scope
  } catch {
    return false;
  }
  return accessDenied(op, caller) === undefined;
}

/** The handler of a mutating operation, with an audit entry when it fails. */
async function runAudited(
  app: AppServices,
  subject: AuditSubject,
  ctx: OperationContext,
  input: unknown,
): Promise<unknown> {
  try {
    return await subject.op.handler(ctx, input);
  } catch (error) {
    await audit(app, subject, 'error', input, undefined, isAppError(error) ? error.code : 'internal');
    throw error;
  }
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
 * validation, the handler, output validation and the audit entry — the same for REST, MCP and the CLI.
 */
export async function invokeOperation(
  app: AppServices,
  op: AnyOperation,
  principal: Principal,
  rawInput: unknown,
  options: InvokeOptions,
): Promise<InvokeResult> {
  const outcome = await runOperation(app, op, principal, rawInput, options);
  if ('rejected' in outcome) throw outcome.rejected;
  return outcome;
}

/**
 * `invokeOperation` for a transport that answers faster without a promise (REST): a read with nothing
 * to wait for answers synchronously, and any call may throw synchronously (see maybe-promise.ts). A
 * mutating operation always waits for its audit entry. The rate limit's refusal comes back as
 * `{ rejected }` (see RunOutcome); every other failure is thrown.
 */
export function runOperation(
  app: AppServices,
  op: AnyOperation,
  principal: Principal,
  rawInput: unknown,
  options: InvokeOptions,
): MaybePromise<RunOutcome> {
  const caller = resolveCaller(op, principal);
  const { requestId } = options;
  const subject: AuditSubject | undefined = op.mutating ? { op, principal, caller, requestId } : undefined;
  return andThen(takeRate(app, op, caller, options.rateLimits), (rate): MaybePromise<RunOutcome> => {
    if (rate && !rate.allowed) return { rejected: new RateLimitedError(rate, op.rateCategory) };
    const denied = accessDenied(op, caller);
    if (denied) {
      if (!subject) throw denied;
      return audit(app, subject, 'denied', rawInput, undefined, denied.code).then(() => {
        throw denied;
      });
    }
    const parsed = op.input.safeParse(rawInput ?? {});
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

    const result = subject ? runAudited(app, subject, ctx, parsed.data) : op.handler(ctx, parsed.data);
    return andThen(result, (value): MaybePromise<InvokeResult> => {
      const output = checkedOutput(app, op, value);
      const done: InvokeResult = rate ? { output, rate } : { output };
      return subject ? audit(app, subject, 'success', parsed.data, output).then(() => done) : done;
    });
  });
}
