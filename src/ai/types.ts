import type { z } from 'zod';
import type { BudgetStatus } from './budget.js';
import type { CircuitSnapshot } from './circuit-breaker.js';
import type { EmbeddingPurpose } from './embedding-models.js';
import type { FailureKind } from './failures.js';
import type { AiTask, TextTask } from './models.js';
import type { ModelRegistry, ProviderStatus } from './registry.js';
import type { UsageReport } from './usage.js';

/** The AI service's public types: what modules pass in and get back. */

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

export interface TextCallBase {
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
   * Identity of the vector space, to store with an index: `LOCAL_EMBEDDING_MODEL_ID` (e.g. `local:hash-v1-768`) for the built-in
   * embedding (it changes when the method changes), else the configured reference such as
   * `openai:text-embedding-3-small`. A different id means stored vectors must be re-embedded.
   */
  id: string;
  /** EMBEDDING_MODEL as configured. */
  configured: string;
  /** Vector length; undefined for an unknown provider model until its first call. */
  dimension: number | undefined;
}

/** An embedding model bound to one tenant. */
export interface TenantEmbedder {
  /** `embeddingModelInfo().id`: the vector space to record with stored vectors. */
  readonly modelId: string;
  /** Vector length; undefined for an unknown provider model until its first call. */
  readonly dimension: number | undefined;
  /** Vectors in input order (`embedMany(...).embeddings`). */
  embedMany(values: readonly string[], purpose: EmbeddingPurpose, signal?: AbortSignal): Promise<number[][]>;
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
  /**
   * The configured embedding model bound to one tenant (whose ledger and budget its calls use), in the
   * shape the knowledge search index takes (`SearchEmbedder`).
   */
  embedderFor(tenantId: string): TenantEmbedder;
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
