/**
 * Ranks skills for an analysed request: how well the skill's intents fit, how similar its text is to
 * the request (the library's hybrid search), whether it serves the platforms and format asked for,
 * and how its posts have done for this tenant. Below a confidence threshold the matcher asks a
 * question instead of guessing.
 */
import type { Platform } from '../../../core/platforms.js';
import type { SkillDocument, SkillFormat, SkillIntent } from '../format/types.js';
import type { IntentScore, RequestAnalysis } from './analyse.js';
import { intentInfo } from './intents.js';

export interface RankInput {
  skill: SkillDocument;
  origin: 'builtin' | 'tenant';
  /** Fused similarity of the skill's text to the request (0-1). */
  similarity: number;
  /** Mean outcome score (0-1) and how many outcomes it rests on. */
  performance?: { mean: number; outcomes: number };
}

export interface RankedSkill {
  id: string;
  version: number;
  name: string;
  origin: 'builtin' | 'tenant';
  score: number;
  /** The parts of the score, for people to see why. */
  reasons: { intent: number; similarity: number; platform: number; format: number; performance: number };
}

export interface Clarification {
  question: string;
  options: Array<{ intent: SkillIntent; label: string; skill: string | null }>;
}

/** Weights of the score's parts; they sum to 1. */
export const RANK_WEIGHTS = { intent: 0.5, similarity: 0.2, platform: 0.15, format: 0.1, performance: 0.05 };
/** Below this share of belief in the top intent, the matcher asks instead of guessing. */
export const CLARIFY_BELOW = 0.3;

function intentFit(skill: SkillDocument, intents: readonly IntentScore[]): number {
  const p = new Map(intents.map((i) => [i.intent, i.probability]));
  // A skill's first intent is what it is for; later ones are secondary uses.
  return Math.max(0, ...skill.intents.map((intent, i) => (p.get(intent) ?? 0) * (i === 0 ? 1 : 0.85)));
}

function platformFit(skill: SkillDocument, asked: readonly Platform[]): number {
  if (asked.length === 0) return 1;
  return asked.filter((p) => skill.platforms.includes(p)).length / asked.length;
}

/** Multi-part formats only when asked for: a carousel is not the default answer to "a post". */
function formatFit(skill: SkillDocument, asked: SkillFormat | undefined): number {
  const primary = skill.formats[0];
  if (asked === undefined) return primary === 'thread' || primary === 'carousel' ? 0.3 : 1;
  if (skill.formats.includes(asked)) return 1;
  // A photo or video goes with any single-post skill; the others do not stretch.
  if ((asked === 'image' || asked === 'video') && skill.formats.includes('text')) return 0.6;
  return 0;
}

function performanceFit(p: RankInput['performance']): number {
  if (!p || p.outcomes === 0) return 0.5;
  // Shrunk towards the middle until there are enough results to trust.
  return 0.5 + ((p.mean - 0.5) * p.outcomes) / (p.outcomes + 5);
}

export function rankSkills(analysis: RequestAnalysis, candidates: readonly RankInput[]): RankedSkill[] {
  const w = RANK_WEIGHTS;
  return candidates
    .map((c) => {
      const reasons = {
        intent: intentFit(c.skill, analysis.intents),
        similarity: c.similarity,
        platform: platformFit(c.skill, analysis.platforms),
        format: formatFit(c.skill, analysis.format),
        performance: performanceFit(c.performance),
      };
      const score =
        w.intent * reasons.intent +
        w.similarity * reasons.similarity +
        w.platform * reasons.platform +
        w.format * reasons.format +
        w.performance * reasons.performance;
      const round = (n: number) => Math.round(n * 1000) / 1000;
      return {
        id: c.skill.id,
        version: c.skill.version,
        name: c.skill.name,
        origin: c.origin,
        score: round(score),
        reasons: {
          intent: round(reasons.intent),
          similarity: round(reasons.similarity),
          platform: round(reasons.platform),
          format: round(reasons.format),
          performance: round(reasons.performance),
        },
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.origin === b.origin ? (a.id < b.id ? -1 : 1) : a.origin === 'tenant' ? -1 : 1),
    );
}

/** A question that helps the person say what they want, with the likeliest kinds of post as options. */
export function clarification(
  analysis: RequestAnalysis,
  ranked: readonly RankedSkill[],
  skills: readonly SkillDocument[],
): Clarification {
  const seen = new Set<SkillIntent>();
  const options: Clarification['options'] = [];
  const consider = [
    ...analysis.intents.filter((i) => i.score > 0).map((i) => i.intent),
    ...ranked.flatMap((r) => skills.find((s) => s.id === r.id)?.intents.slice(0, 1) ?? []),
    ...(['product_spotlight', 'how_to', 'announcement'] as const),
  ];
  for (const intent of consider) {
    if (seen.has(intent) || options.length >= 3) continue;
    seen.add(intent);
    const best = ranked.find((r) => skills.find((s) => s.id === r.id)?.intents.includes(intent));
    options.push({ intent, label: intentInfo[intent].label, skill: best?.id ?? null });
  }
  const labels = options.map((o) => o.label);
  const list =
    labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : (labels[0] ?? 'a post');
  const where = analysis.platforms.length === 0 ? ' and which platform it is for' : '';
  return {
    question: `What kind of post should this be: ${list}? Tell me what it is about${where}.`,
    options,
  };
}
