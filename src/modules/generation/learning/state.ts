/**
 * A tenant's learned state and the updates that change it. Pure and deterministic: the same events in
 * the same order give the same state, and every number stays inside fixed bounds however many events come.
 *
 * - Reranker: one multiplier per feature on the default weights (multiplicative weights). An approval
 *   moves each multiplier by exp(η·Δ), Δ = the chosen candidate's feature minus its siblings' mean; a
 *   rejection reason nudges the feature it names; an outcome nudges `performance` by how well the
 *   prediction agreed with it. Multipliers are renormalised to mean 1 and clamped to [1/4, 4].
 * - Skills: Beta evidence (success and failure mass) per skill: approvals and rejections count 1,
 *   an edit counts its magnitude as failure, an outcome counts its score.
 * - Edits: per word, in how many edits the person removed (or added) it; emoji, hashtag, length and
 *   exclamation habits. Voice rule suggestions are read from these (learning/suggestions.ts).
 */
import type { EditDiff } from '../feedback/diff.js';

export const rerankFeatures = ['voice', 'skillFit', 'guards', 'performance', 'diversity'] as const;
export type RerankFeature = (typeof rerankFeatures)[number];

export const MULTIPLIER_MIN = 0.25;
export const MULTIPLIER_MAX = 4;
/** Step of an approval (per unit of feature difference) and of a rejection reason or an outcome. */
export const APPROVAL_RATE = 0.2;
export const REASON_RATE = 0.1;
export const OUTCOME_RATE = 0.1;
/** Words remembered per direction; the least-seen are forgotten first. */
export const MAX_WORDS = 400;
/** Length ratios remembered (the most recent). */
export const MAX_RATIOS = 50;

export interface BetaEvidence {
  success: number;
  failure: number;
}

export interface DecisionCounts {
  approved: number;
  rejected: number;
}

export interface EditHabits {
  count: number;
  /** Word → number of edits that removed it. */
  removedWords: Record<string, number>;
  /** Word → number of edits that added it. */
  addedWords: Record<string, number>;
  emojiRemovedEdits: number;
  emojiAddedEdits: number;
  hashtagsRemovedEdits: number;
  /** The most hashtags left in a text after an edit that removed some. */
  hashtagsKeptMax: number;
  shortenedEdits: number;
  lengthenedEdits: number;
  /** After/before length of recent edits. */
  lengthRatios: number[];
  exclamationsRemovedEdits: number;
}

export interface LearningState {
  version: 1;
  rerank: Record<RerankFeature, number>;
  skills: Record<string, BetaEvidence>;
  /** Platform → skill → whole approve/reject decisions: all that the cross-tenant figures ever read. */
  decisions: Record<string, Record<string, DecisionCounts>>;
  edits: EditHabits;
  outcomes: number;
}

export function initialState(): LearningState {
  return {
    version: 1,
    rerank: { voice: 1, skillFit: 1, guards: 1, performance: 1, diversity: 1 },
    skills: {},
    decisions: {},
    edits: {
      count: 0,
      removedWords: {},
      addedWords: {},
      emojiRemovedEdits: 0,
      emojiAddedEdits: 0,
      hashtagsRemovedEdits: 0,
      hashtagsKeptMax: 0,
      shortenedEdits: 0,
      lengthenedEdits: 0,
      lengthRatios: [],
      exclamationsRemovedEdits: 0,
    },
    outcomes: 0,
  };
}

/** A stored state read back, with anything missing (an older shape) filled from the initial state. */
export function normaliseState(value: Partial<LearningState> | null | undefined): LearningState {
  const base = initialState();
  if (!value) return base;
  return {
    ...base,
    ...value,
    rerank: { ...base.rerank, ...value.rerank },
    edits: { ...base.edits, ...value.edits },
  };
}

/** A feature as a 0-1 number: scores above 1 are read as percentages (a 0-100 voice score). */
export function featureValue(
  scores: Readonly<Record<string, number>>,
  feature: RerankFeature,
): number | undefined {
  const v = scores[feature];
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  const unit = v > 1 ? v / 100 : v;
  return Math.min(1, Math.max(0, unit));
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Renormalise to mean 1, then clamp: the weights keep their scale and never run away. */
function settle(rerank: Record<RerankFeature, number>): Record<RerankFeature, number> {
  const mean = rerankFeatures.reduce((s, f) => s + rerank[f], 0) / rerankFeatures.length;
  const out = { ...rerank };
  for (const f of rerankFeatures) out[f] = clamp(rerank[f] / mean, MULTIPLIER_MIN, MULTIPLIER_MAX);
  return out;
}

function nudge(
  rerank: Record<RerankFeature, number>,
  steps: Partial<Record<RerankFeature, number>>,
): Record<RerankFeature, number> {
  const out = { ...rerank };
  for (const f of rerankFeatures) {
    const step = steps[f];
    if (step !== undefined && step !== 0) out[f] = rerank[f] * Math.exp(clamp(step, -1, 1));
  }
  return settle(out);
}

function addSkill(
  state: LearningState,
  skillId: string | null | undefined,
  success: number,
  failure: number,
) {
  if (!skillId) return state.skills;
  const now = state.skills[skillId] ?? { success: 0, failure: 0 };
  return { ...state.skills, [skillId]: { success: now.success + success, failure: now.failure + failure } };
}

function addDecision(
  state: LearningState,
  platform: string,
  skillId: string | null | undefined,
  approved: boolean,
): LearningState['decisions'] {
  if (!skillId) return state.decisions;
  const forPlatform = state.decisions[platform] ?? {};
  const now = forPlatform[skillId] ?? { approved: 0, rejected: 0 };
  const next = approved ? { ...now, approved: now.approved + 1 } : { ...now, rejected: now.rejected + 1 };
  return { ...state.decisions, [platform]: { ...forPlatform, [skillId]: next } };
}

export interface ScoredCandidate {
  platform: string;
  skillId?: string | null | undefined;
  scores: Readonly<Record<string, number>>;
}

/**
 * A person chose `chosen` over `others` (its siblings on the same platform). Features where the chosen
 * one stood out gain weight; features where it fell behind lose some.
 */
export function learnFromApproval(
  state: LearningState,
  chosen: ScoredCandidate,
  others: readonly ScoredCandidate[],
): LearningState {
  const steps: Partial<Record<RerankFeature, number>> = {};
  for (const f of rerankFeatures) {
    const mine = featureValue(chosen.scores, f);
    const theirs = others.map((o) => featureValue(o.scores, f)).filter((v): v is number => v !== undefined);
    if (mine === undefined || theirs.length === 0) continue;
    steps[f] = APPROVAL_RATE * (mine - theirs.reduce((s, v) => s + v, 0) / theirs.length);
  }
  return {
    ...state,
    rerank: nudge(state.rerank, steps),
    skills: addSkill(state, chosen.skillId, 1, 0),
    decisions: addDecision(state, chosen.platform, chosen.skillId, true),
  };
}

/** Which feature a rejection reason says the reranker underweighted. */
export const reasonFeature: Readonly<Record<string, RerankFeature | undefined>> = {
  off_voice: 'voice',
  wrong_tone: 'voice',
  too_long: 'voice',
  too_short: 'voice',
  too_salesy: 'voice',
  wrong_facts: 'guards',
  off_topic: 'skillFit',
  wrong_format: 'skillFit',
  repetitive: 'diversity',
};

export function learnFromRejection(
  state: LearningState,
  reasons: readonly string[],
  rejected: readonly ScoredCandidate[],
): LearningState {
  const steps: Partial<Record<RerankFeature, number>> = {};
  for (const reason of new Set(reasons)) {
    const f = reasonFeature[reason];
    if (f) steps[f] = (steps[f] ?? 0) + REASON_RATE;
  }
  let next: LearningState = { ...state, rerank: nudge(state.rerank, steps) };
  // One decision per skill and platform, however many of its candidates were turned down at once.
  const seen = new Set<string>();
  for (const c of rejected) {
    if (!c.skillId || seen.has(`${c.platform}:${c.skillId}`)) continue;
    seen.add(`${c.platform}:${c.skillId}`);
    next = {
      ...next,
      skills: addSkill(next, c.skillId, 0, 1),
      decisions: addDecision(next, c.platform, c.skillId, false),
    };
  }
  return next;
}

function bumpWords(counts: Record<string, number>, words: readonly string[]): Record<string, number> {
  const out = { ...counts };
  for (const w of new Set(words)) out[w] = (out[w] ?? 0) + 1;
  const keys = Object.keys(out);
  if (keys.length <= MAX_WORDS) return out;
  // Forget the least-seen words (ties: alphabetical), so the map stays bounded and deterministic.
  keys.sort((a, b) => (out[b] as number) - (out[a] as number) || a.localeCompare(b));
  return Object.fromEntries(keys.slice(0, MAX_WORDS).map((k) => [k, out[k] as number]));
}

export function learnFromEdit(state: LearningState, diff: EditDiff, skillId?: string | null): LearningState {
  const e = state.edits;
  const ratio = diff.lengthBefore === 0 ? 1 : diff.lengthAfter / diff.lengthBefore;
  const edits: EditHabits = {
    count: e.count + 1,
    removedWords: bumpWords(e.removedWords, diff.removedWords),
    addedWords: bumpWords(e.addedWords, diff.addedWords),
    emojiRemovedEdits: e.emojiRemovedEdits + (diff.removedEmoji.length > diff.addedEmoji.length ? 1 : 0),
    emojiAddedEdits: e.emojiAddedEdits + (diff.addedEmoji.length > diff.removedEmoji.length ? 1 : 0),
    hashtagsRemovedEdits:
      e.hashtagsRemovedEdits + (diff.removedHashtags.length > diff.addedHashtags.length ? 1 : 0),
    hashtagsKeptMax:
      diff.removedHashtags.length > diff.addedHashtags.length
        ? Math.max(e.hashtagsKeptMax, diff.hashtagsAfter)
        : e.hashtagsKeptMax,
    shortenedEdits: e.shortenedEdits + (ratio < 0.9 ? 1 : 0),
    lengthenedEdits: e.lengthenedEdits + (ratio > 1.1 ? 1 : 0),
    lengthRatios: [...e.lengthRatios, Math.round(ratio * 1000) / 1000].slice(-MAX_RATIOS),
    exclamationsRemovedEdits:
      e.exclamationsRemovedEdits + (diff.exclamationsAfter < diff.exclamationsBefore ? 1 : 0),
  };
  return { ...state, edits, skills: addSkill(state, skillId, 0, diff.magnitude) };
}

export interface Outcome {
  skillId?: string | null | undefined;
  /** 0-1: how the post did (e.g. engagement against the tenant's median, squashed). */
  score: number;
  /** The candidate's scores when it was ranked (its `performance` prediction, if any). */
  scores?: Readonly<Record<string, number>> | undefined;
}

export function learnFromOutcome(state: LearningState, outcome: Outcome): LearningState {
  const score = clamp(outcome.score, 0, 1);
  const predicted = outcome.scores ? featureValue(outcome.scores, 'performance') : undefined;
  // Agreement 1 = the prediction was right, 0 = it was the opposite; above one half trusts it more.
  const steps =
    predicted === undefined
      ? {}
      : { performance: OUTCOME_RATE * 2 * (1 - Math.abs(score - predicted) - 0.5) };
  return {
    ...state,
    rerank: nudge(state.rerank, steps),
    skills: addSkill(state, outcome.skillId, score, 1 - score),
    outcomes: state.outcomes + 1,
  };
}

/**
 * A skill's learned weight: the posterior mean approval under a Beta prior (`prior`, by default the
 * uninformed Beta(2, 2); the cross-tenant figure when there is one), over one half, within [0.5, 1.5].
 */
export function skillWeight(
  evidence: BetaEvidence | undefined,
  prior: { alpha: number; beta: number },
): number {
  const s = evidence?.success ?? 0;
  const f = evidence?.failure ?? 0;
  const mean = (prior.alpha + s) / (prior.alpha + prior.beta + s + f);
  return Math.round(clamp(mean / 0.5, 0.5, 1.5) * 1000) / 1000;
}
