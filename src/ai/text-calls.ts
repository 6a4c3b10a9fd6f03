import type { LanguageModelV3 } from '@ai-sdk/provider';
import { type ModelMessage, NoObjectGeneratedError, Output, generateText as sdkGenerateText } from 'ai';
import type { z } from 'zod';
import type { Config } from '../config/load.js';
import type { Clock } from '../core/clock.js';
import { AppError, describeError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import { type BudgetStatus, budgetExceededError, refusedUsage } from './budget.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import { fallbackChain, LOCAL_MODEL, type ModelRef } from './models.js';
import { costOf, isPaid } from './prices.js';
import { definePrompt } from './prompts.js';
import type { ModelRegistry } from './registry.js';
import { ModelFailure, type RunRequest } from './requests.js';
import type {
  AiResult,
  AiUsage,
  FallbackStep,
  GenerateStructuredOptions,
  GenerateTextOptions,
  TextCallBase,
} from './types.js';
import type { UsageEntry, UsageOutcome } from './usage.js';

/** What the text and embedding calls share: configuration, providers, health, the ledger and the budget. */
export interface CallDeps {
  ai: Config['ai'];
  registry: ModelRegistry;
  breakers: CircuitBreakers;
  run: RunRequest;
  /** Writes one ledger row; never throws. */
  record(entry: Omit<UsageEntry, 'createdAt'>): Promise<void>;
  budget(tenantId: string): Promise<BudgetStatus>;
  clock: Clock;
  log: Logger;
}

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

export interface TextCalls {
  generateStructured<S extends z.ZodType>(
    options: GenerateStructuredOptions<S>,
  ): Promise<AiResult<z.output<S>>>;
  generateText(options: GenerateTextOptions): Promise<AiResult<string>>;
}

/**
 * Text calls: the fallback chain (task model → AI_FALLBACK_MODELS → offline engine) with the budget
 * check, circuit breakers, schema validation and repair, and a ledger row per model tried.
 */
export function createTextCalls(deps: CallDeps): TextCalls {
  const { ai, registry, breakers, run: withRetries, record, clock, log } = deps;
  const budgetFor = deps.budget;

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

    /** One usage row per model tried, all under this call's id. */
    const recordStep = (
      model: string,
      provider: string,
      step: Omit<UsageEntry, 'createdAt' | 'tenantId' | 'callId' | 'task' | 'model' | 'provider'>,
    ) => record({ tenantId: request.tenantId, callId, task: request.task, model, provider, ...step });

    /** Adds a provider's tokens, cost and time to the call's usage; returns the step's share. */
    const spend = (ref: ModelRef, used: { inputTokens: number; outputTokens: number }, started: number) => {
      const latencyMs = clock.nowMs() - started;
      const costUsd = costOf(ai.prices, ref, used.inputTokens, used.outputTokens);
      usage.inputTokens += used.inputTokens;
      usage.outputTokens += used.outputTokens;
      usage.costUsd = addCost(usage.costUsd, costUsd);
      usage.latencyMs += latencyMs;
      return { inputTokens: used.inputTokens, outputTokens: used.outputTokens, latencyMs, costUsd };
    };

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
          await recordStep(LOCAL_MODEL, 'local', {
            inputTokens: 0,
            outputTokens: 0,
            latencyMs,
            costUsd: 0,
            outcome,
            attempts: 1,
          });
          return result(value, ref);
        } catch (error) {
          await recordStep(LOCAL_MODEL, 'local', {
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
          const refusal = budgetExceededError(budget, ref.id);
          await recordStep(ref.id, ref.providerKey, refusedUsage(refusal));
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
        await recordStep(ref.id, ref.providerKey, {
          ...spend(ref, answer, started),
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
        await recordStep(ref.id, ref.providerKey, {
          ...spend(ref, error, started),
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

    async generateText(options: GenerateTextOptions) {
      return runChain<string>(
        options,
        (model) => askModel<string>(model, options, undefined),
        async () => options.offline(),
      );
    },
  };
}
