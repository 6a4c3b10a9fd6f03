/**
 * Reranking: each candidate's quality is a weighted mean of its voice match, the fit of the skill
 * that wrote it, its guard outcome and its predicted performance; the order is then chosen by maximal
 * marginal relevance (Carbonell & Goldstein, 1998): the next candidate maximises
 * (1 − diversity) × quality − diversity × its similarity to those already chosen, so the 2-3 shown
 * differ in approach, not only in wording.
 */

import { textSimilarity } from '../compose/text.js';
import type { GuardResult } from '../schemas.js';
import type { RerankWeights } from './weights.js';

export interface RankInput {
  text: string;
  /** 0-1 each. */
  voice: number;
  skillFit: number;
  performance: number;
  guards: readonly GuardResult[];
  defects: readonly string[];
  /** A label of the candidate's structure (skill and frame): same structure counts as similar. */
  structure: string;
}

export interface RankedScores {
  voice: number;
  skillFit: number;
  guards: number;
  performance: number;
  /** 1 − the highest similarity to a candidate ranked above it (1 for the first). */
  diversity: number;
  quality: number;
  total: number;
}

/** 1 when every guard passed; a fix costs a little, a failure a lot. */
export function guardScore(guards: readonly GuardResult[], defects: readonly string[]): number {
  let s = 1;
  for (const g of guards) s -= g.status === 'fail' ? 0.4 : g.status === 'fixed' ? 0.05 : 0;
  if (defects.length > 0 && !guards.some((g) => g.status === 'fail')) s -= 0.2 * defects.length;
  return Math.max(0, Math.round(s * 1000) / 1000);
}

export function quality(c: RankInput, w: RerankWeights): number {
  const parts = [
    [w.voice, c.voice],
    [w.skillFit, c.skillFit],
    [w.guards, guardScore(c.guards, c.defects)],
    [w.performance, c.performance],
  ] as const;
  const total = parts.reduce((s, [weight]) => s + weight, 0);
  if (total <= 0) return 0;
  return parts.reduce((s, [weight, v]) => s + weight * v, 0) / total;
}

function similarity(a: RankInput, b: RankInput): number {
  return Math.min(1, 0.8 * textSimilarity(a.text, b.text) + (a.structure === b.structure ? 0.2 : 0));
}

const r3 = (n: number) => Math.round(n * 1000) / 1000;

/** Chooses `count` candidates in rank order; returns their indexes in `pool` with their scores. */
export function rerank(
  pool: readonly RankInput[],
  weights: RerankWeights,
  count: number,
): Array<{ index: number; scores: RankedScores }> {
  const q = pool.map((c) => quality(c, weights));
  const chosen: Array<{ index: number; scores: RankedScores }> = [];
  const left = new Set(pool.map((_, i) => i));
  const d = weights.diversity;
  while (chosen.length < count && left.size > 0) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    let bestSim = 0;
    for (const i of left) {
      const c = pool[i] as RankInput;
      const sim = Math.max(0, ...chosen.map((x) => similarity(c, pool[x.index] as RankInput)));
      const value = (1 - d) * (q[i] as number) - d * sim;
      if (value > bestValue + 1e-12) {
        best = i;
        bestValue = value;
        bestSim = sim;
      }
    }
    left.delete(best);
    const c = pool[best] as RankInput;
    chosen.push({
      index: best,
      scores: {
        voice: r3(c.voice),
        skillFit: r3(c.skillFit),
        guards: guardScore(c.guards, c.defects),
        performance: r3(c.performance),
        diversity: r3(1 - bestSim),
        quality: r3(q[best] as number),
        total: r3(bestValue),
      },
    });
  }
  return chosen;
}
