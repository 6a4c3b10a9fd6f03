import type { Config } from '../config/load.js';
import { type Clock, sleep as defaultSleep } from '../core/clock.js';
import { AppError, describeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Db } from '../db/connect.js';
import { type BudgetStatus, budgetStatus, clearBudgetOverride, writeBudgetOverride } from './budget.js';
import { CircuitBreakers } from './circuit-breaker.js';
import { createEmbeddingCalls } from './embeddings.js';
import {
  type AiTask,
  fallbackChain,
  type ModelRef,
  modelForTask,
  parseModelRef,
  textTasks,
} from './models.js';
import { isPaid, priceOf } from './prices.js';
import { createModelRegistry } from './registry.js';
import { createRequestRunner } from './requests.js';
import { type CallDeps, createTextCalls } from './text-calls.js';
import type { AiService, CreateAiOptions, EmbeddingModelInfo, TaskModels } from './types.js';
import { insertUsage, monthWindow, queryUsage, type UsageEntry } from './usage.js';

export type * from './types.js';

/**
 * The AI SDK prints its warnings (e.g. a setting a model ignores) with console.info/console.warn, and
 * stdout must stay clean for `--json` output and MCP over stdio. Send them to the log instead, unless
 * the process already chose what to do with them.
 */
function routeSdkWarnings(log: Logger): void {
  const g = globalThis as { AI_SDK_LOG_WARNINGS?: unknown };
  if (g.AI_SDK_LOG_WARNINGS !== undefined) return;
  g.AI_SDK_LOG_WARNINGS = (o: { warnings: unknown[]; provider?: string; model?: string }) => {
    log.warn({ provider: o.provider, model: o.model, warnings: o.warnings }, 'AI SDK warning');
  };
}

/**
 * Builds the AI service: the typed calls every module uses, with timeouts, retries, per-provider
 * circuit breakers, the fallback chain to the offline engine, the usage ledger and the budget.
 * One per process: breakers and learned embedding dimensions live in it.
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
  const log = logger.child({ module: 'ai' });
  routeSdkWarnings(log);

  async function record(entry: Omit<UsageEntry, 'createdAt'>): Promise<void> {
    try {
      await insertUsage(db, { ...entry, createdAt: clock.iso() });
    } catch (error) {
      // The answer already cost what it cost; losing the ledger row must not lose the answer too.
      log.error({ err: error, tenantId: entry.tenantId, model: entry.model }, 'could not record AI usage');
    }
  }

  async function budgetFor(tenantId: string): Promise<BudgetStatus> {
    return budgetStatus(db, tenantId, ai.monthlyBudgetUsd, clock.now());
  }

  const deps: CallDeps = {
    ai,
    registry,
    breakers,
    run: createRequestRunner({
      timeoutMs: ai.timeoutMs,
      maxRetries: ai.maxRetries,
      baseDelayMs: options.retryBaseDelayMs ?? 500,
      maxDelayMs: options.maxRetryDelayMs ?? 20_000,
      sleep: options.sleep ?? defaultSleep,
      clock,
      log,
    }),
    record,
    budget: budgetFor,
    clock,
    log,
  };
  const text = createTextCalls(deps);
  const embeddings = createEmbeddingCalls(deps);
  const embeddingRef = embeddings.ref;
  const embeddingInfo = embeddings.info;

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
    generateStructured: text.generateStructured,
    generateText: text.generateText,
    embedMany: embeddings.embedMany,
    embed: embeddings.embed,
    embeddingModelInfo: embeddingInfo,

    embedderFor(tenantId) {
      return {
        get modelId() {
          return embeddingInfo().id;
        },
        get dimension() {
          return embeddingInfo().dimension;
        },
        async embedMany(values, purpose, signal) {
          const r = await embeddings.embedMany({ tenantId, values, purpose, ...(signal ? { signal } : {}) });
          return r.embeddings;
        },
      };
    },

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
