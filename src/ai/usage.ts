import { sql } from 'kysely';
import { newId } from '../core/ids.js';
import type { Db, Executor } from '../db/connect.js';
import { toNumber } from '../db/dialect.js';
import type { AiTask } from './models.js';

/** How one model's part in a call ended (see `AiUsageTable.outcome`). */
export type UsageOutcome = 'ok' | 'fallback' | 'error' | 'refused';

/** One ledger entry, as the service writes it. */
export interface UsageEntry {
  tenantId: string;
  callId: string;
  task: AiTask;
  model: string;
  provider: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  costUsd: number | null;
  outcome: UsageOutcome;
  errorCode?: string;
  attempts: number;
  createdAt: string;
}

/** Appends one entry to the tenant's ledger. */
export async function insertUsage(db: Db, entry: UsageEntry): Promise<void> {
  await db.tenant(entry.tenantId, (tx) =>
    tx
      .insertInto('ai_usage')
      .values({
        id: newId(Date.parse(entry.createdAt)),
        tenant_id: entry.tenantId,
        call_id: entry.callId,
        task: entry.task,
        model: entry.model,
        provider: entry.provider,
        input_tokens: Math.max(0, Math.round(entry.inputTokens)),
        output_tokens: Math.max(0, Math.round(entry.outputTokens)),
        latency_ms: Math.max(0, Math.round(entry.latencyMs)),
        cost_usd: entry.costUsd,
        outcome: entry.outcome,
        error_code: entry.errorCode ?? null,
        attempts: entry.attempts,
        created_at: entry.createdAt,
      })
      .execute(),
  );
}

/** Sum of priced spend in `[from, to)`, in USD. */
export async function spendBetween(db: Db, tenantId: string, from: string, to: string): Promise<number> {
  const row = await db.read(tenantId, (ex) =>
    ex
      .selectFrom('ai_usage')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('cost_usd'), sql<number>`0`).as('spent'))
      .where('tenant_id', '=', tenantId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .executeTakeFirst(),
  );
  return toNumber(row?.spent);
}

export interface UsageTotals {
  /** AI calls (a call that fell back from one model to another counts once). */
  calls: number;
  /** Models tried: one ledger row each. */
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** Priced spend in USD. */
  costUsd: number;
  /** Rows of models without a price in AI_PRICES: their spend is not in `costUsd`. */
  unpricedModelCalls: number;
  errors: number;
  fallbacks: number;
  refused: number;
  /** Mean latency of the rows, in milliseconds. */
  avgLatencyMs: number;
}

export interface UsageQuery {
  /** Inclusive start, ISO-8601. */
  from: string;
  /** Exclusive end, ISO-8601. */
  to: string;
  task?: AiTask;
  model?: string;
}

export interface UsageReport {
  from: string;
  to: string;
  totals: UsageTotals;
  byTask: Array<UsageTotals & { task: string }>;
  byModel: Array<UsageTotals & { model: string; provider: string }>;
}

type Grouping = 'none' | 'task' | 'model';

async function aggregate(
  ex: Executor,
  tenantId: string,
  q: UsageQuery,
  by: Grouping,
): Promise<Array<Record<string, unknown>>> {
  let query = ex
    .selectFrom('ai_usage')
    .where('tenant_id', '=', tenantId)
    .where('created_at', '>=', q.from)
    .where('created_at', '<', q.to)
    .select((eb) => [
      sql<number>`count(distinct ${eb.ref('call_id')})`.as('calls'),
      eb.fn.countAll<number>().as('model_calls'),
      eb.fn.coalesce(eb.fn.sum<number>('input_tokens'), sql<number>`0`).as('input_tokens'),
      eb.fn.coalesce(eb.fn.sum<number>('output_tokens'), sql<number>`0`).as('output_tokens'),
      eb.fn.coalesce(eb.fn.sum<number>('cost_usd'), sql<number>`0`).as('cost_usd'),
      sql<number>`sum(case when ${eb.ref('cost_usd')} is null then 1 else 0 end)`.as('unpriced'),
      sql<number>`sum(case when ${eb.ref('outcome')} = 'error' then 1 else 0 end)`.as('errors'),
      sql<number>`sum(case when ${eb.ref('outcome')} = 'fallback' then 1 else 0 end)`.as('fallbacks'),
      sql<number>`sum(case when ${eb.ref('outcome')} = 'refused' then 1 else 0 end)`.as('refused'),
      eb.fn.coalesce(eb.fn.avg<number>('latency_ms'), sql<number>`0`).as('avg_latency'),
    ]);
  if (q.task) query = query.where('task', '=', q.task);
  if (q.model) query = query.where('model', '=', q.model);
  if (by === 'task') {
    return query.select('task').groupBy('task').orderBy('task').execute();
  }
  if (by === 'model') {
    return query.select(['model', 'provider']).groupBy(['model', 'provider']).orderBy('model').execute();
  }
  return query.execute();
}

function totals(row: Record<string, unknown> | undefined): UsageTotals {
  return {
    calls: toNumber(row?.calls),
    modelCalls: toNumber(row?.model_calls),
    inputTokens: toNumber(row?.input_tokens),
    outputTokens: toNumber(row?.output_tokens),
    // Rounded to a millionth of a dollar: sums of floats otherwise print as 0.30000000000000004.
    costUsd: Math.round(toNumber(row?.cost_usd) * 1e6) / 1e6,
    unpricedModelCalls: toNumber(row?.unpriced),
    errors: toNumber(row?.errors),
    fallbacks: toNumber(row?.fallbacks),
    refused: toNumber(row?.refused),
    avgLatencyMs: Math.round(toNumber(row?.avg_latency)),
  };
}

/** Totals of the tenant's ledger for a period, overall, by task and by model. */
export async function queryUsage(db: Db, tenantId: string, q: UsageQuery): Promise<UsageReport> {
  return db.read(tenantId, async (ex) => {
    const [all, byTask, byModel] = [
      await aggregate(ex, tenantId, q, 'none'),
      await aggregate(ex, tenantId, q, 'task'),
      await aggregate(ex, tenantId, q, 'model'),
    ];
    return {
      from: q.from,
      to: q.to,
      totals: totals(all[0]),
      byTask: byTask.map((r) => ({ task: String(r.task), ...totals(r) })),
      byModel: byModel.map((r) => ({ model: String(r.model), provider: String(r.provider), ...totals(r) })),
    };
  });
}

/** The UTC calendar month containing `now`: `[first day 00:00, first day of next month)`. */
export function monthWindow(now: Date): { from: string; to: string } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { from: from.toISOString(), to: to.toISOString() };
}
