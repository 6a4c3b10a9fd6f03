/**
 * The generation pipeline: request → parse (the skills matcher) → context (search, catalogue, voice,
 * recent posts, performance) → skills (per platform) → generate (offline composer, or a model through
 * the AI layer with the composer as its fallback) → guards (with fixers) → defects → rerank (voice,
 * skill fit, guards, performance, MMR diversity) → store (content, ranked candidates, run). Every
 * stage is a named function; its time is recorded on the result and on the stored run.
 */

import { modelForTask } from '../../../ai/models.js';
import { AppError, forbidden, notFound } from '../../../core/errors.js';
import { newPrefixedId } from '../../../core/ids.js';
import { platforms as allPlatforms, type Platform } from '../../../core/platforms.js';
import { readJson, writeJson } from '../../../db/dialect.js';
import { type OperationContext, roleAllows } from '../../../operations/define.js';
import { isOutOfStock } from '../compose/availability.js';
import { citationsFor } from '../compose/citations.js';
import { type RefineModifiers, readFeedback } from '../compose/feedback.js';
import { OFF_OCCASION_FIT, suitsOccasion } from '../compose/occasion.js';
import { hashString } from '../compose/rng.js';
import { topicOf } from '../compose/select.js';
import { type ComposeStyle, styleFrom } from '../compose/style.js';
import { stripEmoji } from '../compose/text.js';
import { loadContent } from '../content.js';
import * as contentRepo from '../repository.js';
import { guardScore, rerank } from '../rerank/rank.js';
import { mergeWeights, type RerankWeights } from '../rerank/weights.js';
import type { Candidate, Citation, GuardResult } from '../schemas.js';
import { type AssembledContext, assembleContext, guardContext, guardFacts } from './context.js';
import {
  formatPrice,
  libraryOf,
  type MatchResult,
  matchSkills,
  type ProductView,
  scoreVoiceMatch,
  skillVersion,
} from './deps.js';
import { guardText } from './guard.js';
import { llmDrafts } from './llm.js';
import { type Draft, offlineDrafts, type SkillChoice, withPrice } from './offline.js';
import * as repo from './repository.js';
import {
  type GenerateInput,
  GenerateInput as GenerateInputSchema,
  type GenerateOptions,
  type GenerateResult,
  type RefineInput,
  RefineInput as RefineInputSchema,
  type StageName,
} from './schemas.js';

export type { GenerateInput, GenerateResult, RefineInput } from './schemas.js';

/** Times each stage; `stages` is what the result and the run carry. */
class StageClock {
  readonly stages: Partial<Record<StageName, number>> = {};
  async run<T>(name: StageName, fn: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.stages[name] = Math.round((performance.now() - started) * 100) / 100;
    }
  }
}

const RESTOCK = /\b(back in stock|restock(ed)?|back again|in stock again|replenish(ed)?)\b/i;

/** Drafts written beyond the candidates shown (the reranker chooses among them). */
const POOL_EXTRA = 1;
const FALLBACK_SKILLS = ['product-spotlight', 'announcement', 'quick-tip', 'faq-answer'];
/** Skills that suit most requests, tried early when the request's kind of post is unclear. */
const GENERAL_SKILLS = ['product-spotlight', 'announcement'];
/** A voice score (0-100) below this marks a candidate off voice. */
const OFF_VOICE_BELOW = 30;

interface RunPlan {
  request: string;
  platforms: Platform[];
  count: number;
  seed: number;
  engine: 'auto' | 'offline';
  skill?: string | undefined;
  modifiers: RefineModifiers;
  /** The content being refined: its own earlier candidates are not "recent posts" to avoid. */
  revising?: string;
}

interface Scored {
  draft: Draft;
  text: string;
  guards: GuardResult[];
  defects: string[];
  citations: Citation[];
  voice: number;
}

interface PipelineOutput {
  match: MatchResult;
  engine: string;
  fallbackFrom: GenerateResult['fallbackFrom'];
  ranked: Map<Platform, Candidate[]>;
  skills: Map<Platform, string[]>;
  /** Which skill wrote each candidate (by candidate id): learning credits approvals to it. */
  candidateSkills: Record<string, string>;
  notes: string[];
  stages: Partial<Record<StageName, number>>;
  clock: StageClock;
}

function requireEditor(ctx: OperationContext): void {
  if (!roleAllows(ctx.role, 'editor')) throw forbidden('writing content needs the editor role');
}

/** The product the request is about: the first catalogue product it names. */
function namedProduct(match: MatchResult, products: readonly ProductView[]): ProductView | undefined {
  for (const e of match.entities) {
    if (e.type !== 'product' && e.type !== 'service') continue;
    const p = products.find((x) => x.id === e.id);
    if (p) return p;
  }
  return undefined;
}

function skillsFor(
  platform: Platform,
  match: MatchResult,
  library: Map<string, SkillChoice['skill']>,
  learned: Record<string, number>,
  request: string,
): SkillChoice[] {
  const out: SkillChoice[] = [];
  // "Back in stock" states that something was out of stock: only when the request says so.
  const restock = RESTOCK.test(request);
  // The request's kind of post, when the matcher can tell.
  const intent = match.clarify ? null : (match.intent?.id ?? null);
  for (const ranked of match.skills) {
    const skill = library.get(ranked.id);
    if (!skill?.platforms.includes(platform)) continue;
    if (!skill.formats.includes('text') && !skill.formats.includes('image')) continue;
    if (skill.id === 'back-in-stock' && !restock) continue;
    const factor = learned[skill.id];
    // A skill whose locked line speaks for another occasion ("Thank you to everyone who has been part
    // of it.") falls behind the others.
    const occasion = suitsOccasion(skill, intent) ? 1 : OFF_OCCASION_FIT;
    const fit = Math.max(
      0,
      Math.min(
        1,
        ranked.score * occasion * (typeof factor === 'number' && Number.isFinite(factor) ? factor : 1),
      ),
    );
    out.push({ skill, fit });
  }
  out.sort((a, b) => b.fit - a.fit);
  // When the matcher cannot tell what kind of post this is, the general skills compete with its
  // guesses (a milestone post is a poor guess for "next-day delivery").
  if (match.clarify) {
    const top = out[0]?.fit ?? 0.3;
    const general: SkillChoice[] = [];
    for (const id of GENERAL_SKILLS) {
      const at = out.findIndex((c) => c.skill.id === id);
      const skill = at >= 0 ? out.splice(at, 1)[0]?.skill : library.get(id);
      if (skill?.platforms.includes(platform)) general.push({ skill, fit: top * 0.8 });
    }
    out.splice(Math.min(1, out.length), 0, ...general);
  }
  // Skills that write from almost any knowledge base, tried last when the matched ones cannot be filled.
  for (const id of FALLBACK_SKILLS) {
    const skill = library.get(id);
    if (skill?.platforms.includes(platform) && !out.some((c) => c.skill.id === id))
      out.push({ skill, fit: 0.1 });
  }
  return out;
}

async function learnedWeights(
  ctx: OperationContext,
): Promise<{ rerank: RerankWeights; skills: Record<string, number> }> {
  const source = ctx.app.generationWeights;
  if (!source) return { rerank: mergeWeights(undefined), skills: {} };
  try {
    const learned = await source(ctx);
    return { rerank: mergeWeights(learned.rerank), skills: learned.skills ?? {} };
  } catch (error) {
    // Learned weights refine the order; without them the defaults still give a sound one.
    ctx.app.logger.warn({ err: error, tenantId: ctx.tenantId }, 'learned generation weights unavailable');
    return { rerank: mergeWeights(undefined), skills: {} };
  }
}

async function predictedPerformance(
  ctx: OperationContext,
  platform: Platform,
  skillIds: readonly string[],
): Promise<Record<string, number>> {
  const source = ctx.app.generationPerformance;
  if (!source) return {};
  try {
    return await source(ctx, { platform, skillIds });
  } catch (error) {
    ctx.app.logger.warn({ err: error, tenantId: ctx.tenantId }, 'predicted performance unavailable');
    return {};
  }
}

function usesModel(ctx: OperationContext, plan: RunPlan): boolean {
  return plan.engine === 'auto' && modelForTask(ctx.app.config.ai, 'generation') !== 'local';
}

/** Stages parse → rerank, shared by generate and refine. */
async function runPipeline(ctx: OperationContext, plan: RunPlan): Promise<PipelineOutput> {
  const clock = new StageClock();
  const notes: string[] = [];
  const query = [plan.request, plan.modifiers.focus].filter(Boolean).join('. ');

  const match = await clock.run('parse', () =>
    matchSkills(ctx, { request: query, platforms: plan.platforms, limit: 12 }),
  );
  // No platforms given: those the request names, else all four.
  if (plan.platforms.length === 0)
    plan.platforms = match.platforms.length > 0 ? [...match.platforms] : [...allPlatforms];
  if (match.clarify && !plan.skill)
    notes.push(`The request is open to more than one reading: ${match.clarify.question}`);

  const context = await clock.run('context', () => assembleContext(ctx, query, plan.revising));
  const price = (p: ProductView) => formatPrice(p);
  const named = namedProduct(match, context.products);
  const soldOut = named && isOutOfStock(named) ? named : null;
  if (soldOut)
    notes.push(
      `${soldOut.name} is out of stock in the catalogue: the candidates say so${soldOut.availableFrom ? ', with when it is back,' : ''} and offer an in-stock alternative where there is one.`,
    );

  const weights = await learnedWeights(ctx);
  const skills = await clock.run('skills', async () => {
    const library = new Map((await libraryOf(ctx)).map((e) => [e.skill.id, e.skill]));
    if (plan.skill) {
      const forced = await skillVersion(ctx, plan.skill);
      library.set(forced.skill.id, forced.skill);
    }
    const out = new Map<Platform, SkillChoice[]>();
    for (const platform of plan.platforms) {
      const forcedSkill = plan.skill ? library.get(plan.skill) : undefined;
      if (forcedSkill?.platforms.includes(platform)) out.set(platform, [{ skill: forcedSkill, fit: 1 }]);
      else out.set(platform, skillsFor(platform, match, library, weights.skills, query));
    }
    return out;
  });

  const style = styleFrom(context.voice?.effective ?? null, context.voice?.rules ?? [], plan.modifiers);
  const topic = topicOf(plan.request, context.facts);
  if (topic.absent && !soldOut)
    notes.push(
      `The knowledge base says nothing about ${topic.phrase}: the candidates say it is not listed and point to what the business does list.`,
    );
  const offlineInput = {
    platforms: plan.platforms,
    skills,
    context,
    request: query,
    mentioned: match.entities.map((e) => e.id),
    soldOut,
    topic,
    intent: match.clarify ? null : (match.intent?.id ?? null),
    style,
    seed: plan.seed,
    pool: plan.count + POOL_EXTRA,
    price,
  };
  const generated = await clock.run('generate', async () => {
    if (usesModel(ctx, plan))
      return llmDrafts(ctx, { ...offlineInput, count: plan.count, modifiers: plan.modifiers });
    return { drafts: await offlineDrafts(offlineInput), engine: 'local', fallbackFrom: [] };
  });
  for (const platform of plan.platforms)
    if ((generated.drafts.get(platform) ?? []).length === 0)
      notes.push(
        `Nothing could be written for ${platform}: the knowledge base has too little on this request.`,
      );

  const facts = guardFacts(context, plan.request, price);
  const gctx = guardContext(context, facts);
  const guarded = await clock.run('guards', () => {
    const out = new Map<Platform, Array<{ draft: Draft; outcome: ReturnType<typeof guardText> }>>();
    for (const [platform, drafts] of generated.drafts) {
      out.set(
        platform,
        drafts.map((d) => {
          const draft = finish(d, style);
          return { draft, outcome: guardText(platform, draft.text, gctx) };
        }),
      );
    }
    return out;
  });

  const scored = await clock.run('defects', () => {
    const out = new Map<Platform, Scored[]>();
    for (const [platform, items] of guarded) {
      // Voice scoring is the costly part: only the drafts that can still be shown are scored, the
      // rest of the pool is passed over on guard outcome and skill fit alone.
      const pre = (x: (typeof items)[number]) =>
        weights.rerank.guards * guardScore(x.outcome.guards, [...x.outcome.defects, ...x.draft.defects]) +
        weights.rerank.skillFit * x.draft.skillFit;
      const finalists = items
        .map((x, i) => ({ x, i, score: pre(x) }))
        .sort((a, b) => b.score - a.score || a.i - b.i)
        .slice(0, plan.count)
        .sort((a, b) => a.i - b.i)
        .map(({ x }) => x);
      out.set(
        platform,
        finalists.map(({ draft, outcome }) => classify(platform, draft, outcome, context)),
      );
    }
    return out;
  });

  const candidateSkills: Record<string, string> = {};
  const ranked = await clock.run('rerank', async () => {
    const out = new Map<Platform, Candidate[]>();
    for (const [platform, items] of scored) {
      const perf = await predictedPerformance(
        ctx,
        platform,
        items.map((s) => s.draft.skillId).filter((id): id is string => id !== null),
      );
      const order = rerank(
        items.map((s) => ({
          text: s.text,
          voice: s.voice / 100,
          skillFit: s.draft.skillFit,
          performance: s.draft.skillId ? (perf[s.draft.skillId] ?? 0) : 0,
          guards: s.guards,
          defects: s.defects,
          structure: s.draft.structure,
        })),
        weights.rerank,
        plan.count,
      );
      out.set(
        platform,
        order.map(({ index, scores }, i) => {
          const s = items[index] as Scored;
          const id = newPrefixedId('cand');
          if (s.draft.skillId) candidateSkills[id] = s.draft.skillId;
          return {
            id,
            platform,
            rank: i + 1,
            text: s.text,
            scores: { ...scores, voiceScore: s.voice },
            guards: s.guards,
            citations: s.citations,
            defects: s.defects,
          };
        }),
      );
    }
    return out;
  });

  const skillIds = new Map<Platform, string[]>();
  for (const [platform, items] of scored)
    skillIds.set(platform, [...new Set(items.map((s) => s.draft.skillId ?? 'sold-out-notice'))]);
  return {
    match,
    engine: generated.engine,
    fallbackFrom: generated.fallbackFrom,
    ranked,
    skills: skillIds,
    candidateSkills,
    notes,
    stages: clock.stages,
    clock,
  };
}

/** The last touches a person asked for, applied to the finished draft. */
function finish(draft: Draft, style: ComposeStyle): Draft {
  let d = draft;
  if (style.modifiers.mentionPrice) {
    d = withPrice(d);
    // A draft about no priced product cannot do what was asked: the others go first.
    if (!d.product?.price) d = { ...d, skillFit: d.skillFit * 0.3 };
  }
  if (style.modifiers.noEmoji || (style.emojiShare === 0 && style.modifiers.formal))
    d = { ...d, text: stripEmoji(d.text) };
  if (style.modifiers.noHashtags)
    d = {
      ...d,
      text: d.text
        .replace(/(^|\s)#[\p{L}\p{N}_]+/gu, '')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    };
  return d;
}

function classify(
  platform: Platform,
  draft: Draft,
  outcome: ReturnType<typeof guardText>,
  context: AssembledContext,
): Scored {
  const defects = new Set<string>([...outcome.defects, ...draft.defects]);
  let voice = 50;
  if (context.voice) {
    voice = scoreVoiceMatch(context.voice.profile, outcome.text, platform, context.voice.rules).score;
    if (voice < OFF_VOICE_BELOW) defects.add('off_voice');
  }
  if (outcome.text.trim().length === 0) defects.add('empty');
  const citations = citationsFor(outcome.text, draft.segments, draft.values);
  for (const c of outcome.citations)
    if (!citations.some((x) => x.sentence === c.sentence && x.entryId === c.entryId)) citations.push(c);
  return { draft, text: outcome.text, guards: outcome.guards, defects: [...defects], citations, voice };
}

function toRows(ctx: OperationContext, contentId: string, ranked: Map<Platform, Candidate[]>, now: string) {
  return [...ranked.values()].flat().map((c) => ({
    id: c.id,
    tenant_id: ctx.tenantId,
    content_id: contentId,
    platform: c.platform,
    rank: c.rank,
    text: c.text,
    scores: writeJson(c.scores),
    guards: writeJson(c.guards),
    citations: writeJson(c.citations),
    defects: writeJson(c.defects),
    created_at: now,
  }));
}

function resultOf(id: string, runId: string, request: string, out: PipelineOutput): GenerateResult {
  const candidates: GenerateResult['candidates'] = {};
  for (const [platform, list] of out.ranked) candidates[platform] = list;
  const skills: GenerateResult['skills'] = {};
  for (const [platform, list] of out.skills) skills[platform] = list;
  return {
    id,
    request,
    engine: out.engine,
    fallbackFrom: out.fallbackFrom,
    intent: out.match.intent ? { id: out.match.intent.id, confidence: out.match.intent.confidence } : null,
    candidates,
    skills,
    notes: out.notes,
    stages: out.stages as Record<string, number>,
    run: runId,
  };
}

function details(plan: RunPlan, out: PipelineOutput, previous?: Record<string, string>) {
  return writeJson({
    platforms: plan.platforms,
    count: plan.count,
    skills: Object.fromEntries(out.skills),
    candidateSkills: out.candidateSkills,
    intent: out.match.intent,
    fallbackFrom: out.fallbackFrom,
    notes: out.notes,
    modifiers: plan.modifiers,
    ...(plan.skill ? { skill: plan.skill } : {}),
    ...(previous ? { previous } : {}),
  });
}

/** Writes 2-3 ranked candidates per platform for a request and stores them as a draft content. */
export async function generateContent(ctx: OperationContext, input: GenerateInput): Promise<GenerateResult> {
  requireEditor(ctx);
  const options: GenerateOptions = GenerateInputSchema.parse(input);
  const plan: RunPlan = {
    request: options.request,
    platforms: options.platforms ? [...new Set(options.platforms)] : [],
    count: options.candidates,
    seed: options.seed ?? hashString(`${ctx.tenantId}\u0000${options.request}`) & 0x7fffffff,
    engine: options.engine,
    skill: options.skill,
    modifiers: {},
  };
  const out = await runPipeline(ctx, plan);
  if ([...out.ranked.values()].every((list) => list.length === 0))
    throw new AppError(
      'generation.nothing_to_write',
      422,
      'the knowledge base holds nothing this request could be written from; add pages or entries about it',
      { notes: out.notes },
    );
  const id = newPrefixedId('cnt');
  const runId = newPrefixedId('run');
  await out.clock.run('store', async () => {
    const now = ctx.app.clock.iso();
    await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
      await contentRepo.insertContent(tx, {
        id,
        tenant_id: ctx.tenantId,
        status: 'draft',
        source: 'generated',
        request: plan.request,
        media: writeJson([]),
        engine: out.engine,
        created_by: ctx.actor.id ?? ctx.actor.type,
        created_at: now,
        updated_at: now,
        approved_at: null,
        rejected_reason: null,
      });
      await contentRepo.insertCandidates(tx, toRows(ctx, id, out.ranked, now));
      await repo.insertRun(tx, {
        id: runId,
        tenant_id: ctx.tenantId,
        content_id: id,
        kind: 'generate',
        feedback: null,
        engine: out.engine,
        seed: plan.seed,
        details: details(plan, out),
        stages: writeJson(out.stages),
        created_by: ctx.actor.id ?? ctx.actor.type,
        created_at: now,
      });
    });
  });
  return resultOf(id, runId, plan.request, out);
}

interface StoredRun {
  seed: number;
  platforms: Platform[];
  count: number;
  skill?: string;
  modifiers: RefineModifiers;
}

/**
 * Revises a content's candidates from a person's feedback: the same request, skills and seed, with the
 * feedback's asks applied (shorter, more playful, the price, no emoji …) and its other words steering
 * the facts chosen. The revised candidates replace the old ones on the same content (the old texts are
 * kept on the run); an approved content goes back to draft.
 */
export async function refineContent(ctx: OperationContext, input: RefineInput): Promise<GenerateResult> {
  requireEditor(ctx);
  const options = RefineInputSchema.parse(input);
  const { content, run } = await ctx.app.db.read(ctx.tenantId, async (db) => ({
    content: await loadContent(db, ctx.tenantId, options.id),
    run: await repo.latestRun(db, ctx.tenantId, options.id),
  }));
  if (content.source !== 'generated' || !content.request)
    throw new AppError(
      'generation.not_generated',
      400,
      `content ${content.id} was written by a person; edit its text instead of refining it`,
    );
  const stored = readJson<Partial<StoredRun>>(run?.details ?? '{}', {});
  const contentPlatforms = [...new Set(content.candidates.map((c) => c.platform))];
  const platforms = options.platforms ?? contentPlatforms;
  const missing = platforms.filter((p) => !contentPlatforms.includes(p));
  if (missing.length > 0)
    throw notFound(
      'generation.platform_not_in_content',
      `a ${missing.join(', ')} candidate in content ${content.id}`,
    );
  const modifiers = mergeModifiers(stored.modifiers ?? {}, readFeedback(options.feedback));
  const plan: RunPlan = {
    request: content.request,
    platforms,
    count: Math.max(2, Math.min(3, stored.count ?? 3)),
    seed: ((run?.seed ?? hashString(content.request)) + 1) & 0x7fffffff,
    engine: 'auto',
    skill: stored.skill,
    modifiers,
    revising: content.id,
  };
  const out = await runPipeline(ctx, plan);
  // "Shorter" must come out shorter than what the person saw.
  if (modifiers.shorter) enforceShorter(out.ranked, content.candidates);
  const previous = Object.fromEntries(
    content.candidates
      .filter((c) => c.rank === 1 && platforms.includes(c.platform))
      .map((c) => [c.platform, c.text]),
  );
  const runId = newPrefixedId('run');
  await out.clock.run('store', async () => {
    const now = ctx.app.clock.iso();
    await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
      await repo.deleteCandidates(tx, ctx.tenantId, content.id, platforms);
      await contentRepo.insertCandidates(tx, toRows(ctx, content.id, out.ranked, now));
      await contentRepo.updateContent(tx, ctx.tenantId, content.id, {
        engine: out.engine,
        updated_at: now,
        status: 'draft',
        approved_at: null,
      });
      await repo.insertRun(tx, {
        id: runId,
        tenant_id: ctx.tenantId,
        content_id: content.id,
        kind: 'refine',
        feedback: options.feedback,
        engine: out.engine,
        seed: plan.seed,
        details: details(plan, out, previous),
        stages: writeJson(out.stages),
        created_by: ctx.actor.id ?? ctx.actor.type,
        created_at: now,
      });
    });
  });
  return resultOf(content.id, runId, content.request, out);
}

/** Earlier asks still hold unless the new feedback reverses them ("more playful" after "more formal"). */
function mergeModifiers(before: RefineModifiers, now: RefineModifiers): RefineModifiers {
  const out: RefineModifiers = { ...before, ...now };
  if (now.playful) delete out.formal;
  if (now.formal) delete out.playful;
  if (now.longer) delete out.shorter;
  if (now.shorter) delete out.longer;
  if (now.moreHashtags) delete out.noHashtags;
  // Focus words and the text are this round's only.
  if (!now.focus) delete out.focus;
  return out;
}

/** Drops candidates that came out no shorter than the person's previous top one, keeping at least one. */
function enforceShorter(ranked: Map<Platform, Candidate[]>, before: readonly Candidate[]): void {
  for (const [platform, list] of ranked) {
    const old = before.find((c) => c.platform === platform && c.rank === 1);
    if (!old) continue;
    const shorter = list.filter((c) => c.text.length < old.text.length);
    if (shorter.length > 0 && shorter.length < list.length)
      ranked.set(
        platform,
        shorter.map((c, i) => ({ ...c, rank: i + 1 })),
      );
  }
}
