/**
 * Row types of the AI module's tables (migration 0003_ai). Times are UTC ISO-8601 strings.
 */

/** One row per model tried by one AI call: the usage and cost ledger. */
export interface AiUsageTable {
  id: string;
  tenant_id: string;
  /** Groups the rows of one call (a fallback chain writes several). */
  call_id: string;
  /** `default`, `extraction`, `generation`, `judge` or `embedding`. */
  task: string;
  /** Model reference as configured, e.g. `openai:gpt-4o-mini` or `local`. */
  model: string;
  /** `local`, `openai`, `anthropic`, `google` or `openai-compatible:<server>`. */
  provider: string;
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
  /** USD; null when the model has no price in AI_PRICES. */
  cost_usd: number | null;
  /**
   * `ok` (the first model answered), `fallback` (this model answered after earlier ones failed),
   * `error` (this model failed; the chain moved on) or `refused` (the monthly budget was spent).
   */
  outcome: string;
  /** Stable error code for `error` and `refused` rows, e.g. `ai.rate_limited`. */
  error_code: string | null;
  /** Requests sent to this model for this call: retries and schema repairs included. */
  attempts: number;
  created_at: string;
}

export interface AiTables {
  ai_usage: AiUsageTable;
}

declare module '../db/schema.js' {
  interface Database extends AiTables {}
}
