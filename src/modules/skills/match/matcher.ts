/**
 * The matcher: request text → intent with a confidence, platforms, format, the knowledge it names,
 * and the skills ranked for it; a clarifying question when the intent is not clear enough. Pure: the
 * library, the tenant's facts and the similarity of each skill to the request are passed in.
 */
import type { Platform } from '../../../core/platforms.js';
import type { SkillFacts } from '../execute/facts.js';
import type { SkillDocument, SkillFormat, SkillIntent } from '../format/types.js';
import {
  analyseRequest,
  type IntentScore,
  type MentionedEntity,
  NO_INTENT_SCORE,
  shareBelief,
} from './analyse.js';
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

/** Adds the library's similarity as evidence for each skill's first intent, and re-shares belief. */
/**
 * What the knowledge a request names says about its intent: a person is usually introduced (unless
 * the post is a job ad), an offer code promoted, an award celebrated.
 */
export const ENTITY_EVIDENCE: Readonly<Record<string, { intent: SkillIntent; weight: number }>> = {
  person: { intent: 'team', weight: 2 },
  offer: { intent: 'promotion', weight: 1.5 },
  certification: { intent: 'milestone', weight: 1.5 },
};

function withEntities(intents: readonly IntentScore[], entities: readonly MentionedEntity[]): IntentScore[] {
  const hiring = intents.find((i) => i.intent === 'hiring')?.score ?? 0;
  return intents.map((i) => {
    let score = i.score;
    const cues = [...i.cues];
    for (const type of new Set(entities.map((e) => e.type))) {
      const evidence = ENTITY_EVIDENCE[type];
      if (!evidence || evidence.intent !== i.intent || (type === 'person' && hiring > 0)) continue;
      score += evidence.weight;
      cues.push(`names a ${type}`);
    }
    return { ...i, score, cues };
  });
}

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
  // Some skill is always the most similar, so "none of these" rises by half of the most it could get.
  return shareBelief(scored, NO_INTENT_SCORE + SIMILARITY_EVIDENCE * 0.5).sort(
    (a, b) => b.probability - a.probability,
  );
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
    intents: withSimilarity(withEntities(base.intents, base.entities), candidates, similarity),
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
