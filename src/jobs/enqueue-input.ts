import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { newPrefixedId } from '../core/ids.js';
import { invalidJobOptions } from './errors.js';
import type { EnqueueOptions } from './queue.js';
import { maxAttemptsCeiling } from './retry.js';

/** An enqueue request after validation: what both drivers store. */
export interface NormalizedJob {
  id: string;
  name: string;
  tenantId: string | null;
  payloadJson: string;
  priority: number;
  maxAttempts: number | null;
  runAt: string;
  idempotencyKey: string | null;
  /** The scope idempotency keys are unique in: the tenant id, or '' for system jobs. */
  dedupeScope: string | null;
  createdAt: string;
}

/** Payloads carry ids and small parameters; bulk data belongs in the module's tables. */
export const maxPayloadChars = 256 * 1024;

const namePattern = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/;

/** Checks an enqueue request and turns it into a row; throws a typed 400 error and writes nothing. */
export function normalizeEnqueue(
  clock: Clock,
  name: string,
  payload: unknown,
  options: EnqueueOptions = {},
): NormalizedJob {
  if (typeof name !== 'string' || !namePattern.test(name) || name.length > 200) {
    throw invalidJobOptions(`job name "${String(name)}" must look like module.verb (lowercase, dots)`);
  }
  let payloadJson: string | undefined;
  try {
    payloadJson = JSON.stringify(payload);
  } catch (error) {
    throw new AppError(
      'jobs.invalid_payload',
      400,
      `payload of job "${name}" cannot be stored as JSON: ${(error as Error).message}`,
    );
  }
  if (payloadJson === undefined) {
    throw new AppError('jobs.invalid_payload', 400, `payload of job "${name}" must be a JSON value`);
  }
  if (payloadJson.length > maxPayloadChars) {
    throw new AppError(
      'jobs.invalid_payload',
      400,
      `payload of job "${name}" is ${payloadJson.length} characters of JSON; the limit is ${maxPayloadChars}: store large data in the module's tables and pass its id`,
    );
  }

  const nowMs = clock.nowMs();
  if (options.runAt !== undefined && options.delayMs !== undefined) {
    throw invalidJobOptions('give either runAt or delayMs, not both');
  }
  let runAtMs = nowMs;
  if (options.delayMs !== undefined) {
    if (!Number.isFinite(options.delayMs) || options.delayMs < 0)
      throw invalidJobOptions('delayMs must be a number of milliseconds, 0 or more');
    runAtMs = nowMs + Math.round(options.delayMs);
  } else if (options.runAt !== undefined) {
    const at = new Date(options.runAt).getTime();
    if (Number.isNaN(at)) throw invalidJobOptions(`runAt "${String(options.runAt)}" is not a valid time`);
    runAtMs = at;
  }

  const priority = options.priority ?? 0;
  if (!Number.isInteger(priority) || priority < -1000 || priority > 1000)
    throw invalidJobOptions('priority must be an integer from -1000 to 1000');

  const maxAttempts = options.maxAttempts ?? null;
  if (
    maxAttempts !== null &&
    (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > maxAttemptsCeiling)
  )
    throw invalidJobOptions(`maxAttempts must be an integer from 1 to ${maxAttemptsCeiling}`);

  const key = options.idempotencyKey ?? null;
  if (key !== null && (typeof key !== 'string' || key.length === 0 || key.length > 500))
    throw invalidJobOptions('idempotencyKey must be a non-empty string of at most 500 characters');

  const tenantId = options.tenantId ?? null;
  if (tenantId !== null && (typeof tenantId !== 'string' || tenantId.length === 0))
    throw invalidJobOptions('tenantId must be a non-empty string');

  return {
    id: newPrefixedId('job', nowMs),
    name,
    tenantId,
    payloadJson,
    priority,
    maxAttempts,
    runAt: new Date(runAtMs).toISOString(),
    idempotencyKey: key,
    dedupeScope: key === null ? null : (tenantId ?? ''),
    createdAt: new Date(nowMs).toISOString(),
  };
}
