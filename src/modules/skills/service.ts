/**
 * Skills services: the library (library.ts, re-exported here), and matching, executing and building
 * skills for one tenant at a time.
 */
import { AppError } from '../../core/errors.js';
import { isPlatform, type Platform } from '../../core/platforms.js';
import { type BuildAnalysis, buildSkill, type ExamplePost } from './build/builder.js';
import { wordWithModel } from './build/llm.js';
import { type ExampleObject, parseVoiceExamples } from './deps.js';
import { type ExecutionResult, executeSkill } from './execute/executor.js';
import { loadSkillFacts, type SkillContext, type SkillFacts } from './execute/facts.js';
import { llmSlotFiller } from './execute/llm-filler.js';
import { offlineSlotFiller } from './execute/offline-filler.js';
import type { SlotFiller } from './execute/slot-filler.js';
import { resolveVariables, type VariableInput } from './execute/variables.js';
import { parseSkill } from './format/parse.js';
import type { SkillDocument, SkillFormat, SkillIssue } from './format/types.js';
import { libraryOf, requireRole, skillVersion, statsOf } from './library.js';
import { findEntities } from './match/analyse.js';
import { type MatchResult, matchRequest } from './match/matcher.js';
import * as repo from './repository.js';
import { hybridRank, searchText } from './search.js';

export * from './library.js';

export interface MatchSkillsInput {
  request: string;
  platforms?: Platform[] | undefined;
  format?: SkillFormat | undefined;
  limit?: number | undefined;
}

/** Matches a request against the tenant's library. */
export async function matchSkills(ctx: SkillContext, input: MatchSkillsInput): Promise<MatchResult> {
  requireRole(ctx, 'viewer');
  const [library, stats, facts] = await Promise.all([libraryOf(ctx), statsOf(ctx), loadSkillFacts(ctx)]);
  const ranked = await hybridRank(
    ctx.app,
    ctx.tenantId,
    input.request,
    library.map((e) => ({ key: e.skill.id, version: e.skill.version, text: searchText(e.skill) })),
    ctx.signal,
  );
  const similarity = new Map(ranked.map((r) => [r.key, r.score]));
  return matchRequest(
    input,
    library.map((e) => {
      const s = stats.get(e.skill.id);
      return {
        skill: e.skill,
        origin: e.origin,
        ...(s && s.meanScore !== null ? { performance: { mean: s.meanScore, outcomes: s.outcomes } } : {}),
      };
    }),
    facts,
    similarity,
  );
}

export interface ExecuteSkillInput {
  id: string;
  version?: number | undefined;
  platform: Platform;
  format?: SkillFormat | undefined;
  request?: string | undefined;
  variables?: Record<string, VariableInput> | undefined;
  /** `auto`: the AI layer's generation model (the offline filler when it is `local`); `offline`: always offline. */
  engine?: 'auto' | 'offline' | undefined;
}

export interface ExecuteSkillResult extends ExecutionResult {
  variables: Record<
    string,
    { value: Record<string, string | null>; source: string; id: string | null; reason: string }
  >;
}

/** The slot filler for a request: generation's model through the AI layer, or the offline filler. */
export function slotFillerFor(ctx: SkillContext, engine: 'auto' | 'offline' = 'auto'): SlotFiller {
  return engine === 'offline' ? offlineSlotFiller : llmSlotFiller(ctx.app, ctx.tenantId);
}

/** Writes a post with a skill for one platform, with the tenant's knowledge and voice. */
export async function executeSkillFor(
  ctx: SkillContext,
  input: ExecuteSkillInput,
  options: { filler?: SlotFiller; facts?: SkillFacts } = {},
): Promise<ExecuteSkillResult> {
  requireRole(ctx, 'editor');
  const { skill } = await skillVersion(ctx, input.id, input.version);
  const facts = options.facts ?? (await loadSkillFacts(ctx));
  const mentioned = input.request ? findEntities(input.request, facts).map((e) => e.id) : [];
  const resolved = resolveVariables(skill, facts, {
    provided: input.variables,
    request: input.request,
    mentioned,
  });
  if (resolved.problems.length > 0) {
    const first = resolved.problems[0] as { variable: string; message: string };
    throw new AppError('skills.missing_variable', 422, `${first.variable}: ${first.message}`, {
      problems: resolved.problems,
    });
  }
  const result = await executeSkill({
    skill,
    platform: input.platform,
    format: input.format,
    variables: resolved.values,
    facts,
    filler: options.filler ?? slotFillerFor(ctx, input.engine),
    request: input.request,
    signal: ctx.signal,
  });
  const variables: ExecuteSkillResult['variables'] = {};
  for (const [name, value] of Object.entries(resolved.values)) {
    if (!value) continue;
    variables[name] = {
      value: value.fields,
      source: value.source.kind,
      id: value.source.id,
      reason: resolved.reasons[name] ?? '',
    };
  }
  return { ...result, variables };
}

/** Counts a post written with a skill (generation calls this when a person keeps a candidate). */
export async function recordSkillUse(ctx: SkillContext, skillId: string): Promise<void> {
  requireRole(ctx, 'editor');
  await ctx.app.db.tenant(ctx.tenantId, (tx) => repo.addUse(tx, ctx.tenantId, skillId, ctx.app.clock.iso()));
}

/** Adds a published post's result (0-1, e.g. engagement against the tenant's median) to a skill's record. */
export async function recordSkillOutcome(ctx: SkillContext, skillId: string, score: number): Promise<void> {
  requireRole(ctx, 'editor');
  if (!(score >= 0 && score <= 1))
    throw new AppError('skills.invalid_score', 400, 'an outcome score is between 0 and 1');
  await ctx.app.db.tenant(ctx.tenantId, (tx) =>
    repo.addOutcome(tx, ctx.tenantId, skillId, score, ctx.app.clock.iso()),
  );
}

export interface BuildSkillInput {
  examples: string | ReadonlyArray<string | ExampleObject>;
  format?: 'auto' | 'jsonl' | 'csv' | 'text' | undefined;
  /** Platform of examples that name none. */
  platform?: Platform | undefined;
  id?: string | undefined;
  name?: string | undefined;
  /** Platforms the skill is for (default: the examples'). */
  platforms?: Platform[] | undefined;
  /** `auto`: a model words the file when one is configured; `offline`: the builder's own words. */
  engine?: 'auto' | 'offline' | undefined;
}

export interface BuildSkillResult {
  content: string;
  skill: SkillDocument;
  analysis: BuildAnalysis;
  /** `local` when the builder's own wording was kept, else the `provider:model` that worded it. */
  model: string;
  issues: SkillIssue[];
}

/** Fewest example posts a structure can be learned from. */
const MIN_EXAMPLES = 3;

/** Builds a skill file from example posts (it is not stored; create it to keep it). */
export async function buildSkillFromExamples(
  ctx: SkillContext,
  input: BuildSkillInput,
): Promise<BuildSkillResult> {
  requireRole(ctx, 'editor');
  let parsed: ReturnType<typeof parseVoiceExamples>;
  try {
    parsed = parseVoiceExamples(input.examples, {
      format: input.format ?? 'auto',
      ...(input.platform ? { platform: input.platform } : {}),
    });
  } catch (error) {
    // The same reader as the voice's examples; its problems are this operation's to report.
    if (error instanceof AppError && error.code === 'voice.invalid_examples')
      throw new AppError('skills.invalid_examples', 400, error.message, error.details);
    throw error;
  }
  const posts: ExamplePost[] = parsed.map((e) => ({
    id: e.id,
    text: e.text,
    ...(e.platform && isPlatform(e.platform) ? { platform: e.platform } : {}),
    ...(e.engagement !== undefined ? { engagement: e.engagement } : {}),
  }));
  if (posts.length < MIN_EXAMPLES)
    throw new AppError(
      'skills.too_few_examples',
      400,
      `a skill is built from at least ${MIN_EXAMPLES} example posts; got ${posts.length}`,
      {
        posts: posts.length,
      },
    );
  if (input.id !== undefined && !/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(input.id))
    throw new AppError(
      'skills.invalid_id',
      400,
      `id "${input.id}" must be 1-64 characters of a-z, 0-9 and -`,
    );
  let built = buildSkill(posts, { id: input.id, name: input.name, platforms: input.platforms });
  let model = 'local';
  // A model needs a tenant to bill; the operator without one gets the offline wording.
  if ((input.engine ?? 'auto') === 'auto' && ctx.tenantId) {
    const worded = await wordWithModel(ctx.app, ctx.tenantId, built, ctx.signal);
    built = worded.built;
    model = worded.model;
  }
  const { issues } = parseSkill(built.content);
  return { content: built.content, skill: built.skill, analysis: built.analysis, model, issues };
}
