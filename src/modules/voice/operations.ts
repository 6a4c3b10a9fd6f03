/**
 * The voice operations, declared once and served as REST, MCP tools and CLI commands
 * (`dify-agent voice learn|get|update-rules|score|drift`) by the registry.
 */
import { z } from 'zod';
import { type AnyOperation, defineOperation } from '../../operations/define.js';
import { MAX_EXAMPLE_CHARS, MAX_EXAMPLES } from './examples/parse.js';
import { parseRuleText } from './rules.js';
import { getVoice, learnVoice, scoreVoice, updateVoiceRules, voiceDrift } from './service.js';
import { PinnedRuleInput, VoicePlatform, voiceDimensions } from './types.js';

const ExampleItem = z.union([
  z.string().min(1).max(MAX_EXAMPLE_CHARS),
  z
    .object({
      id: z.union([z.string(), z.number()]).optional(),
      text: z.string().min(1).max(MAX_EXAMPLE_CHARS),
      platform: z.string().optional().describe('linkedin, x (twitter), facebook, instagram or other'),
      engagement: z.number().optional().describe('Likes, reactions or any engagement count'),
      publishedAt: z.string().optional(),
    })
    .passthrough(),
]);

const Examples = z
  .union([z.string().min(1).max(20_000_000), z.array(ExampleItem).min(1).max(MAX_EXAMPLES)])
  .describe(
    'Example posts: a JSONL / JSON / CSV string (columns text, platform, engagement), pasted text with posts separated by lines of --- (or blank lines), or an array of strings or {text, platform?, engagement?} objects',
  );

const Tone = z.object({
  score: z.number().describe('0 = formal/serious/reserved/plain, 100 = the other end'),
  label: z.string(),
});

const Rule = z.object({ id: z.string(), createdAt: z.string() }).catchall(z.unknown());

const Analysis = z
  .object({
    summary: z.string(),
    traits: z.array(z.string()),
    do: z.array(z.string()),
    dont: z.array(z.string()),
  })
  .nullable();

const ProfileSummary = z.object({
  version: z.number().int(),
  baselineVersion: z.number().int().describe('The version drift is measured against'),
  learnedAt: z.string(),
  examples: z.object({
    total: z.number().int(),
    posts: z.number().int(),
    website: z.number().int(),
    byPlatform: z.record(z.string(), z.number()),
    withEngagement: z.number().int(),
  }),
  tone: z.object({
    formalCasual: Tone,
    seriousPlayful: Tone,
    reservedEnthusiastic: Tone,
    plainTechnical: Tone,
  }),
  person: z.object({ dominant: z.enum(['we', 'i', 'impersonal']), addressesReader: z.boolean() }),
  typicalLength: z
    .object({ p10: z.number(), p50: z.number(), p90: z.number() })
    .describe('Characters without links'),
  emoji: z.object({ postsWithEmoji: z.number(), favourites: z.array(z.string()) }),
  hashtags: z.object({ perPost: z.number(), recurring: z.array(z.string()) }),
  signaturePhrases: z.array(z.string()),
  analysis: Analysis.describe("Plain-words summary and do/don't rules"),
  analysisModel: z.string().nullable().describe('Model that wrote the analysis; local = offline summariser'),
  rules: z.array(Rule),
});

const RuleText = z.string().min(1).max(500);

export const learnVoiceOperation = defineOperation({
  name: 'voice.learn',
  summary: 'Learn the brand voice from example posts and website copy',
  description:
    "Learns a new version of the tenant's voice profile (tone, person, lengths, emoji, hashtags, punctuation, vocabulary, CTAs, links, each with evidence) and makes it current. The first version is the drift baseline. Pinned rules are kept.",
  http: { method: 'POST', path: '/voice/learn', successStatus: 201 },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    examples: Examples,
    format: z.enum(['auto', 'jsonl', 'csv', 'text']).default('auto'),
    platform: VoicePlatform.optional().describe('Platform of examples that name none'),
    websiteTexts: z
      .array(z.string().min(1).max(MAX_EXAMPLE_CHARS))
      .max(500)
      .optional()
      .describe('Website copy, one text per page'),
    useKnowledgeBase: z
      .boolean()
      .default(false)
      .describe('Also learn from the copy of the pages crawled into the knowledge base'),
    setBaseline: z.boolean().default(false).describe('Make this version the drift baseline'),
  }),
  output: ProfileSummary,
  examples: [
    {
      summary: 'Learn from pasted posts',
      input: {
        examples:
          'Fresh croissants this morning 🥐 #CrumbAndCo\n---\nSourdough Saturday is here! 🍞 #CrumbAndCo\n---\nCinnamon buns are back 🤤 #CrumbAndCo',
        platform: 'instagram',
      },
    },
  ],
  cli: { positional: ['examples'] },
  handler: (ctx, input) => learnVoice(ctx, input),
});

export const getVoiceOperation = defineOperation({
  name: 'voice.get',
  summary: 'Show the brand voice profile',
  description:
    'The current (or a given) version of the voice profile with pinned rules applied, its plain-words analysis and the list of versions.',
  http: { method: 'GET', path: '/voice' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({ version: z.coerce.number().int().min(1).optional() }),
  output: z.object({
    summary: ProfileSummary,
    profile: z.record(z.string(), z.unknown()).describe('Every learned item with its evidence (example ids)'),
    versions: z.array(
      z.object({
        version: z.number().int(),
        exampleCount: z.number().int(),
        createdBy: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  }),
  annotations: { idempotent: true },
  handler: async (ctx, input) => {
    const details = await getVoice(ctx, input.version === undefined ? {} : { version: input.version });
    return { ...details, profile: details.profile as unknown as Record<string, unknown> };
  },
});

export const updateVoiceRulesOperation = defineOperation({
  name: 'voice.rules.update',
  summary: 'Pin or remove voice rules',
  description:
    'Pinned rules win over learned habits. Add rules as objects ({kind: "banned_phrase", phrase: "cheap"}, sign_off, required_phrase, preferred_spelling, banned_emoji, no_emoji, max_hashtags, person, note) or in plain words ("never say \'cheap\'", "always sign off with –The Team", "write colour not color", "no emoji", "at most 2 hashtags"). Remove by id.',
  http: { method: 'POST', path: '/voice/rules' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    add: z.array(PinnedRuleInput).max(100).default([]),
    addText: z.array(RuleText).max(100).default([]).describe('Rules in plain words'),
    remove: z.array(z.string()).max(100).default([]).describe('Ids of rules to remove'),
  }),
  output: z.object({ rules: z.array(Rule) }),
  handler: async (ctx, input) => ({
    rules: await updateVoiceRules(ctx, {
      add: [...input.add, ...input.addText.map(parseRuleText)],
      remove: input.remove,
    }),
  }),
});

const DimensionScores = z.object(
  Object.fromEntries(voiceDimensions.map((d) => [d, z.number()])) as Record<
    (typeof voiceDimensions)[number],
    z.ZodNumber
  >,
);

export const scoreVoiceOperation = defineOperation({
  name: 'voice.score',
  summary: 'Score how well a text matches the brand voice',
  description:
    '0–100 match (80+ reads like the brand; a pinned-rule violation caps it below 50), per-dimension sub-scores, the top reasons it is off and the pinned rules it breaks. `components` says what the interpretable features and the learned lexical model each contribute.',
  http: { method: 'POST', path: '/voice/score' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    text: z.string().min(1).max(MAX_EXAMPLE_CHARS),
    platform: VoicePlatform.default('other'),
  }),
  output: z.object({
    score: z.number(),
    dimensions: DimensionScores,
    reasons: z.array(
      z.object({ dimension: z.enum(voiceDimensions), message: z.string(), weight: z.number() }),
    ),
    violations: z.array(z.object({ ruleId: z.string(), kind: z.string(), message: z.string() })),
    components: z.object({
      features: z.number(),
      lexical: z.object({ perChar: z.number(), percentile: z.number() }),
      evidence: z.number(),
      typicality: z.number(),
    }),
    platform: VoicePlatform,
    version: z.number().int(),
  }),
  annotations: { idempotent: true },
  cli: { positional: ['text'] },
  handler: (ctx, input) => scoreVoice(ctx, input),
});

export const voiceDriftOperation = defineOperation({
  name: 'voice.drift.check',
  summary: 'Check recent posts for drift from the baseline voice',
  description:
    "Compares recent posts (given in the input for now; publishing history will feed this later) with the baseline version over the scorer's features. Alerts when the distance reaches the calibrated threshold; lists what changed most.",
  http: { method: 'POST', path: '/voice/drift' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({ posts: Examples, platform: VoicePlatform.optional() }),
  output: z.object({
    distance: z.number(),
    threshold: z.number(),
    alert: z.boolean(),
    posts: z.number().int(),
    conclusive: z.boolean(),
    lexical: z.object({ meanZ: z.number(), distance: z.number() }),
    contributions: z.array(
      z.object({
        feature: z.string(),
        dimension: z.enum(voiceDimensions),
        distance: z.number(),
        share: z.number(),
        baseline: z.string(),
        recent: z.string(),
      }),
    ),
    summary: z.string(),
    baselineVersion: z.number().int(),
  }),
  annotations: { idempotent: true },
  cli: { positional: ['posts'] },
  handler: (ctx, input) => voiceDrift(ctx, input),
});

export const voiceOperations: readonly AnyOperation[] = [
  learnVoiceOperation,
  getVoiceOperation,
  updateVoiceRulesOperation,
  scoreVoiceOperation,
  voiceDriftOperation,
];
