/**
 * The reranker's weights and where per-tenant learned weights come from. Generation reads them through
 * a `WeightsSource` the app wires (learning implements one from approvals, edits and outcomes); without
 * one, the defaults below apply. Predicted performance weighs 0 until analytics can predict it: a
 * placeholder score would only add noise to the order.
 */
import type { OperationContext } from '../../../operations/define.js';

export interface RerankWeights {
  /** How much the brand-voice match counts (0-1 score from the voice profile). */
  voice: number;
  /** How well the skill that wrote the candidate fits the request (the matcher's score). */
  skillFit: number;
  /** Guard outcome: 1 when every guard passed, less for fixes, much less for failures. */
  guards: number;
  /** Predicted engagement from analytics; 0 until analytics exists. */
  performance: number;
  /** Trade-off of quality against difference from the candidates already chosen (MMR): 0-1. */
  diversity: number;
}

export const defaultRerankWeights: Readonly<RerankWeights> = {
  voice: 0.4,
  skillFit: 0.25,
  guards: 0.35,
  performance: 0,
  diversity: 0.3,
};

/** Per-tenant learned weights: reranker weights and skill preferences (skill id → multiplier around 1). */
export type WeightsSource = (
  ctx: OperationContext,
) => Promise<{ rerank?: Partial<RerankWeights>; skills?: Record<string, number> }>;

/** The defaults with a tenant's learned values laid over them; bad numbers are ignored, not trusted. */
export function mergeWeights(learned: Partial<RerankWeights> | undefined): RerankWeights {
  const out: RerankWeights = { ...defaultRerankWeights };
  if (!learned) return out;
  for (const key of Object.keys(out) as Array<keyof RerankWeights>) {
    const v = learned[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0)
      out[key] = key === 'diversity' ? Math.min(1, v) : v;
  }
  return out;
}
