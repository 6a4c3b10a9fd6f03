import type { ModelPrice } from '../config/load.js';
import type { ModelRef } from './models.js';

/**
 * The price of a model from AI_PRICES: the exact reference (`openai:gpt-4o-mini`) first, then a
 * provider-wide entry (`openai:*`, `openai-compatible:ollama:*`).
 */
export function priceOf(prices: Record<string, ModelPrice>, ref: ModelRef): ModelPrice | undefined {
  const exact = prices[ref.id];
  if (exact) return exact;
  if (ref.provider === 'openai-compatible') return prices[`openai-compatible:${ref.server}:*`];
  return prices[`${ref.provider}:*`];
}

/**
 * A paid model is one the monthly budget applies to: every model of the cloud providers (OpenAI,
 * Anthropic, Google), and an OpenAI-compatible model only when AI_PRICES gives it a price above zero
 * (a self-hosted Ollama or vLLM costs nothing per call). The offline engine is never paid.
 */
export function isPaid(prices: Record<string, ModelPrice>, ref: ModelRef): boolean {
  if (ref.provider === 'local') return false;
  if (ref.provider === 'openai-compatible') {
    const p = priceOf(prices, ref);
    return p !== undefined && (p.input > 0 || p.output > 0);
  }
  return true;
}

/**
 * Cost in USD of one call; `null` when the model has no price (the call is still recorded, but
 * cannot count toward the budget; `ai.models.list` and `ai.usage.get` point such models out).
 */
export function costOf(
  prices: Record<string, ModelPrice>,
  ref: ModelRef,
  inputTokens: number,
  outputTokens: number,
): number | null {
  if (ref.provider === 'local') return 0;
  const p = priceOf(prices, ref);
  if (!p) return ref.provider === 'openai-compatible' ? 0 : null;
  return (inputTokens * p.input + outputTokens * p.output) / 1_000_000;
}
