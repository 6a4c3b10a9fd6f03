/**
 * The seam through which later results reach learning: publishing or analytics call `recordOutcome` once a
 * published candidate's engagement is known (e.g. when its measuring window closes), with a 0-1 score
 * (engagement against the tenant's median for the platform, squashed into 0-1). The first outcome of a
 * candidate is learned from; a repeat is stored nowhere and reported as a duplicate, so a retry by the
 * caller never counts twice.
 */
import { AppError } from '../../../core/errors.js';
import { newPrefixedId } from '../../../core/ids.js';
import { writeJson } from '../../../db/dialect.js';
import type { OperationContext } from '../../../operations/define.js';
import { loadContent } from '../content.js';
import { learn, lockLearning } from '../learning/service.js';
import { learnFromOutcome } from '../learning/state.js';
import * as repo from './repository.js';
import { skillsOf } from './skill-of.js';

export interface OutcomeInput {
  contentId: string;
  candidateId: string;
  /** 0-1. */
  score: number;
  /** Where the figure comes from, e.g. `analytics:engagement_rate`. */
  source?: string | undefined;
  /** The raw measurements behind the score, kept with the event. */
  metrics?: Record<string, number> | undefined;
}

export interface OutcomeResult {
  recorded: boolean;
  /** True when this candidate already had an outcome: nothing was changed. */
  duplicate: boolean;
}

export async function recordOutcome(ctx: OperationContext, input: OutcomeInput): Promise<OutcomeResult> {
  if (!(input.score >= 0 && input.score <= 1))
    throw new AppError('generation.invalid_outcome', 400, 'an outcome score is between 0 and 1', {
      score: input.score,
    });
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    // Taken first so two calls for the same candidate cannot both find no outcome.
    await lockLearning(tx, ctx);
    const content = await loadContent(tx, ctx.tenantId, input.contentId);
    const candidate = content.candidates.find((c) => c.id === input.candidateId);
    if (!candidate)
      throw new AppError(
        'generation.candidate_not_found',
        404,
        `content ${content.id} has no candidate ${input.candidateId}`,
        { contentId: content.id, candidateIds: [input.candidateId] },
      );
    if (await repo.findOutcome(tx, ctx.tenantId, candidate.id)) return { recorded: false, duplicate: true };
    const skillId = (await skillsOf(tx, ctx.tenantId, content))(candidate);
    await repo.insertFeedback(tx, [
      {
        id: newPrefixedId('fb'),
        tenant_id: ctx.tenantId,
        content_id: content.id,
        candidate_id: candidate.id,
        platform: candidate.platform,
        kind: 'outcome',
        skill_id: skillId,
        reasons: writeJson([]),
        note: null,
        detail: writeJson({ score: input.score, source: input.source ?? null, metrics: input.metrics ?? {} }),
        actor: ctx.actor.id ?? ctx.actor.type,
        created_at: ctx.app.clock.iso(),
      },
    ]);
    await learn(tx, ctx, (s) =>
      learnFromOutcome(s, { skillId, score: input.score, scores: candidate.scores }),
    );
    return { recorded: true, duplicate: false };
  });
}
