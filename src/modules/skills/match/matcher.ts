/**
 * The matcher: request text → intent with a confidence, platforms, format, the knowledge it names,
 * and the skills ranked for it; a clarifying question when the intent is not clear enough. Pure: the
 * library, the tenant's facts and the similarity of each skill to the request are passed in.
 */
import type { Platform } from '../../../core/platforms.js';
import type { SkillFacts } from '../execute/facts.js';
import type { SkillDocument, SkillFormat, SkillIntent } from '../format/types.js';
import { analyseRequest, type IntentScore, type MentionedEntity, NO_INTENT_SCORE } from './analyse.js';
import { intentInfo } from './intents.js';
import {
  CLARIFY_BELOW,
  type Clarification,
  clarification,
  type RankedSkill,
  type RankInput,
  rankSkills,
} from './rank.js';

export interface MatchCandidate {
  skill: SkillDocument;
  origin: 'builtin' | 'tenant';
  performance?: { mean: number; outcomes: number };
}

export interface MatchInput {
  request: string;
  /** Platforms the caller already knows (override what the text says). */
  platforms?: readonly Platform[] | undefined;
  format?: SkillFormat | undefined;
  limit?: number | undefined;
}

export interface MatchResult {
  intent: { id: SkillIntent; label: string; confidence: number } | null;
  /** The three likeliest intents. */
  intents: Array<{ intent: SkillIntent; probability: number; cues: string[] }>;
  platforms: Platform[];
  format: SkillFormat | null;
  entities: MentionedEntity[];
  skills: RankedSkill[];
  /** Set when the request is too vague to choose: ask this instead of writing. */
  clarify: Clarification | null;
}

/** How much a skill's similarity to the request adds to the evidence for its intent. */
export const SIMILARITY_EVIDENCE = 1.5;
const SHARPNESS = 1.1;

/** Adds the library's similarity as evidence for each skill's first intent, and re-shares belief. */
function withSimilarity(
  intents: readonly IntentScore[],
  candidates: readonly MatchCandidate[],
  similarity: ReadonlyMap<string, number>,
): IntentScore[] {
  const best = new Map<SkillIntent, number>();
  for (const c of candidates) {
    const intent = c.skill.intents[0] as SkillIntent;
    best.set(intent, Math.max(best.get(intent) ?? 0, similarity.get(c.skill.id) ?? 0));
  }
  const scored = intents.map((i) => ({
    ...i,
    score: i.score + SIMILARITY_EVIDENCE * (best.get(i.intent) ?? 0),
  }));
  const exp = scored.map((s) => Math.exp(SHARPNESS * s.score));
  const total =
    exp.reduce((a, b) => a + b, 0) + Math.exp(SHARPNESS * (NO_INTENT_SCORE + SIMILARITY_EVIDENCE * 0.5));
  return scored
    .map((s, i) => ({ ...s, probability: (exp[i] as number) / total }))
    .sort((a, b) => b.probability - a.probability);
}

export function matchRequest(
  input: MatchInput,
  candidates: readonly MatchCandidate[],
  facts: SkillFacts,
  similarity: ReadonlyMap<string, number>,
): MatchResult {
  const base = analyseRequest(input.request, facts);
  const analysis = {
    ...base,
    intents: withSimilarity(base.intents, candidates, similarity),
    platforms: input.platforms && input.platforms.length > 0 ? [...input.platforms] : base.platforms,
    format: input.format ?? base.format,
  };
  const ranked = rankSkills(
    analysis,
    candidates.map(
      (c): RankInput => ({
        skill: c.skill,
        origin: c.origin,
        similarity: similarity.get(c.skill.id) ?? 0,
        ...(c.performance ? { performance: c.performance } : {}),
      }),
    ),
  );
  const top = analysis.intents[0];
  const confident = top !== undefined && top.probability >= CLARIFY_BELOW;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    intent: top
      ? { id: top.intent, label: intentInfo[top.intent].label, confidence: round(top.probability) }
      : null,
    intents: analysis.intents
      .slice(0, 3)
      .map((i) => ({ intent: i.intent, probability: round(i.probability), cues: i.cues })),
    platforms: analysis.platforms,
    format: analysis.format ?? null,
    entities: analysis.entities,
    skills: ranked.slice(0, input.limit ?? 5),
    clarify: confident
      ? null
      : clarification(
          analysis,
          ranked,
          candidates.map((c) => c.skill),
        ),
  };
}
