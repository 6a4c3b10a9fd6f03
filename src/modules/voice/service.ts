/**
 * Voice services: learn, read, pin rules, score and measure drift for one tenant. Each takes an
 * explicit context (tenant, role, app services); the repository does the SQL, the tenant's envelope
 * encryption protects everything stored.
 */

import { AppError, conflict, forbidden } from '../../core/errors.js';
import { type Role, roleAllows } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import { websiteCopy } from '../knowledge/index.js';
import { analyseVoice } from './analysis.js';
import { compareVoice, type VoiceDrift } from './drift.js';
import {
  type ExampleObject,
  MAX_EXAMPLE_CHARS,
  parseVoiceExamples,
  websiteExamples,
} from './examples/parse.js';
import { learnVoiceProfile } from './learn/learn-profile.js';
import * as repo from './repository.js';
import { addRules, applyPinnedRules } from './rules.js';
import { scoreVoiceMatch } from './score.js';
import type { VoiceAnalysis } from './summary.js';
import type {
  BrandVoiceProfile,
  PinnedRule,
  PinnedRuleInput,
  VoiceExample,
  VoicePlatform,
  VoiceScore,
} from './types.js';

/** What voice services need to know about the caller: an OperationContext satisfies it. */
export interface VoiceContext {
  tenantId: string;
  role: Role;
  app: AppServices;
  actor?: { type: string; id: string | null };
  signal?: AbortSignal;
}

function requireRole(ctx: VoiceContext, need: Role): void {
  if (!roleAllows(ctx.role, need)) throw forbidden(`this needs the ${need} role; the caller is ${ctx.role}`);
}

const notLearned = () =>
  new AppError(
    'voice.not_learned',
    404,
    'this tenant has no voice profile yet; run voice.learn with example posts first',
  );

/** Pages of the knowledge base a learn reads at most (the longest, i.e. richest, first). */
const KNOWLEDGE_PAGES_FOR_VOICE = 50;

export interface LearnVoiceInput {
  examples: string | ReadonlyArray<string | ExampleObject>;
  format?: 'auto' | 'jsonl' | 'csv' | 'text';
  /** Platform for examples that name none. */
  platform?: VoicePlatform;
  /** Website copy (plain texts), e.g. pages from the knowledge base. */
  websiteTexts?: readonly string[];
  /** Also learn from the copy of the pages crawled into the knowledge base. */
  useKnowledgeBase?: boolean;
  /** Make this version the drift baseline (the first version always is). */
  setBaseline?: boolean;
}

export interface VoiceProfileSummary {
  version: number;
  baselineVersion: number;
  learnedAt: string;
  examples: BrandVoiceProfile['examples'];
  tone: Record<keyof BrandVoiceProfile['tone'], { score: number; label: string }>;
  person: { dominant: BrandVoiceProfile['person']['dominant']; addressesReader: boolean };
  typicalLength: { p10: number; p50: number; p90: number };
  emoji: { postsWithEmoji: number; favourites: string[] };
  hashtags: { perPost: number; recurring: string[] };
  signaturePhrases: string[];
  analysis: VoiceAnalysis | null;
  analysisModel: string | null;
  rules: PinnedRule[];
}

export function summariseProfile(
  profile: BrandVoiceProfile,
  state: {
    version: number;
    baselineVersion: number;
    rules: PinnedRule[];
    analysis: VoiceAnalysis | null;
    analysisModel: string | null;
  },
): VoiceProfileSummary {
  const all = profile.length.chars.all;
  return {
    version: state.version,
    baselineVersion: state.baselineVersion,
    learnedAt: profile.learnedAt,
    examples: profile.examples,
    tone: {
      formalCasual: { score: profile.tone.formalCasual.score, label: profile.tone.formalCasual.label },
      seriousPlayful: { score: profile.tone.seriousPlayful.score, label: profile.tone.seriousPlayful.label },
      reservedEnthusiastic: {
        score: profile.tone.reservedEnthusiastic.score,
        label: profile.tone.reservedEnthusiastic.label,
      },
      plainTechnical: { score: profile.tone.plainTechnical.score, label: profile.tone.plainTechnical.label },
    },
    person: { dominant: profile.person.dominant, addressesReader: profile.person.addressesReader },
    typicalLength: { p10: all?.p10 ?? 0, p50: all?.p50 ?? 0, p90: all?.p90 ?? 0 },
    emoji: {
      postsWithEmoji: profile.emoji.postsWithEmoji,
      favourites: profile.emoji.favourites.map((e) => e.value),
    },
    hashtags: {
      perPost: profile.hashtags.perPost,
      recurring: profile.hashtags.recurring.map((h) => h.value),
    },
    signaturePhrases: profile.vocabulary.signaturePhrases.map((p) => p.value),
    analysis: state.analysis,
    analysisModel: state.analysisModel,
    rules: state.rules,
  };
}

/** Learns a new profile version from examples (and website copy) and makes it current. */
export async function learnVoice(ctx: VoiceContext, input: LearnVoiceInput): Promise<VoiceProfileSummary> {
  requireRole(ctx, 'editor');
  const { app, tenantId } = ctx;
  const crypto = app.crypto;
  const posts = parseVoiceExamples(input.examples, {
    format: input.format ?? 'auto',
    ...(input.platform ? { platform: input.platform } : {}),
  });
  const crawled = input.useKnowledgeBase
    ? await websiteCopy(app, tenantId, { limit: KNOWLEDGE_PAGES_FOR_VOICE, maxChars: MAX_EXAMPLE_CHARS })
    : [];
  const website = websiteExamples([...(input.websiteTexts ?? []), ...crawled]);
  const examples: VoiceExample[] = [...posts, ...website];
  // Learning is pure and can take a moment on thousands of posts: do it before opening a transaction.
  const profile = learnVoiceProfile(examples, { now: app.clock.iso() });
  const existing = await app.db.read(tenantId, (db) => repo.getState(db, crypto, tenantId));
  const rules = existing?.rules ?? [];
  const { analysis, model } = await analyseVoice(
    app,
    tenantId,
    applyPinnedRules(profile, rules),
    rules,
    examples,
    ctx.signal,
  );
  const now = app.clock.iso();
  const createdBy = ctx.actor ? (ctx.actor.id ?? ctx.actor.type) : null;
  const state = await app.db.tenant(tenantId, async (tx) => {
    const current = await repo.getState(tx, crypto, tenantId);
    const version = (await repo.latestVersion(tx, tenantId)) + 1;
    await repo.insertVersion(tx, crypto, tenantId, version, profile, examples, createdBy, now);
    const next = {
      currentVersion: version,
      baselineVersion: current && !input.setBaseline ? current.baselineVersion : version,
      rules: current?.rules ?? [],
      analysis,
      analysisModel: model,
      updatedAt: now,
    };
    await repo.saveState(tx, crypto, tenantId, next, current !== undefined);
    return next;
  });
  return summariseProfile(applyPinnedRules(profile, state.rules), {
    version: state.currentVersion,
    baselineVersion: state.baselineVersion,
    rules: state.rules,
    analysis,
    analysisModel: model,
  });
}

export interface LoadedVoice {
  profile: BrandVoiceProfile;
  /** The profile with pinned rules applied: what generation and people should use. */
  effective: BrandVoiceProfile;
  rules: PinnedRule[];
  version: number;
  baselineVersion: number;
  analysis: VoiceAnalysis | null;
  analysisModel: string | null;
}

/**
 * Decrypted profile versions, per process. A version never changes once written, so caching it by
 * (tenant, version) is safe; the rules and the current-version pointer are still read every time.
 * Kept small: a profile with a large lexical model can be several megabytes.
 */
const profileCache = new WeakMap<AppServices, Map<string, BrandVoiceProfile>>();
const PROFILE_CACHE_SIZE = 32;

function cachedProfile(app: AppServices, key: string): BrandVoiceProfile | undefined {
  const cache = profileCache.get(app);
  const hit = cache?.get(key);
  if (cache && hit) {
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

function rememberProfile(app: AppServices, key: string, profile: BrandVoiceProfile): void {
  let cache = profileCache.get(app);
  if (!cache) {
    cache = new Map();
    profileCache.set(app, cache);
  }
  cache.set(key, profile);
  if (cache.size > PROFILE_CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}

/** Loads the current (or a given) version with its rules. */
export async function loadVoice(ctx: VoiceContext, version?: number): Promise<LoadedVoice> {
  requireRole(ctx, 'viewer');
  const crypto = ctx.app.crypto;
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const state = await repo.getState(db, crypto, ctx.tenantId);
    if (!state) throw notLearned();
    const v = version ?? state.currentVersion;
    const key = `${ctx.tenantId}\u0000${v}`;
    const profile =
      cachedProfile(ctx.app, key) ?? (await repo.getVersionProfile(db, crypto, ctx.tenantId, v));
    if (profile) rememberProfile(ctx.app, key, profile);
    if (!profile)
      throw new AppError('voice.version_not_found', 404, `voice profile version ${v} was not found`, {
        version: v,
      });
    return {
      profile,
      effective: applyPinnedRules(profile, state.rules),
      rules: state.rules,
      version: v,
      baselineVersion: state.baselineVersion,
      analysis: state.analysis as VoiceAnalysis | null,
      analysisModel: state.analysisModel,
    };
  });
}

export interface VoiceDetails {
  summary: VoiceProfileSummary;
  /** The full learned profile with rules applied, without the scorer's internals. */
  profile: Omit<BrandVoiceProfile, 'scoring'>;
  versions: repo.VoiceVersionMeta[];
}

export async function getVoice(ctx: VoiceContext, input: { version?: number } = {}): Promise<VoiceDetails> {
  const loaded = await loadVoice(ctx, input.version);
  const versions = await ctx.app.db.read(ctx.tenantId, (db) => repo.listVersions(db, ctx.tenantId));
  const { scoring: _scoring, ...profile } = loaded.effective;
  return {
    summary: summariseProfile(loaded.effective, {
      version: loaded.version,
      baselineVersion: loaded.baselineVersion,
      rules: loaded.rules,
      analysis: loaded.analysis,
      analysisModel: loaded.analysisModel,
    }),
    profile,
    versions,
  };
}

/**
 * Adds and removes pinned rules, and rewrites the plain-words analysis so its do/don't lists carry
 * them. Removing an id that does not exist is an error and changes nothing.
 */
export async function updateVoiceRules(
  ctx: VoiceContext,
  input: { add?: readonly PinnedRuleInput[]; remove?: readonly string[] },
): Promise<PinnedRule[]> {
  requireRole(ctx, 'editor');
  const { app, tenantId } = ctx;
  const crypto = app.crypto;
  const before = await app.db.read(tenantId, async (db) => {
    const state = await repo.getState(db, crypto, tenantId);
    if (!state) throw notLearned();
    const profile = await repo.getVersionProfile(db, crypto, tenantId, state.currentVersion);
    const examples = await repo.getVersionExamples(db, crypto, tenantId, state.currentVersion);
    if (!profile || !examples) throw notLearned();
    return { state, profile, examples };
  });
  const remove = new Set(input.remove ?? []);
  const unknown = [...remove].filter((id) => !before.state.rules.some((r) => r.id === id));
  if (unknown.length)
    throw new AppError('voice.rule_not_found', 404, `no pinned rule has the id ${unknown.join(', ')}`, {
      ids: unknown,
    });
  const now = app.clock.iso();
  const rules = addRules(
    before.state.rules.filter((r) => !remove.has(r.id)),
    input.add ?? [],
    now,
  );
  // The analysis may call a model: done outside the transaction, then written only if nobody changed
  // the voice in the meantime.
  const { analysis, model } = await analyseVoice(
    app,
    tenantId,
    applyPinnedRules(before.profile, rules),
    rules,
    before.examples,
    ctx.signal,
  );
  await app.db.tenant(tenantId, async (tx) => {
    const state = await repo.getState(tx, crypto, tenantId);
    if (!state) throw notLearned();
    if (state.updatedAt !== before.state.updatedAt || state.currentVersion !== before.state.currentVersion)
      throw conflict(
        'voice.concurrent_update',
        'the voice changed while the rules were being updated; try again',
      );
    await repo.saveState(
      tx,
      crypto,
      tenantId,
      { ...state, rules, analysis, analysisModel: model, updatedAt: now },
      true,
    );
  });
  return rules;
}

export async function scoreVoice(
  ctx: VoiceContext,
  input: { text: string; platform?: VoicePlatform },
): Promise<VoiceScore & { version: number }> {
  const loaded = await loadVoice(ctx);
  return {
    ...scoreVoiceMatch(loaded.profile, input.text, input.platform ?? 'other', loaded.rules),
    version: loaded.version,
  };
}

/**
 * Drift of recent posts against the baseline version. Recent posts are given by the caller for now;
 * once publishing keeps a history, the published posts of a period will be read from there.
 */
export async function voiceDrift(
  ctx: VoiceContext,
  input: { posts: string | ReadonlyArray<string | ExampleObject>; platform?: VoicePlatform },
): Promise<VoiceDrift & { baselineVersion: number }> {
  requireRole(ctx, 'viewer');
  const crypto = ctx.app.crypto;
  const recent = parseVoiceExamples(input.posts, {
    ...(input.platform ? { platform: input.platform } : {}),
    idPrefix: 'recent',
  });
  const baseline = await ctx.app.db.read(ctx.tenantId, async (db) => {
    const state = await repo.getState(db, crypto, ctx.tenantId);
    if (!state) throw notLearned();
    const profile = await repo.getVersionProfile(db, crypto, ctx.tenantId, state.baselineVersion);
    if (!profile) throw notLearned();
    return { profile, version: state.baselineVersion };
  });
  return { ...compareVoice(baseline.profile, recent), baselineVersion: baseline.version };
}
