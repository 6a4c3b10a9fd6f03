import { z } from 'zod';
import { aiTasks } from '../../ai/models.js';
import { AppError } from '../../core/errors.js';
import { type AnyOperation, defineOperation } from '../../operations/define.js';

const IsoTime = z.iso.datetime({ offset: true }).describe('ISO-8601 time, e.g. 2026-11-01T00:00:00Z');
const Task = z.enum(aiTasks);

const CircuitSchema = z.object({
  state: z.enum(['closed', 'open', 'half_open']),
  consecutiveFailures: z.number().int(),
  retryAt: z.string().optional().describe('When an open circuit lets the next probe call through'),
});

const ProviderSchema = z.object({
  providerKey: z.string().describe('local, openai, anthropic, google or openai-compatible:<server>'),
  provider: z.enum(['local', 'openai', 'anthropic', 'google', 'openai-compatible']),
  configured: z.boolean(),
  missing: z.string().optional().describe('The setting to add when not configured'),
  baseUrl: z.string().optional(),
  circuit: CircuitSchema,
});

const TaskModelsSchema = z.object({
  task: Task,
  model: z.string().describe('The model the task tries first'),
  fallbacks: z.array(z.string()).describe('Models tried next, in order; text tasks end with local'),
  problems: z.array(z.string()).describe('Why the chain cannot run as configured, e.g. a missing key'),
});

const ModelsSchema = z.object({
  tasks: z.array(TaskModelsSchema),
  providers: z.array(ProviderSchema),
  embedding: z.object({
    id: z.string().describe('Identity of the vector space, stored with the search index'),
    configured: z.string(),
    dimension: z
      .number()
      .int()
      .nullable()
      .describe('Vector length; null until an unknown model was first called'),
    problems: z.array(z.string()),
  }),
  unpricedModels: z
    .array(z.string())
    .describe('Paid models without a price in AI_PRICES: their spend is not counted'),
});

const TotalsSchema = z.object({
  calls: z.number().int().describe('AI calls; a call that fell back counts once'),
  modelCalls: z.number().int().describe('Models tried (ledger rows)'),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  unpricedModelCalls: z.number().int(),
  errors: z.number().int(),
  fallbacks: z.number().int(),
  refused: z.number().int().describe('Paid calls refused because the monthly budget was spent'),
  avgLatencyMs: z.number().int(),
});

const BudgetSchema = z.object({
  limitUsd: z.number().nullable().describe('Monthly limit; null means none'),
  source: z.enum(['tenant', 'default', 'none']),
  spentUsd: z.number(),
  remainingUsd: z.number().nullable(),
  exhausted: z.boolean().describe('Paid calls are refused (ai.budget_exceeded) until the month ends'),
  from: z.string(),
  to: z.string(),
});

const UsageSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: TotalsSchema,
  byTask: z.array(TotalsSchema.extend({ task: z.string() })),
  byModel: z.array(TotalsSchema.extend({ model: z.string(), provider: z.string() })),
  budget: BudgetSchema.describe('The current UTC month, whatever period was asked for'),
});

export const aiModels = defineOperation({
  name: 'ai.models.list',
  summary: 'List the configured AI models per task, provider status and the embedding model',
  description:
    'Shows which model each task uses and what it falls back to, whether each provider is configured (and which setting is missing), its circuit breaker state, and the embedding model with its dimension.',
  http: { method: 'GET', path: '/ai/models' },
  scope: 'installation',
  role: 'viewer',
  rateCategory: 'analytics',
  mutating: false,
  input: z.object({}),
  output: ModelsSchema,
  annotations: { idempotent: true },
  handler: async (ctx) => {
    const report = ctx.app.ai.models();
    return { ...report, embedding: { ...report.embedding, dimension: report.embedding.dimension ?? null } };
  },
});

export const aiUsage = defineOperation({
  name: 'ai.usage.get',
  summary: "Report the tenant's AI usage and cost for a period, by task and by model",
  description:
    'Totals of the usage ledger (every model tried by every AI call) between from (inclusive) and to (exclusive), the current UTC month by default, and the monthly budget status.',
  http: { method: 'GET', path: '/ai/usage' },
  role: 'viewer',
  rateCategory: 'analytics',
  mutating: false,
  input: z.object({
    from: IsoTime.optional().describe('Start, inclusive; default the first day of this month (UTC)'),
    to: IsoTime.optional().describe('End, exclusive; default the first day of next month (UTC)'),
    task: Task.optional(),
    model: z.string().max(200).optional().describe('Only this model, e.g. openai:gpt-4o-mini or local'),
  }),
  output: UsageSchema,
  examples: [
    { summary: 'This month', input: {} },
    {
      summary: 'Generation in October',
      input: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', task: 'generation' },
    },
  ],
  annotations: { idempotent: true },
  handler: async (ctx, input) => {
    const from = input.from ? new Date(input.from).toISOString() : undefined;
    const to = input.to ? new Date(input.to).toISOString() : undefined;
    if (from && to && from >= to) {
      throw new AppError('ai.invalid_period', 400, '"from" must be before "to"', { from, to });
    }
    const ai = ctx.app.ai;
    const report = await ai.usage(ctx.tenantId, {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(input.task ? { task: input.task } : {}),
      ...(input.model ? { model: input.model } : {}),
    });
    return { ...report, budget: await ai.budget(ctx.tenantId) };
  },
});

export const aiBudgetSet = defineOperation({
  name: 'ai.budget.set',
  summary: "Set the tenant's monthly AI budget",
  description:
    'mode "limit" sets a monthly limit in USD (0 allows only free models and the offline engine), "unlimited" removes the limit for this tenant, "default" goes back to AI_MONTHLY_BUDGET_USD. When the month\'s spend reaches the limit, paid model calls fail with ai.budget_exceeded (HTTP 402) until the month ends.',
  http: { method: 'PUT', path: '/ai/budget' },
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  input: z.object({
    mode: z.enum(['limit', 'unlimited', 'default']).default('limit'),
    limitUsd: z.number().min(0).max(1_000_000).optional().describe('Monthly limit in USD, for mode "limit"'),
  }),
  output: BudgetSchema,
  examples: [{ summary: '$25 a month', input: { mode: 'limit', limitUsd: 25 } }],
  annotations: { idempotent: true },
  handler: async (ctx, input) => {
    if (input.mode === 'limit' && input.limitUsd === undefined) {
      throw new AppError('ai.invalid_budget', 400, 'mode "limit" needs limitUsd, e.g. 25 for $25 a month');
    }
    const value =
      input.mode === 'limit' ? (input.limitUsd as number) : input.mode === 'unlimited' ? null : 'default';
    return ctx.app.ai.setBudget(ctx.tenantId, value);
  },
});

/** The AI module's operations, for the registry. */
export const aiOperations: AnyOperation[] = [aiModels, aiUsage, aiBudgetSet];
