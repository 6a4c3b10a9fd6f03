import { describe, expect, it } from 'vitest';
import { linearScore, RELEVANCE_MODELS, relativeScores, relevanceScore } from './relevance.js';

describe('relative', () => {
  it('is each candidate’s linear score as a share of the best, 0 when none scores above 0', () => {
    expect(relativeScores([2, 1, 0.5, -1])).toEqual([1, 0.5, 0.25, 0]);
    expect(relativeScores([0, 0])).toEqual([0, 0]);
    expect(relativeScores([])).toEqual([]);
  });

  it('never changes the order of one query’s candidates', () => {
    const model = RELEVANCE_MODELS.local;
    const candidates = [
      { coverage: 0.9, proximity: 0.5, similarity: 0.4 },
      { coverage: 0.2, proximity: 0, similarity: 0.6 },
      { coverage: 0.6, proximity: 1, similarity: 0.1 },
      { coverage: 0, proximity: 0, similarity: 0.05 },
    ];
    const relative = relativeScores(candidates.map((f) => linearScore(model, f)));
    const scores = candidates.map((f, i) => relevanceScore(model, { ...f, relative: relative[i] ?? 0 }));
    const byLinear = candidates
      .map((_, i) => i)
      .sort((a, b) => linearScore(model, candidates[b]!) - linearScore(model, candidates[a]!));
    const byScore = candidates.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
    expect(byScore).toEqual(byLinear);
  });
});
