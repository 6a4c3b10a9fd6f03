import { AppError } from '../core/errors.js';
import type { Db } from '../db/connect.js';
import { readJson, writeJson } from '../db/dialect.js';
import { monthWindow, spendBetween, type UsageEntry } from './usage.js';

/** Key of the per-tenant override in the core `settings` table. Its value is a number or null (no limit). */
export const BUDGET_SETTING_KEY = 'ai.monthly_budget_usd';

export interface BudgetOverride {
  /** The tenant has its own setting (else AI_MONTHLY_BUDGET_USD applies). */
  set: boolean;
  /** The tenant's limit in USD; null means "no limit" for this tenant. */
  usd: number | null;
}

export async function readBudgetOverride(db: Db, tenantId: string): Promise<BudgetOverride> {
  const row = await db.read(tenantId, (ex) =>
    ex
      .selectFrom('settings')
      .select('value')
      .where('tenant_id', '=', tenantId)
      .where('key', '=', BUDGET_SETTING_KEY)
      .executeTakeFirst(),
  );
  if (!row) return { set: false, usd: null };
  const value = readJson<unknown>(row.value, null);
  return { set: true, usd: typeof value === 'number' && Number.isFinite(value) ? value : null };
}

/** Sets the tenant's monthly limit (USD), or `null` for no limit. */
export async function writeBudgetOverride(
  db: Db,
  tenantId: string,
  usd: number | null,
  nowIso: string,
): Promise<void> {
  await db.tenant(tenantId, (tx) =>
    tx
      .insertInto('settings')
      .values({ tenant_id: tenantId, key: BUDGET_SETTING_KEY, value: writeJson(usd), updated_at: nowIso })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'key']).doUpdateSet({ value: writeJson(usd), updated_at: nowIso }),
      )
      .execute(),
  );
}

/** Removes the tenant's override, so AI_MONTHLY_BUDGET_USD applies again. */
export async function clearBudgetOverride(db: Db, tenantId: string): Promise<void> {
  await db.tenant(tenantId, (tx) =>
    tx
      .deleteFrom('settings')
      .where('tenant_id', '=', tenantId)
      .where('key', '=', BUDGET_SETTING_KEY)
      .execute(),
  );
}

export interface BudgetStatus {
  /** The month's limit in USD; null when there is none. */
  limitUsd: number | null;
  /** Where the limit comes from. */
  source: 'tenant' | 'default' | 'none';
  /** Priced spend of the current UTC month. */
  spentUsd: number;
  remainingUsd: number | null;
  /** Spend has reached the limit: paid calls are refused until the month ends. */
  exhausted: boolean;
  /** The current budget month, `[from, to)`. */
  from: string;
  to: string;
}

/** The tenant's budget for the UTC month containing `now`. */
export async function budgetStatus(
  db: Db,
  tenantId: string,
  defaultUsd: number | undefined,
  now: Date,
): Promise<BudgetStatus> {
  const override = await readBudgetOverride(db, tenantId);
  const limitUsd = override.set ? override.usd : (defaultUsd ?? null);
  const source: BudgetStatus['source'] = override.set
    ? 'tenant'
    : defaultUsd !== undefined
      ? 'default'
      : 'none';
  const { from, to } = monthWindow(now);
  const spentUsd = Math.round((await spendBetween(db, tenantId, from, to)) * 1e6) / 1e6;
  return {
    limitUsd,
    source,
    spentUsd,
    remainingUsd: limitUsd === null ? null : Math.max(0, Math.round((limitUsd - spentUsd) * 1e6) / 1e6),
    exhausted: limitUsd !== null && spentUsd >= limitUsd,
    from,
    to,
  };
}

/** The refusal of a paid call once the month's budget is spent (HTTP 402: retrying will not help). */
export function budgetExceededError(status: BudgetStatus, model: string): AppError {
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

/** The usage row of a call the budget refused: nothing was sent, nothing spent. */
export function refusedUsage(
  refusal: AppError,
): Pick<
  UsageEntry,
  'inputTokens' | 'outputTokens' | 'latencyMs' | 'costUsd' | 'outcome' | 'errorCode' | 'attempts'
> {
  return {
    inputTokens: 0,
    outputTokens: 0,
    latencyMs: 0,
    costUsd: 0,
    outcome: 'refused',
    errorCode: refusal.code,
    attempts: 0,
  };
}
