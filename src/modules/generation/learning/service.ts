/**
 * Learning from what people do with content: the per-tenant state is updated in the same transaction as
 * the feedback that causes it, voice rules are proposed from edit habits, and the reranker and skill
 * weights are read back by generation through `learnedWeightsFrom` (a `WeightsSource`).
 */
import { randomInt } from 'node:crypto';
import { AppError, conflict, notFound } from '../../../core/errors.js';
import { newPrefixedId } from '../../../core/ids.js';
import type { Executor } from '../../../db/connect.js';
import { readJson, writeJson } from '../../../db/dialect.js';
import type { OperationContext } from '../../../operations/define.js';
import type { AppServices } from '../../../operations/services.js';
import { builtinSkills } from '../../skills/index.js';
import { updateVoiceRules } from '../../voice/index.js';
import * as repo from './repository.js';
import { type Contribution, releaseFigures, type SharedFigure } from './shared.js';
import {
  initialState,
  type LearningState,
  normaliseState,
  type RerankFeature,
  rerankFeatures,
  skillWeight,
} from './state.js';
import { type SuggestedRule, suggestRules } from './suggestions.js';

/** Locks the tenant's learning state for this transaction (creating it when missing). */
export async function lockLearning(tx: Executor, ctx: OperationContext): Promise<void> {
  await repo.lockState(tx, ctx.app.db.dialect, ctx.tenantId, writeJson(initialState()), ctx.app.clock.iso());
}

/** Applies `update` to the tenant's state inside the caller's transaction and refreshes the proposals. */
export async function learn(
  tx: Executor,
  ctx: OperationContext,
  update: (state: LearningState) => LearningState,
): Promise<LearningState> {
  const now = ctx.app.clock.iso();
  const row = await repo.lockState(tx, ctx.app.db.dialect, ctx.tenantId, writeJson(initialState()), now);
  const next = update(normaliseState(readJson<Partial<LearningState>>(row.state, initialState())));
  await repo.saveState(tx, ctx.tenantId, next, row.events + 1, now);
  await repo.upsertSuggestions(
    tx,
    suggestRules(next.edits).map((s) => ({
      id: newPrefixedId('vsug'),
      tenant_id: ctx.tenantId,
      key: s.key,
      rule: writeJson(s.rule),
      reason: s.reason,
      evidence: writeJson(s.evidence),
      status: 'proposed',
      created_at: now,
      updated_at: now,
      decided_by: null,
    })),
  );
  return next;
}

export async function loadState(
  db: Executor,
  tenantId: string,
): Promise<{ state: LearningState; events: number }> {
  const row = await repo.readState(db, tenantId);
  return {
    state: normaliseState(row ? readJson<Partial<LearningState>>(row.state, initialState()) : null),
    events: row?.events ?? 0,
  };
}

/** Strength of a prior, in decisions: Beta(2, 2) when nothing is known. */
const PRIOR_STRENGTH = 4;

export interface LearnedWeights {
  rerank: Record<RerankFeature, number>;
  skills: Record<string, number>;
}

/** Beta priors per skill from the shared figures: the mean released approval rate over its platforms. */
function sharedPriors(
  figures: readonly repo.SharedFigureRow[],
): Map<string, { alpha: number; beta: number }> {
  const rates = new Map<string, number[]>();
  for (const f of figures) rates.set(f.skill_id, [...(rates.get(f.skill_id) ?? []), Number(f.approval_rate)]);
  const out = new Map<string, { alpha: number; beta: number }>();
  for (const [skill, list] of rates) {
    const r = Math.min(0.95, Math.max(0.05, list.reduce((s, v) => s + v, 0) / list.length));
    out.set(skill, { alpha: PRIOR_STRENGTH * r, beta: PRIOR_STRENGTH * (1 - r) });
  }
  return out;
}

/**
 * The tenant's reranker weights (the defaults times the learned multipliers) and skill weights (1 =
 * neutral, 0.5-1.5), for generation's reranker. Skills the tenant has no evidence on still get a weight
 * when the shared figures know them.
 */
export async function readLearnedWeights(
  ctx: OperationContext,
  defaults: Readonly<Record<RerankFeature, number>>,
): Promise<LearnedWeights> {
  const { state, figures } = await ctx.app.db.read(ctx.tenantId, async (db) => ({
    state: (await loadState(db, ctx.tenantId)).state,
    figures: await repo.listSharedFigures(db),
  }));
  const rerank = {} as Record<RerankFeature, number>;
  for (const f of rerankFeatures) rerank[f] = Math.round(defaults[f] * state.rerank[f] * 10_000) / 10_000;
  const priors = sharedPriors(figures);
  const uninformed = { alpha: PRIOR_STRENGTH / 2, beta: PRIOR_STRENGTH / 2 };
  const skills: Record<string, number> = {};
  for (const id of [...new Set([...Object.keys(state.skills), ...priors.keys()])].sort()) {
    skills[id] = skillWeight(state.skills[id], priors.get(id) ?? uninformed);
  }
  return { rerank, skills };
}

/** A `WeightsSource` over the given default reranker weights. */
export function learnedWeightsFrom(
  defaults: Readonly<Record<RerankFeature, number>>,
): (ctx: OperationContext) => Promise<LearnedWeights> {
  return (ctx) => readLearnedWeights(ctx, defaults);
}

export interface SuggestionView {
  id: string;
  rule: SuggestedRule;
  reason: string;
  evidence: Record<string, number>;
  status: 'proposed' | 'accepted' | 'dismissed';
  createdAt: string;
  updatedAt: string;
  decidedBy: string | null;
}

function toSuggestion(row: repo.SuggestionRow): SuggestionView {
  return {
    id: row.id,
    rule: readJson<SuggestedRule>(row.rule, { kind: 'note', text: '' }),
    reason: row.reason,
    evidence: readJson<Record<string, number>>(row.evidence, {}),
    status: row.status as SuggestionView['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    decidedBy: row.decided_by,
  };
}

export async function listSuggestions(
  ctx: OperationContext,
  status: SuggestionView['status'] | undefined,
): Promise<SuggestionView[]> {
  const rows = await ctx.app.db.read(ctx.tenantId, (db) => repo.listSuggestions(db, ctx.tenantId, status));
  return rows.map(toSuggestion);
}

const suggestionNotFound = (id: string) => notFound('generation.suggestion_not_found', `suggestion ${id}`);

async function proposed(ctx: OperationContext, id: string): Promise<repo.SuggestionRow> {
  const row = await ctx.app.db.read(ctx.tenantId, (db) => repo.findSuggestion(db, ctx.tenantId, id));
  if (!row) throw suggestionNotFound(id);
  if (row.status !== 'proposed')
    throw conflict('generation.suggestion_decided', `suggestion ${id} was already ${row.status}`, {
      id,
      status: row.status,
    });
  return row;
}

/**
 * Pins the proposed rule on the voice profile (voice's own rules API, which refuses when no voice is
 * learned yet), then marks the proposal accepted. Adding a rule twice adds it once, so a retry after a
 * failure between the two steps is safe.
 */
export async function acceptSuggestion(ctx: OperationContext, id: string): Promise<SuggestionView> {
  const row = await proposed(ctx, id);
  await updateVoiceRules(ctx, {
    add: [readJson<SuggestedRule>(row.rule, { kind: 'note', text: row.reason })],
  });
  return decide(ctx, id, 'accepted');
}

export async function dismissSuggestion(ctx: OperationContext, id: string): Promise<SuggestionView> {
  await proposed(ctx, id);
  return decide(ctx, id, 'dismissed');
}

async function decide(
  ctx: OperationContext,
  id: string,
  status: 'accepted' | 'dismissed',
): Promise<SuggestionView> {
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    await repo.decideSuggestion(
      tx,
      ctx.tenantId,
      id,
      status,
      ctx.actor.id ?? ctx.actor.type,
      ctx.app.clock.iso(),
    );
    const row = await repo.findSuggestion(tx, ctx.tenantId, id);
    if (!row) throw suggestionNotFound(id);
    return toSuggestion(row);
  });
}

export interface LearningSummary {
  events: number;
  rerankMultipliers: Record<RerankFeature, number>;
  skills: { skillId: string; success: number; failure: number; weight: number }[];
  edits: {
    count: number;
    shortened: number;
    emojiRemoved: number;
    hashtagsRemoved: number;
    topRemovedWords: string[];
  };
  outcomes: number;
  proposedRules: number;
}

/** What the tenant's learning holds, as a person would read it. */
export async function learningSummary(ctx: OperationContext): Promise<LearningSummary> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const { state, events } = await loadState(db, ctx.tenantId);
    const proposals = await repo.listSuggestions(db, ctx.tenantId, 'proposed');
    const uninformed = { alpha: PRIOR_STRENGTH / 2, beta: PRIOR_STRENGTH / 2 };
    const round = (v: number) => Math.round(v * 1000) / 1000;
    return {
      events,
      rerankMultipliers: Object.fromEntries(rerankFeatures.map((f) => [f, round(state.rerank[f])])) as Record<
        RerankFeature,
        number
      >,
      skills: Object.entries(state.skills)
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([skillId, e]) => ({
          skillId,
          success: round(e.success),
          failure: round(e.failure),
          weight: skillWeight(e, uninformed),
        })),
      edits: {
        count: state.edits.count,
        shortened: state.edits.shortenedEdits,
        emojiRemoved: state.edits.emojiRemovedEdits,
        hashtagsRemoved: state.edits.hashtagsRemovedEdits,
        topRemovedWords: Object.entries(state.edits.removedWords)
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 10)
          .map(([w]) => w),
      },
      outcomes: state.outcomes,
      proposedRules: proposals.length,
    };
  });
}

/** The shortest time between two releases of the shared figures: each release spends privacy budget. */
export const RELEASE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** A uniform draw in (0, 1) from the operating system's generator. */
const systemRandom = (): number => (randomInt(1, 2 ** 47) as number) / 2 ** 47;

/**
 * Recomputes the installation-wide figures from every tenant's decision counts (system work: the
 * operator's operation, or a schedule). At most one release a day.
 */
export async function releaseSharedFigures(
  app: AppServices,
  random: () => number = systemRandom,
): Promise<{ figures: SharedFigure[]; releasedAt: string }> {
  const shared = new Set(builtinSkills(app).map((b) => b.skill.id));
  const now = app.clock.iso();
  return app.db.system(async (tx) => {
    const last = await repo.lastRelease(tx);
    if (last && app.clock.nowMs() - Date.parse(last) < RELEASE_INTERVAL_MS) {
      throw new AppError(
        'generation.shared_release_too_soon',
        429,
        `the shared figures were released at ${last}; the next release is allowed a day later`,
        { releasedAt: last },
      );
    }
    const byTenant: Contribution[][] = (await repo.allStates(tx)).map((raw) => {
      const state = normaliseState(readJson<Partial<LearningState>>(raw, initialState()));
      return Object.entries(state.decisions).flatMap(([platform, skills]) =>
        Object.entries(skills).map(([skillId, c]) => ({ platform, skillId, ...c })),
      );
    });
    const figures = releaseFigures(byTenant, (id) => shared.has(id), random);
    await repo.replaceSharedFigures(
      tx,
      figures.map((f) => ({
        key: f.key,
        platform: f.platform,
        skill_id: f.skillId,
        approval_rate: f.approvalRate,
        tenants_band: f.tenantsBand,
        released_at: now,
      })),
    );
    return { figures, releasedAt: now };
  });
}

export async function readSharedFigures(app: AppServices): Promise<SharedFigure[]> {
  const rows = await app.db.systemRead((db) => repo.listSharedFigures(db));
  return rows.map((r) => ({
    key: r.key,
    platform: r.platform,
    skillId: r.skill_id,
    approvalRate: Number(r.approval_rate),
    tenantsBand: r.tenants_band,
  }));
}
