import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import { embedMany as sdkEmbedMany } from 'ai';
import { AppError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { budgetExceededError, refusedUsage } from './budget.js';
import { embeddingProviderOptions, knownDimension, prepareEmbeddingValues } from './embedding-models.js';
import { classifyFailure } from './failures.js';
import { type ModelRef, parseModelRef } from './models.js';
import { LOCAL_EMBEDDING_MODEL_ID } from './offline/embedding.js';
import { costOf, isPaid } from './prices.js';
import { ModelFailure } from './requests.js';
import type { CallDeps } from './text-calls.js';
import type {
  EmbeddingModelInfo,
  EmbedManyOptions,
  EmbedManyResult,
  EmbedOptions,
  EmbedResult,
} from './types.js';

export interface EmbeddingCalls {
  embedMany(options: EmbedManyOptions): Promise<EmbedManyResult>;
  embed(options: EmbedOptions): Promise<EmbedResult>;
  info(): EmbeddingModelInfo;
  ref(): ModelRef;
}

/**
 * Embedding calls with the configured EMBEDDING_MODEL: budget, breaker, retries and ledger like text
 * calls, but never a fallback, because vectors of another model live in another space.
 */
export function createEmbeddingCalls(deps: CallDeps): EmbeddingCalls {
  const { ai, registry, breakers, run: withRetries, record, clock } = deps;
  const budgetFor = deps.budget;
  // Dimensions of provider models learned from their answers (for models not in the known list).
  const observedDimensions = new Map<string, number>();

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
        const refusal = budgetExceededError(budget, ref.id);
        await record({ ...base, ...refusedUsage(refusal) });
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

  return {
    embedMany: embedValues,
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
    info: embeddingInfo,
    ref: embeddingRef,
  };
}
