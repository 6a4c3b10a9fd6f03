import type { EmbeddingModelV3, LanguageModelV3 } from '@ai-sdk/provider';
import {
  type ModelMessage,
  NoObjectGeneratedError,
  Output,
  embedMany as sdkEmbedMany,
  generateText as sdkGenerateText,
} from 'ai';
import type { z } from 'zod';
import type { Config } from '../config/load.js';
import { type Clock, sleep as defaultSleep } from '../core/clock.js';
import { AppError, describeError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { Db } from '../db/connect.js';
import { type BudgetStatus, budgetStatus, clearBudgetOverride, writeBudgetOverride } from './budget.js';
import { CircuitBreakers, type CircuitSnapshot } from './circuit-breaker.js';
import {
  type EmbeddingPurpose,
  embeddingProviderOptions,
  knownDimension,
  prepareEmbeddingValues,
} from './embedding-models.js';
import { classifyFailure, type Failure, type FailureKind } from './failures.js';
import {
  type AiTask,
  fallbackChain,
  LOCAL_MODEL,
  type ModelRef,
  modelForTask,
  parseModelRef,
  type TextTask,
  textTasks,
} from './models.js';
import { LOCAL_EMBEDDING_MODEL_ID } from './offline/embedding.js';
import { costOf, isPaid, priceOf } from './prices.js';
import { definePrompt } from './prompts.js';
import { createModelRegistry, type ModelRegistry, type ProviderStatus } from './registry.js';
import {
  insertUsage,
  monthWindow,
  queryUsage,
  type UsageEntry,
  type UsageOutcome,
  type UsageReport,
} from './usage.js';

// ---------------------------------------------------------------------------------------------
// Public types

/** Tokens, cost and time of a call, summed over every model it tried. */
export interface AiUsage {
  inputTokens: number;
  outputTokens: number;
  /** USD; null when a paid model that was used has no price in AI_PRICES. */
  costUsd: number | null;
  latencyMs: number;
}

/** A model the call passed over, and why. */
export interface FallbackStep {
  model: string;
  reason: FailureKind | 'circuit_open' | 'budget_exceeded';
  /** Stable code, e.g. `ai.rate_limited`, `ai.circuit_open`, `ai.budget_exceeded`. */
  code: string;
  message: string;
}

/** What every text call returns: the value and which engine/model made it. */
export interface AiResult<T> {
  value: T;
  /** The model that answered: `local` for the offline engine, else `provider:model`. */
  model: string;
  /** Models tried first that did not answer, in order; absent when the first choice answered. */
  fallbackFrom?: FallbackStep[];
  usage: AiUsage;
  /** Id of the call in the usage ledger (`ai_usage.call_id`). */
  callId: string;
}

interface TextCallBase {
  tenantId: string;
  task: TextTask;
  system?: string;
  prompt: string;
  /** Cap on the answer's length in tokens (default 4096). */
  maxOutputTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /**
   * When the tenant's monthly budget is spent and the next model is a paid one: `refuse` (default)
   * throws `ai.budget_exceeded`; `fallback` moves on to free models and the offline engine, and the
   * refusal shows in `fallbackFrom`.
   */
  onBudgetExceeded?: 'refuse' | 'fallback';
}

export interface GenerateStructuredOptions<S extends z.ZodType> extends TextCallBase {
  /** A zod object schema; the answer is validated against it. */
  schema: S;
  /** Name and description passed to providers that use them to steer JSON output. */
  schemaName?: string;
  schemaDescription?: string;
  /**
   * Computes the same typed result deterministically on the machine. Called when the task's model
   * is `local`, and as the last step of the fallback chain. Its result is validated too.
   */
  offline: () => z.output<S> | Promise<z.output<S>>;
  /** Times an answer that failed validation is sent back with the problems (default 1). */
  repairAttempts?: number;
}

export interface GenerateTextOptions extends TextCallBase {
  /** The offline engine's text for this request (see `GenerateStructuredOptions.offline`). */
  offline: () => string | Promise<string>;
}

export interface EmbedManyOptions {
  tenantId: string;
  values: readonly string[];
  purpose: EmbeddingPurpose;
  signal?: AbortSignal;
}

export interface EmbedOptions {
  tenantId: string;
  value: string;
  purpose: EmbeddingPurpose;
  signal?: AbortSignal;
}

export interface EmbeddingUsage {
  tokens: number;
  costUsd: number | null;
  latencyMs: number;
}

export interface EmbedManyResult {
  embeddings: number[][];
  /** The embedding model id to store with the vectors (see `embeddingModelInfo().id`). */
  model: string;
  dimension: number;
  usage: EmbeddingUsage;
}

export interface EmbedResult {
  embedding: number[];
  model: string;
  dimension: number;
  usage: EmbeddingUsage;
}

export interface EmbeddingModelInfo {
  /**
   * Identity of the vector space, to store with an index: `LOCAL_EMBEDDING_MODEL_ID` (e.g. `local:hash-v1-384`) for the built-in
   * embedding (it changes when the method changes), else the configured reference such as
   * `openai:text-embedding-3-small`. A different id means stored vectors must be re-embedded.
   */
  id: string;
  /** EMBEDDING_MODEL as configured. */
  configured: string;
  /** Vector length; undefined for an unknown provider model until its first call. */
  dimension: number | undefined;
}

export interface TaskModels {
  task: AiTask;
  /** The model the task uses first. */
  model: string;
  /** What the task falls back to, in order (text tasks end with `local`; embeddings never fall back). */
  fallbacks: string[];
  /** Problems that make the task's chain unusable as configured (e.g. a missing key). */
  problems: string[];
}

export interface ProviderReport extends ProviderStatus {
  circuit: CircuitSnapshot;
}

export interface ModelsReport {
  tasks: TaskModels[];
  providers: ProviderReport[];
  embedding: EmbeddingModelInfo & { problems: string[] };
  /** Paid models in use without a price in AI_PRICES: their spend cannot count toward the budget. */
  unpricedModels: string[];
}

export interface UsageQueryOptions {
  /** Inclusive, ISO-8601; default: the start of the current UTC month. */
  from?: string;
  /** Exclusive, ISO-8601; default: the start of the next UTC month. */
  to?: string;
  task?: AiTask;
  model?: string;
}

export interface AiService {
  generateStructured<S extends z.ZodType>(
    options: GenerateStructuredOptions<S>,
  ): Promise<AiResult<z.output<S>>>;
  generateText(options: GenerateTextOptions): Promise<AiResult<string>>;
  embed(options: EmbedOptions): Promise<EmbedResult>;
  embedMany(options: EmbedManyOptions): Promise<EmbedManyResult>;
  embeddingModelInfo(): EmbeddingModelInfo;
  models(): ModelsReport;
  usage(tenantId: string, query?: UsageQueryOptions): Promise<UsageReport>;
  budget(tenantId: string): Promise<BudgetStatus>;
  /** Sets the tenant's monthly limit in USD (`null`: no limit; `'default'`: AI_MONTHLY_BUDGET_USD again). */
  setBudget(tenantId: string, usd: number | null | 'default'): Promise<BudgetStatus>;
}

export interface CreateAiOptions {
  registry?: ModelRegistry;
  /** Waits between retries; tests pass one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Backoff before the first retry (doubles each time, with jitter); default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest pause before a retry; a longer `retry-after` makes the chain move on instead. Default 20 s. */
  maxRetryDelayMs?: number;
}

// ---------------------------------------------------------------------------------------------

const repairPrompt = definePrompt('structured-repair', 1, ['problems']);

/**
 * Output cap when the caller names none. Providers otherwise pick their own (Anthropic's adapter asks
 * for the model's maximum, 64k tokens), which makes one runaway answer expensive.
 */
const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

interface Attempted<T> {
  value: T;
  attempts: number;
  inputTokens: number;
  outputTokens: number;
}

/** A model's failure after its retries, with what it consumed on the way. */
class ModelFailure extends Error {
  constructor(
    readonly failure: Failure,
    readonly attempts: number,
    readonly inputTokens: number,
    readonly outputTokens: number,
    readonly original: unknown,
  ) {
    super(failure.message);
  }
}

function issuesOf(error: unknown): string {
  // The SDK wraps the zod error: NoObjectGeneratedError → TypeValidationError → ZodError.
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e; depth++) {
    const issues = (e as { issues?: unknown }).issues;
    if (Array.isArray(issues)) {
      return issues
        .slice(0, 20)
        .map((i: { path?: unknown[]; message?: string }) => {
          const where = Array.isArray(i.path) && i.path.length > 0 ? i.path.join('.') : '(root)';
          return `- ${where}: ${i.message ?? 'invalid'}`;
        })
        .join('\n');
    }
    e = (e as { cause?: unknown }).cause;
  }
  const cause = (error as { cause?: unknown }).cause;
  return `- ${describeError(cause ?? error)}`;
}

function addCost(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

/**
 * Builds the AI service: the typed calls every module uses, with timeouts, retries, per-provider
 * circuit breakers, the fallback chain to the offline engine, the usage ledger and the budget.
 */
export function createAi(
  config: Config,
  db: Db,
  logger: Logger,
  clock: Clock,
  options: CreateAiOptions = {},
): AiService {
  const ai = config.ai;
  const registry = options.registry ?? createModelRegistry(ai);
  const breakers = new CircuitBreakers({
    failureThreshold: ai.circuitFailures,
    cooldownMs: ai.circuitCooldownMs,
    clock,
  });
  const sleep = options.sleep ?? defaultSleep;
  const baseDelay = options.retryBaseDelayMs ?? 500;
  const maxDelay = options.maxRetryDelayMs ?? 20_000;
  const observedDimensions = new Map<string, number>();
  const log = logger.child({ module: 'ai' });

  async function record(entry: Omit<UsageEntry, 'createdAt'>): Promise<void> {
    try {
      await insertUsage(db, { ...entry, createdAt: clock.iso() });
    } catch (error) {
      // The answer already cost what it cost; losing the ledger row must not lose the answer too.
      log.error({ err: error, tenantId: entry.tenantId, model: entry.model }, 'could not record AI usage');
    }
  }

  /** One request with our own timer, so a timeout is told apart from the caller cancelling. */
  async function once<R>(
    fn: (signal: AbortSignal) => PromiseLike<R>,
    callerSignal?: AbortSignal,
  ): Promise<R> {
    callerSignal?.throwIfAborted();
    const controller = new AbortController();
    let timedOut = false;
    let rejectAbort: (reason: unknown) => void = () => {};
    const aborted = new Promise<never>((_, reject) => {
      rejectAbort = reject;
    });
    aborted.catch(() => {}); // observed through the race below; never an unhandled rejection
    const timer = setTimeout(() => {
      timedOut = true;
      const reason = new Error(`timed out after ${ai.timeoutMs} ms`);
      controller.abort(reason);
      rejectAbort(reason);
    }, ai.timeoutMs);
    const onCancel = () => {
      controller.abort(callerSignal?.reason);
      rejectAbort(callerSignal?.reason);
    };
    callerSignal?.addEventListener('abort', onCancel, { once: true });
    try {
      // Racing the abort makes the limit hold even for a model that ignores its abort signal.
      return await Promise.race([Promise.resolve(fn(controller.signal)), aborted]);
    } catch (error) {
      const failure = classifyFailure(error, {
        timedOut,
        cancelled: callerSignal?.aborted ?? false,
        nowMs: clock.nowMs(),
      });
      throw Object.assign(new Error(failure.message), { failure, original: error });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCancel);
    }
  }

  /**
   * Runs `fn` with retries on retryable failures (AI_MAX_RETRIES). Throws `ModelFailure` when the
   * model gives up. `usageOf` reads tokens a failed request still consumed.
   */
  async function withRetries<R>(
    fn: (signal: AbortSignal) => PromiseLike<R>,
    signal: AbortSignal | undefined,
  ): Promise<{ value: R; attempts: number }> {
    let attempt = 0;
    for (;;) {
      attempt += 1;
      try {
        return { value: await once(fn, signal), attempts: attempt };
      } catch (error) {
        const { failure, original } = error as { failure: Failure; original: unknown };
        const canRetry = failure.retryable && attempt <= ai.maxRetries;
        const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (0.5 + Math.random() * 0.5);
        const wait = failure.retryAfterMs ?? backoff;
        if (!canRetry || wait > maxDelay) throw new ModelFailure(failure, attempt, 0, 0, original);
        log.debug({ attempt, wait, code: failure.code }, 'retrying model call');
        await sleep(wait, signal);
      }
    }
  }

  /** Asks one language model, repairing schema failures; returns the value or throws ModelFailure. */
  async function askModel<T>(
    model: LanguageModelV3,
    request: TextCallBase,
    structured:
      | { schema: z.ZodType<T>; name?: string; description?: string; repairAttempts: number }
      | undefined,
  ): Promise<Attempted<T>> {
    const messages: ModelMessage[] = [{ role: 'user', content: request.prompt }];
    let attempts = 0;
    let inputTokens = 0;
    let outputTokens = 0;
    let repairs = 0;
    const output = structured
      ? Output.object({
          schema: structured.schema,
          ...(structured.name ? { name: structured.name } : {}),
          ...(structured.description ? { description: structured.description } : {}),
        })
      : undefined;
    for (;;) {
      let result: Awaited<ReturnType<typeof sdkGenerateText>>;
      try {
        const done = await withRetries(
          (abortSignal) =>
            sdkGenerateText({
              model,
              ...(request.system ? { system: request.system } : {}),
              messages,
              maxRetries: 0,
              abortSignal,
              maxOutputTokens: request.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
              ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
              ...(output ? { output } : {}),
            }),
          request.signal,
        );
        result = done.value;
        attempts += done.attempts;
      } catch (error) {
        if (!(error instanceof ModelFailure)) throw error;
        attempts += error.attempts;
        const original = error.original;
        if (!(structured && NoObjectGeneratedError.isInstance(original))) {
          throw new ModelFailure(error.failure, attempts, inputTokens, outputTokens, original);
        }
        // A complete answer that failed validation: it consumed tokens; send it back with the problems.
        inputTokens += original.usage?.inputTokens ?? 0;
        outputTokens += original.usage?.outputTokens ?? 0;
        const problems = issuesOf(original);
        if (repairs >= structured.repairAttempts) {
          throw new ModelFailure(
            { ...error.failure, message: `the answer did not match the schema:\n${problems}` },
            attempts,
            inputTokens,
            outputTokens,
            original,
          );
        }
        repairs += 1;
        messages.push({ role: 'assistant', content: original.text ?? '' });
        messages.push({ role: 'user', content: repairPrompt.render({ problems }).prompt });
        continue;
      }
      inputTokens += result.usage.inputTokens ?? 0;
      outputTokens += result.usage.outputTokens ?? 0;
      if (structured) return { value: result.output as T, attempts, inputTokens, outputTokens };
      if (result.text.trim() === '') {
        throw new ModelFailure(
          {
            kind: 'invalid_output',
            retryable: false,
            countsAgainstProvider: false,
            code: 'ai.empty_output',
            message: `the model returned no text (finish reason: ${result.finishReason})`,
          },
          attempts,
          inputTokens,
          outputTokens,
          undefined,
        );
      }
      return { value: result.text as T, attempts, inputTokens, outputTokens };
    }
  }

  async function budgetFor(tenantId: string): Promise<BudgetStatus> {
    return budgetStatus(db, tenantId, ai.monthlyBudgetUsd, clock.now());
  }

  function budgetError(status: BudgetStatus, model: string): AppError {
    return new AppError(
      'ai.budget_exceeded',
      402,
      `the monthly AI budget of $${status.limitUsd} is spent ($${status.spentUsd} since ${status.from.slice(0, 10)}); ` +
        `paid model ${model} is refused until ${status.to.slice(0, 10)}. Raise the budget (ai.budget.set) or use the offline engine (AI_MODEL=local).`,
      {
        model,
        limitUsd: status.limitUsd,
        spentUsd: status.spentUsd,
        periodStart: status.from,
        periodEnd: status.to,
      },
    );
  }

  /** The fallback chain shared by generateText and generateStructured. */
  async function runChain<T>(
    request: TextCallBase,
    ask: (model: LanguageModelV3) => Promise<Attempted<T>>,
    offline: () => Promise<T>,
  ): Promise<AiResult<T>> {
    const chain = fallbackChain(ai, request.task);
    // Resolving first makes a missing key a clear configuration error, not a silent fallback.
    const models = new Map<string, LanguageModelV3>();
    for (const ref of chain) if (ref.provider !== 'local') models.set(ref.id, registry.languageModel(ref));

    const callId = newId(clock.nowMs());
    const skipped: FallbackStep[] = [];
    const usage: AiUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0 };
    let budget: BudgetStatus | undefined;
    let budgetRefused = false;
    const onBudget = request.onBudgetExceeded ?? 'refuse';

    const result = (value: T, ref: ModelRef): AiResult<T> => ({
      value,
      model: ref.id,
      ...(skipped.length > 0 ? { fallbackFrom: skipped } : {}),
      usage,
      callId,
    });

    for (const ref of chain) {
      const outcome: UsageOutcome = skipped.length > 0 ? 'fallback' : 'ok';
      if (ref.provider === 'local') {
        const started = clock.nowMs();
        try {
          const value = await offline();
          const latencyMs = clock.nowMs() - started;
          usage.latencyMs += latencyMs;
          await record({
            tenantId: request.tenantId,
            callId,
            task: request.task,
            model: LOCAL_MODEL,
            provider: 'local',
            inputTokens: 0,
            outputTokens: 0,
            latencyMs,
            costUsd: 0,
            outcome,
            attempts: 1,
          });
          return result(value, ref);
        } catch (error) {
          await record({
            tenantId: request.tenantId,
            callId,
            task: request.task,
            model: LOCAL_MODEL,
            provider: 'local',
            inputTokens: 0,
            outputTokens: 0,
            latencyMs: clock.nowMs() - started,
            costUsd: 0,
            outcome: 'error',
            errorCode: error instanceof AppError ? error.code : 'ai.offline_failed',
            attempts: 1,
          });
          throw error;
        }
      }

      if (isPaid(ai.prices, ref)) {
        if (budgetRefused) {
          skipped.push({
            model: ref.id,
            reason: 'budget_exceeded',
            code: 'ai.budget_exceeded',
            message: 'skipped: the monthly AI budget is spent',
          });
          continue;
        }
        budget ??= await budgetFor(request.tenantId);
        if (budget.exhausted) {
          budgetRefused = true;
          const refusal = budgetError(budget, ref.id);
          await record({
            tenantId: request.tenantId,
            callId,
            task: request.task,
            model: ref.id,
            provider: ref.providerKey,
            inputTokens: 0,
            outputTokens: 0,
            latencyMs: 0,
            costUsd: 0,
            outcome: 'refused',
            errorCode: refusal.code,
            attempts: 0,
          });
          if (onBudget === 'refuse') throw refusal;
          skipped.push({
            model: ref.id,
            reason: 'budget_exceeded',
            code: refusal.code,
            message: refusal.message,
          });
          continue;
        }
      }

      if (!breakers.tryAcquire(ref.providerKey)) {
        const snap = breakers.snapshot(ref.providerKey);
        skipped.push({
          model: ref.id,
          reason: 'circuit_open',
          code: 'ai.circuit_open',
          message: `${ref.providerKey} failed ${snap.consecutiveFailures} times in a row; skipped until ${snap.retryAt ?? 'its probe call finishes'}`,
        });
        continue;
      }

      const started = clock.nowMs();
      try {
        const answer = await ask(models.get(ref.id) as LanguageModelV3);
        breakers.recordSuccess(ref.providerKey);
        const latencyMs = clock.nowMs() - started;
        const costUsd = costOf(ai.prices, ref, answer.inputTokens, answer.outputTokens);
        usage.inputTokens += answer.inputTokens;
        usage.outputTokens += answer.outputTokens;
        usage.costUsd = addCost(usage.costUsd, costUsd);
        usage.latencyMs += latencyMs;
        await record({
          tenantId: request.tenantId,
          callId,
          task: request.task,
          model: ref.id,
          provider: ref.providerKey,
          inputTokens: answer.inputTokens,
          outputTokens: answer.outputTokens,
          latencyMs,
          costUsd,
          outcome,
          attempts: answer.attempts,
        });
        return result(answer.value, ref);
      } catch (error) {
        if (!(error instanceof ModelFailure)) {
          breakers.release(ref.providerKey);
          throw error;
        }
        const { failure } = error;
        if (failure.countsAgainstProvider) breakers.recordFailure(ref.providerKey);
        else if (failure.kind === 'aborted') breakers.release(ref.providerKey);
        else breakers.recordSuccess(ref.providerKey); // it answered; the answer was the problem
        const latencyMs = clock.nowMs() - started;
        const costUsd = costOf(ai.prices, ref, error.inputTokens, error.outputTokens);
        usage.inputTokens += error.inputTokens;
        usage.outputTokens += error.outputTokens;
        usage.costUsd = addCost(usage.costUsd, costUsd);
        usage.latencyMs += latencyMs;
        await record({
          tenantId: request.tenantId,
          callId,
          task: request.task,
          model: ref.id,
          provider: ref.providerKey,
          inputTokens: error.inputTokens,
          outputTokens: error.outputTokens,
          latencyMs,
          costUsd,
          outcome: 'error',
          errorCode: failure.code,
          attempts: error.attempts,
        });
        if (failure.kind === 'aborted') {
          throw new AppError(
            'ai.aborted',
            499,
            'the AI call was cancelled',
            { model: ref.id },
            { cause: error.original },
          );
        }
        log.warn(
          {
            tenantId: request.tenantId,
            task: request.task,
            model: ref.id,
            code: failure.code,
            attempts: error.attempts,
          },
          `model failed, falling back: ${failure.message}`,
        );
        skipped.push({ model: ref.id, reason: failure.kind, code: failure.code, message: failure.message });
      }
    }
    // fallbackChain always ends with the offline engine, which returns or throws above.
    throw new AppError('ai.no_model', 500, 'the fallback chain ended without the offline engine');
  }

  function embeddingRef(): ModelRef {
    return parseModelRef(ai.embeddingModel);
  }

  function embeddingInfo(): EmbeddingModelInfo {
    const ref = embeddingRef();
    if (ref.provider === 'local') {
      const local = registry.embeddingModel(ref) as EmbeddingModelV3 & { id?: string; dimension?: number };
      return {
        id: local.id ?? LOCAL_EMBEDDING_MODEL_ID,
        configured: ref.id,
        dimension: local.dimension ?? observedDimensions.get(ref.id),
      };
    }
    return {
      id: ref.id,
      configured: ref.id,
      dimension: observedDimensions.get(ref.id) ?? knownDimension(ref),
    };
  }

  async function embedValues(options: EmbedManyOptions): Promise<EmbedManyResult> {
    const ref = embeddingRef();
    const model = registry.embeddingModel(ref);
    const info = embeddingInfo();
    const callId = newId(clock.nowMs());
    const base = {
      tenantId: options.tenantId,
      callId,
      task: 'embedding' as const,
      model: ref.id,
      provider: ref.providerKey,
    };
    if (options.values.length === 0) {
      return {
        embeddings: [],
        model: info.id,
        dimension: info.dimension ?? 0,
        usage: { tokens: 0, costUsd: 0, latencyMs: 0 },
      };
    }
    if (isPaid(ai.prices, ref)) {
      const budget = await budgetFor(options.tenantId);
      if (budget.exhausted) {
        const refusal = budgetError(budget, ref.id);
        await record({
          ...base,
          inputTokens: 0,
          outputTokens: 0,
          latencyMs: 0,
          costUsd: 0,
          outcome: 'refused',
          errorCode: refusal.code,
          attempts: 0,
        });
        throw refusal;
      }
    }
    if (ref.provider !== 'local' && !breakers.tryAcquire(ref.providerKey)) {
      const snap = breakers.snapshot(ref.providerKey);
      // Embeddings never fall back: vectors of another model live in another space and cannot be mixed.
      throw new AppError(
        'ai.provider_unavailable',
        503,
        `embedding model ${ref.id} is paused after ${snap.consecutiveFailures} failures in a row; try again after ${snap.retryAt ?? 'a moment'}`,
        { model: ref.id, retryAt: snap.retryAt },
      );
    }
    const values = prepareEmbeddingValues(ref, options.purpose, options.values);
    const providerOptions = embeddingProviderOptions(ref, options.purpose);
    const started = clock.nowMs();
    try {
      const { value, attempts } = await withRetries(
        (abortSignal) =>
          sdkEmbedMany({
            model,
            values,
            maxRetries: 0,
            maxParallelCalls: 2,
            abortSignal,
            ...(providerOptions ? { providerOptions } : {}),
          }),
        options.signal,
      );
      if (ref.provider !== 'local') breakers.recordSuccess(ref.providerKey);
      const latencyMs = clock.nowMs() - started;
      // Some providers (Google) report no token count; estimate ~4 characters per token so spend still counts.
      const reported = value.usage?.tokens ?? 0;
      const tokens =
        reported > 0 || ref.provider === 'local'
          ? reported
          : Math.ceil(values.reduce((n, v) => n + v.length, 0) / 4);
      const costUsd = costOf(ai.prices, ref, tokens, 0);
      const dimension = value.embeddings[0]?.length ?? 0;
      const expected = info.dimension;
      if (expected !== undefined && value.embeddings.some((e) => e.length !== expected)) {
        throw new ModelFailure(
          {
            kind: 'other',
            retryable: false,
            countsAgainstProvider: false,
            code: 'ai.embedding_dimension_mismatch',
            message: `${ref.id} returned vectors of length ${dimension}, expected ${expected}`,
          },
          attempts,
          tokens,
          0,
          undefined,
        );
      }
      observedDimensions.set(ref.id, dimension);
      await record({
        ...base,
        inputTokens: tokens,
        outputTokens: 0,
        latencyMs,
        costUsd,
        outcome: 'ok',
        attempts,
      });
      return {
        embeddings: value.embeddings,
        model: info.id,
        dimension,
        usage: { tokens, costUsd, latencyMs },
      };
    } catch (error) {
      const failure =
        error instanceof ModelFailure
          ? error
          : new ModelFailure(
              classifyFailure(error, { timedOut: false, cancelled: false, nowMs: clock.nowMs() }),
              1,
              0,
              0,
              error,
            );
      if (ref.provider !== 'local') {
        if (failure.failure.countsAgainstProvider) breakers.recordFailure(ref.providerKey);
        else breakers.release(ref.providerKey);
      }
      await record({
        ...base,
        inputTokens: failure.inputTokens,
        outputTokens: 0,
        latencyMs: clock.nowMs() - started,
        costUsd: costOf(ai.prices, ref, failure.inputTokens, 0),
        outcome: 'error',
        errorCode: failure.failure.code,
        attempts: failure.attempts,
      });
      if (failure.failure.kind === 'aborted') {
        throw new AppError('ai.aborted', 499, 'the embedding call was cancelled', { model: ref.id });
      }
      throw new AppError(
        failure.failure.code === 'ai.embedding_dimension_mismatch'
          ? failure.failure.code
          : 'ai.embedding_failed',
        502,
        `embedding with ${ref.id} failed after ${failure.attempts} attempt(s): ${failure.failure.message}`,
        { model: ref.id, code: failure.failure.code, attempts: failure.attempts },
        { cause: failure.original },
      );
    }
  }

  /** A chain as configured, with a problem line for each model that cannot be called. */
  function taskReport(task: AiTask): TaskModels {
    const problems: string[] = [];
    const model = modelForTask(ai, task);
    let chain: ModelRef[] = [];
    try {
      chain = task === 'embedding' ? [embeddingRef()] : fallbackChain(ai, task);
    } catch (error) {
      problems.push(describeError(error));
    }
    for (const ref of chain) {
      const s = registry.status(ref);
      if (!s.configured) problems.push(`${ref.id}: ${s.missing} is missing`);
      if (task === 'embedding' && ref.provider === 'anthropic') {
        problems.push(`${ref.id}: Anthropic offers no embedding models`);
      }
    }
    return { task, model, fallbacks: chain.slice(1).map((r) => r.id), problems };
  }

  function safeRef(id: string): ModelRef | undefined {
    try {
      return parseModelRef(id);
    } catch {
      return undefined;
    }
  }

  return {
    async generateStructured<S extends z.ZodType>(options: GenerateStructuredOptions<S>) {
      const schema = options.schema as z.ZodType<z.output<S>>;
      const offline = async () => {
        const produced = await options.offline();
        const checked = schema.safeParse(produced);
        if (!checked.success) {
          throw new AppError(
            'ai.offline_invalid',
            500,
            `the offline engine's result does not match the schema: ${checked.error.message}`,
          );
        }
        return checked.data;
      };
      return runChain<z.output<S>>(
        options,
        (model) =>
          askModel<z.output<S>>(model, options, {
            schema,
            ...(options.schemaName ? { name: options.schemaName } : {}),
            ...(options.schemaDescription ? { description: options.schemaDescription } : {}),
            repairAttempts: options.repairAttempts ?? 1,
          }),
        offline,
      );
    },

    async generateText(options) {
      return runChain<string>(
        options,
        (model) => askModel<string>(model, options, undefined),
        async () => options.offline(),
      );
    },

    async embedMany(options) {
      return embedValues(options);
    },

    async embed(options) {
      const r = await embedValues({
        tenantId: options.tenantId,
        values: [options.value],
        purpose: options.purpose,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return {
        embedding: r.embeddings[0] as number[],
        model: r.model,
        dimension: r.dimension,
        usage: r.usage,
      };
    },

    embeddingModelInfo: embeddingInfo,

    models() {
      const providers = registry
        .providers()
        .map((p) => ({ ...p, circuit: breakers.snapshot(p.providerKey) }));
      const tasks = [...textTasks.map(taskReport), taskReport('embedding')];
      const embeddingTask = tasks[tasks.length - 1] as TaskModels;
      const inUse = new Set<string>();
      for (const t of tasks) for (const id of [t.model, ...t.fallbacks]) inUse.add(id);
      const unpricedModels = [...inUse].filter((id) => {
        const ref = safeRef(id);
        return ref !== undefined && isPaid(ai.prices, ref) && priceOf(ai.prices, ref) === undefined;
      });
      let embedding: EmbeddingModelInfo;
      try {
        embedding = embeddingInfo();
      } catch {
        embedding = { id: ai.embeddingModel, configured: ai.embeddingModel, dimension: undefined };
      }
      return {
        tasks,
        providers,
        embedding: { ...embedding, problems: embeddingTask.problems },
        unpricedModels,
      };
    },

    async usage(tenantId, query = {}) {
      const month = monthWindow(clock.now());
      return queryUsage(db, tenantId, {
        from: query.from ?? month.from,
        to: query.to ?? month.to,
        ...(query.task ? { task: query.task } : {}),
        ...(query.model ? { model: query.model } : {}),
      });
    },

    budget: budgetFor,

    async setBudget(tenantId, usd) {
      if (usd === 'default') await clearBudgetOverride(db, tenantId);
      else {
        if (usd !== null && !(Number.isFinite(usd) && usd >= 0)) {
          throw new AppError(
            'ai.invalid_budget',
            400,
            'the monthly budget must be a number of USD, 0 or more, or null for no limit',
          );
        }
        await writeBudgetOverride(db, tenantId, usd, clock.iso());
      }
      return budgetFor(tenantId);
    },
  };
}
