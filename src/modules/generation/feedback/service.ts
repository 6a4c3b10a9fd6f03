/**
 * A person's verdict on content: approve (which candidate per platform), reject (why), edit (their own
 * wording of one candidate, with the diff kept). Each runs in one tenant transaction with the learning it
 * causes, so a failure leaves neither half-written.
 */
import { AppError, conflict, isAppError } from '../../../core/errors.js';
import { newPrefixedId } from '../../../core/ids.js';
import type { Platform } from '../../../core/platforms.js';
import type { Executor } from '../../../db/connect.js';
import { writeJson } from '../../../db/dialect.js';
import type { OperationContext } from '../../../operations/define.js';
import { scoreVoice } from '../../voice/index.js';
import { loadContent } from '../content.js';
import { type GuardContext, type GuardedText, runTextGuards } from '../guards/index.js';
import { learn } from '../learning/service.js';
import {
  learnFromApproval,
  learnFromEdit,
  learnFromRejection,
  type ScoredCandidate,
} from '../learning/state.js';
import { assembleContext, guardContext, guardFacts } from '../pipeline/context.js';
import { formatPrice } from '../pipeline/deps.js';
import * as contentRepo from '../repository.js';
import type { Candidate, Citation, Content } from '../schemas.js';
import { diffEdit, type EditDiff } from './diff.js';
import * as repo from './repository.js';
import type { ApproveInput, EditInput, RejectInput } from './schemas.js';
import { skillsOf } from './skill-of.js';

const candidateNotFound = (ids: readonly string[], contentId: string) =>
  new AppError(
    'generation.candidate_not_found',
    404,
    `content ${contentId} has no candidate ${ids.join(', ')}`,
    { contentId, candidateIds: [...ids] },
  );

type SkillOf = (c: Candidate) => string | null;

function scored(c: Candidate, skillOf: SkillOf): ScoredCandidate {
  return { platform: c.platform, skillId: skillOf(c), scores: c.scores };
}

function actorOf(ctx: OperationContext): string {
  return ctx.actor.id ?? ctx.actor.type;
}

/** The platform's candidates by rank. */
function ofPlatform(content: Content, platform: Platform): Candidate[] {
  return content.candidates.filter((c) => c.platform === platform).sort((a, b) => a.rank - b.rank);
}

/**
 * Puts `chosen` first on its platform (publishing takes each platform's rank-1 candidate) and records the
 * approval with what learning needs: the rank the reranker gave it and how it compared with its siblings.
 */
async function approveCandidates(
  tx: Executor,
  ctx: OperationContext,
  content: Content,
  chosen: ReadonlyMap<Platform, Candidate>,
): Promise<void> {
  const skillOf = await skillsOf(tx, ctx.tenantId, content);
  const now = ctx.app.clock.iso();
  const platforms = [...new Set(content.candidates.map((c) => c.platform))].sort();
  for (const platform of platforms) {
    const own = ofPlatform(content, platform);
    const pick = chosen.get(platform) ?? own[0];
    if (!pick) continue;
    // Approving again what is already approved and on top changes nothing and teaches nothing.
    if (content.status === 'approved' && pick.rank === 1) continue;
    if (pick.rank !== 1) {
      await repo.setRanks(tx, ctx.tenantId, content.id, [
        pick.id,
        ...own.filter((c) => c.id !== pick.id).map((c) => c.id),
      ]);
    }
    const others = own.filter((c) => c.id !== pick.id);
    await repo.insertFeedback(tx, [
      {
        id: newPrefixedId('fb'),
        tenant_id: ctx.tenantId,
        content_id: content.id,
        candidate_id: pick.id,
        platform,
        kind: 'approve',
        skill_id: skillOf(pick),
        reasons: writeJson([]),
        note: null,
        detail: writeJson({ rankBefore: pick.rank, candidates: own.length }),
        actor: actorOf(ctx),
        created_at: now,
      },
    ]);
    await learn(tx, ctx, (s) =>
      learnFromApproval(
        s,
        scored(pick, skillOf),
        others.map((o) => scored(o, skillOf)),
      ),
    );
  }
  await contentRepo.updateContent(tx, ctx.tenantId, content.id, {
    status: 'approved',
    approved_at: content.status === 'approved' && content.approvedAt ? content.approvedAt : now,
    rejected_reason: null,
    updated_at: now,
  });
}

function chosenPerPlatform(content: Content, candidateIds: readonly string[]): Map<Platform, Candidate> {
  const byId = new Map(content.candidates.map((c) => [c.id, c]));
  const unknown = candidateIds.filter((id) => !byId.has(id));
  if (unknown.length) throw candidateNotFound(unknown, content.id);
  const chosen = new Map<Platform, Candidate>();
  for (const id of new Set(candidateIds)) {
    const c = byId.get(id) as Candidate;
    const already = chosen.get(c.platform);
    if (already)
      throw new AppError(
        'generation.one_candidate_per_platform',
        400,
        `choose one ${c.platform} candidate, not ${already.id} and ${c.id}`,
        { platform: c.platform, candidateIds: [already.id, c.id] },
      );
    chosen.set(c.platform, c);
  }
  return chosen;
}

export async function approveContent(ctx: OperationContext, input: ApproveInput): Promise<Content> {
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const content = await loadContent(tx, ctx.tenantId, input.id);
    if (content.candidates.length === 0)
      throw conflict('generation.nothing_to_approve', `content ${content.id} has no candidate to approve`);
    await approveCandidates(tx, ctx, content, chosenPerPlatform(content, input.candidateIds));
    return loadContent(tx, ctx.tenantId, content.id);
  });
}

export async function rejectContent(ctx: OperationContext, input: RejectInput): Promise<Content> {
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const content = await loadContent(tx, ctx.tenantId, input.id);
    if (content.status === 'rejected')
      throw conflict('generation.already_rejected', `content ${content.id} is already rejected`, {
        contentId: content.id,
      });
    const skillOf = await skillsOf(tx, ctx.tenantId, content);
    const byId = new Map(content.candidates.map((c) => [c.id, c]));
    const unknown = input.candidateIds.filter((id) => !byId.has(id));
    if (unknown.length) throw candidateNotFound(unknown, content.id);
    const targets = input.candidateIds.length
      ? [...new Set(input.candidateIds)].map((id) => byId.get(id) as Candidate)
      : content.candidates;
    const now = ctx.app.clock.iso();
    const note = input.note?.length ? input.note : null;
    await repo.insertFeedback(
      tx,
      (targets.length ? targets : [undefined]).map((c) => ({
        id: newPrefixedId('fb'),
        tenant_id: ctx.tenantId,
        content_id: content.id,
        candidate_id: c?.id ?? null,
        platform: c?.platform ?? null,
        kind: 'reject',
        skill_id: c ? skillOf(c) : null,
        reasons: writeJson(input.reasons),
        note,
        detail: writeJson({ statusBefore: content.status }),
        actor: actorOf(ctx),
        created_at: now,
      })),
    );
    await learn(tx, ctx, (s) =>
      learnFromRejection(
        s,
        input.reasons,
        targets.map((c) => scored(c, skillOf)),
      ),
    );
    await contentRepo.updateContent(tx, ctx.tenantId, content.id, {
      status: 'rejected',
      approved_at: null,
      rejected_reason: `${input.reasons.join(', ')}${note ? `: ${note}` : ''}`,
      updated_at: now,
    });
    return loadContent(tx, ctx.tenantId, content.id);
  });
}

/**
 * The candidate's voice scores for the edited text: `voice` (0-1, what the reranker uses) and
 * `voiceScore` (0-100) when it had them; unchanged when no voice profile is learned.
 */
async function rescoredVoice(
  ctx: OperationContext,
  candidate: Candidate,
  text: string,
): Promise<Record<string, number>> {
  const scores = candidate.scores;
  if (typeof scores.voice !== 'number' && typeof scores.voiceScore !== 'number') return scores;
  try {
    const { score } = await scoreVoice(ctx, { text, platform: candidate.platform });
    return {
      ...scores,
      ...(typeof scores.voice === 'number' ? { voice: Math.round(score * 10) / 1000 } : {}),
      ...(typeof scores.voiceScore === 'number' ? { voiceScore: score } : {}),
    };
  } catch (error) {
    if (isAppError(error) && error.code === 'voice.not_learned') return scores;
    throw error;
  }
}

/**
 * What a person's edit is checked against: the same facts, voice rules and recent posts as generated
 * candidates (a claim the edit adds must still trace to the knowledge base), without this content's own
 * candidates among the recent posts (an edit is not a duplicate of what it replaces).
 */
async function editGuardContext(
  ctx: OperationContext,
  content: Content,
  text: string,
): Promise<GuardContext> {
  // Search with the request (what the post is about); a person's own content has none, so its new text.
  const assembled = await assembleContext(ctx, content.request ?? text);
  const own = new Set(content.candidates.map((c) => c.id));
  const context = guardContext(
    { ...assembled, recentPosts: assembled.recentPosts.filter((p) => !own.has(p.id)) },
    guardFacts(assembled, content.request ?? '', (p) => formatPrice(p)),
  );
  return context;
}

/** The guards' citations of the edited text, and the earlier ones whose sentence the edit kept. */
function keptCitations(before: readonly Citation[], guarded: GuardedText): Citation[] {
  const out = [...guarded.citations];
  const seen = new Set(out.map((c) => `${c.entryId}\u0000${c.sentence}`));
  for (const c of before) {
    const key = `${c.entryId}\u0000${c.sentence}`;
    if (guarded.text.includes(c.sentence) && !seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}

export interface EditResult {
  content: Content;
  diff: EditDiff;
  before: string;
}

/**
 * Replaces a candidate's text with the person's edit after the same text guards, keeps the previous text
 * and the diff as a feedback event, and learns from the diff. Citations whose sentence the edit removed
 * are dropped: the entry no longer supports anything there.
 */
export async function editContent(ctx: OperationContext, input: EditInput): Promise<EditResult> {
  const read = await ctx.app.db.read(ctx.tenantId, (db) => loadContent(db, ctx.tenantId, input.id));
  const candidate = read.candidates.find((c) => c.id === input.candidateId);
  if (!candidate) throw candidateNotFound([input.candidateId], read.id);
  if (candidate.text === input.text)
    throw new AppError('generation.edit_unchanged', 400, 'the edited text is the same as the candidate’s', {
      candidateId: candidate.id,
    });
  // A person's own words: reported on, never rewritten (fix: false), as content.create does.
  const guarded = runTextGuards(candidate.platform, input.text, {
    ...(await editGuardContext(ctx, read, input.text)),
    fix: false,
  });
  // Scored outside the transaction (the voice module reads in its own); checked for a race below.
  const scores = await rescoredVoice(ctx, candidate, guarded.text);
  const diff = diffEdit(candidate.text, guarded.text);
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const content = await loadContent(tx, ctx.tenantId, input.id);
    const current = content.candidates.find((c) => c.id === candidate.id);
    if (!current) throw candidateNotFound([candidate.id], content.id);
    if (current.text !== candidate.text)
      throw conflict(
        'generation.edit_conflict',
        `candidate ${candidate.id} changed while you edited it; edit it again`,
        {
          candidateId: candidate.id,
        },
      );
    const skillOf = await skillsOf(tx, ctx.tenantId, content);
    const now = ctx.app.clock.iso();
    await repo.updateCandidate(tx, ctx.tenantId, candidate.id, {
      text: guarded.text,
      guards: writeJson(guarded.guards),
      defects: writeJson(guarded.defects),
      citations: writeJson(keptCitations(current.citations, guarded)),
      scores: writeJson(scores),
    });
    await repo.insertFeedback(tx, [
      {
        id: newPrefixedId('fb'),
        tenant_id: ctx.tenantId,
        content_id: content.id,
        candidate_id: candidate.id,
        platform: candidate.platform,
        kind: 'edit',
        skill_id: skillOf(candidate),
        reasons: writeJson([]),
        note: null,
        detail: writeJson({ before: candidate.text, after: guarded.text, diff }),
        actor: actorOf(ctx),
        created_at: now,
      },
    ]);
    await learn(tx, ctx, (s) => learnFromEdit(s, diff, skillOf(candidate)));
    if (input.approve) {
      const edited = await loadContent(tx, ctx.tenantId, content.id);
      const pick = edited.candidates.find((c) => c.id === candidate.id) as Candidate;
      await approveCandidates(tx, ctx, edited, new Map([[pick.platform, pick]]));
    } else {
      await contentRepo.updateContent(tx, ctx.tenantId, content.id, {
        // An edit is a person working on it again: a rejected content becomes a draft.
        ...(content.status === 'rejected' ? { status: 'draft', rejected_reason: null } : {}),
        updated_at: now,
      });
    }
    return { content: await loadContent(tx, ctx.tenantId, content.id), diff, before: candidate.text };
  });
}

/** Feedback events of one content, oldest first. */
export async function contentFeedback(ctx: OperationContext, contentId: string): Promise<repo.FeedbackRow[]> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    await loadContent(db, ctx.tenantId, contentId);
    return repo.listFeedback(db, ctx.tenantId, contentId);
  });
}
