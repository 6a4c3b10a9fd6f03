/**
 * The skills operations, declared once and served as REST, MCP tools (`skills_list` …) and CLI
 * commands (`dify-agent skills list|get|create|update|delete|validate|match|build|execute|export|import`).
 */
import { z } from 'zod';
import { platforms } from '../../core/platforms.js';
import { type AnyOperation, defineOperation } from '../../operations/define.js';
import { hookTypes } from './build/features.js';
import {
  skillFormats,
  skillIntents,
  slotKinds,
  variableSourceKinds,
  variableTypes,
  visibilities,
} from './format/types.js';
import {
  buildSkillFromExamples,
  createSkill,
  deleteSkill,
  executeSkillFor,
  exportSkills,
  getSkill,
  importSkills,
  listSkills,
  matchSkills,
  updateSkill,
  validateSkillFile,
} from './service.js';

const Id = z.string().min(1).max(64).describe('The skill id, e.g. product-launch');
const Platform = z.enum(platforms);
const Format = z.enum(skillFormats);
const Intent = z.enum(skillIntents);
const Content = z
  .string()
  .min(1)
  .max(200_000)
  .describe('The .skill.md file: YAML front matter, then the body');

const PerPlatformNumber = z.record(z.string(), z.number()).describe('Per platform, with an optional default');

const SkillDocumentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.number().int(),
    description: z.string(),
    intents: z.array(Intent),
    platforms: z.array(Platform),
    formats: z.array(Format),
    visibility: z.enum(visibilities),
    variables: z.array(
      z.object({
        name: z.string(),
        type: z.enum(variableTypes),
        source: z.object({ kind: z.enum(variableSourceKinds), filter: z.string().optional() }),
        required: z.boolean(),
        description: z.string().optional(),
      }),
    ),
    slots: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(slotKinds),
        max: PerPlatformNumber,
        min: z.number().int().optional(),
        style: z.string().optional(),
        required: z.boolean(),
        uses: z.array(z.string()),
        list: z
          .object({
            min: z.number().int(),
            max: z.number().int(),
            marker: z.string(),
            layout: z.enum(['lines', 'parts']),
          })
          .optional(),
      }),
    ),
    constraints: z.object({
      maxLength: PerPlatformNumber.optional(),
      minLength: PerPlatformNumber.optional(),
      maxHashtags: PerPlatformNumber.optional(),
      maxEmoji: z.number().int().optional(),
      maxMentions: z.number().int().optional(),
      links: z.record(z.string(), z.enum(['allowed', 'none', 'required'])).optional(),
      bannedPhrases: z.array(z.string()),
      parts: z.object({ min: z.number().int(), max: z.number().int() }).optional(),
      slideMaxLength: z.number().int().optional(),
    }),
    examples: z.array(
      z.object({
        text: z.string(),
        platform: Platform.optional(),
        format: Format.optional(),
        engagement: z.number().optional(),
        note: z.string().optional(),
      }),
    ),
    guidance: z.object({ do: z.array(z.string()), avoid: z.array(z.string()) }),
    body: z.string(),
  })
  .describe('The parsed skill');

const Issue = z.object({
  code: z.string().describe('Stable code, e.g. skills.undeclared_placeholder'),
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  severity: z.enum(['error', 'warning']),
  path: z.string().optional(),
});

const Stats = z.object({
  uses: z.number().int(),
  lastUsedAt: z.string().nullable(),
  outcomes: z.number().int(),
  meanScore: z.number().nullable().describe('Mean result of published posts, 0-1'),
});

const Summary = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int().describe('The version in use'),
  description: z.string(),
  intents: z.array(Intent),
  platforms: z.array(Platform),
  formats: z.array(Format),
  visibility: z.enum(visibilities),
  origin: z
    .enum(['builtin', 'tenant'])
    .describe("builtin: shared with every tenant; tenant: this tenant's own"),
  latestVersion: z.number().int(),
  pinnedVersion: z.number().int().nullable().describe('null: follows the latest version'),
  stats: Stats,
  score: z.number().optional().describe('Relevance to the query, 0-1'),
});

const Version = z.object({
  version: z.number().int(),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
});

const Detail = Summary.extend({
  content: z.string().describe('The .skill.md file of this version'),
  document: SkillDocumentSchema,
  versions: z.array(Version),
  warnings: z.array(Issue),
});

export const skillsList = defineOperation({
  name: 'skills.list',
  summary: 'List or search the skill library',
  description:
    "Shared (built-in) skills and the tenant's own, at the version in use. With `query`, ranked by hybrid search (BM25 and embeddings, fused) over name, description, intents and examples.",
  http: { method: 'GET', path: '/skills' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    query: z.string().max(500).optional().describe('Search words'),
    intent: Intent.optional(),
    platform: Platform.optional(),
    format: Format.optional(),
    visibility: z.enum(visibilities).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z
      .string()
      .regex(
        /^\d{1,9}$/,
        'is not a cursor this API handed out: pass nextCursor of the previous page unchanged',
      )
      .optional()
      .describe('nextCursor of the previous page'),
  }),
  output: z.object({ skills: z.array(Summary), nextCursor: z.string().nullable() }),
  annotations: { idempotent: true },
  handler: (ctx, input) => listSkills(ctx, input),
});

export const skillsGet = defineOperation({
  name: 'skills.get',
  summary: 'Show a skill: its file, parsed form, versions and results',
  http: { method: 'GET', path: '/skills/{id}' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    id: Id,
    version: z.coerce.number().int().min(1).optional().describe('Default: the version in use'),
  }),
  output: Detail,
  annotations: { idempotent: true },
  cli: { positional: ['id'] },
  handler: (ctx, input) => getSkill(ctx, input),
});

export const skillsCreate = defineOperation({
  name: 'skills.create',
  summary: "Add a skill to the tenant's library",
  description:
    "Stores a .skill.md file as version 1 of a new skill with `visibility: tenant`. An invalid file is refused with the first problem's code, line and column (all problems in details.issues).",
  http: { method: 'POST', path: '/skills', successStatus: 201 },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({ content: Content }),
  output: Detail,
  cli: { positional: ['content'] },
  handler: (ctx, input) => createSkill(ctx, input),
});

export const skillsUpdate = defineOperation({
  name: 'skills.update',
  summary: 'Add a version of a skill, or pin one',
  description:
    'With `content`: stores a new version (its `version` must be higher than the latest; versions never change). With `pinnedVersion`: the tenant uses that version until it pins another or sets null to follow the latest again. Built-in skills can be pinned but not changed.',
  http: { method: 'PUT', path: '/skills/{id}' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    id: Id,
    content: Content.optional(),
    pinnedVersion: z
      .number()
      .int()
      .min(1)
      .nullable()
      .optional()
      .describe('A version to use; null follows the latest'),
  }),
  output: Detail,
  cli: { positional: ['id'] },
  handler: (ctx, input) => updateSkill(ctx, input),
});

export const skillsDelete = defineOperation({
  name: 'skills.delete',
  summary: "Delete one of the tenant's own skills, with all its versions",
  http: { method: 'DELETE', path: '/skills/{id}' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  annotations: { destructive: true },
  input: z.object({ id: Id }),
  output: z.object({ id: z.string(), deleted: z.literal(true) }),
  cli: { positional: ['id'] },
  handler: (ctx, input) => deleteSkill(ctx, input),
});

export const skillsValidate = defineOperation({
  name: 'skills.validate',
  summary: 'Check a .skill.md file and list every problem with its line and column',
  description:
    'Nothing is stored. `valid` is false when the file has errors; warnings (an unused slot) do not make it invalid. The CLI form, `dify-agent skills validate <file>`, prints `file:line:col: code: message` lines and exits 2 on errors.',
  http: { method: 'POST', path: '/skills/validate' },
  scope: 'installation',
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    content: Content,
    fileName: z.string().max(300).optional().describe('Shown in messages'),
  }),
  output: z.object({ valid: z.boolean(), issues: z.array(Issue), skill: SkillDocumentSchema.nullable() }),
  annotations: { idempotent: true },
  cli: { positional: ['content'] },
  handler: async (_ctx, input) => validateSkillFile(input.content),
});

const Entity = z.object({ id: z.string(), type: z.string(), name: z.string(), score: z.number() });

export const skillsMatch = defineOperation({
  name: 'skills.match',
  summary: 'Find the skills for a request, or the question to ask when it is unclear',
  description:
    'Reads the request for its intent (with a confidence), platforms, format and the products, people and offers it names, and ranks the skills by intent fit, similarity, platform and format fit and past results. When the intent is not clear enough, `clarify` holds a question to ask instead of guessing.',
  http: { method: 'POST', path: '/skills/match' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    request: z.string().min(1).max(2000).describe('What the person asked for'),
    platforms: z.array(Platform).max(4).optional().describe('Platforms, when already known'),
    format: Format.optional(),
    limit: z.number().int().min(1).max(20).default(5),
  }),
  output: z.object({
    intent: z.object({ id: Intent, label: z.string(), confidence: z.number() }).nullable(),
    intents: z.array(z.object({ intent: Intent, probability: z.number(), cues: z.array(z.string()) })),
    platforms: z.array(Platform),
    format: Format.nullable(),
    entities: z.array(Entity).describe('Knowledge the request names'),
    skills: z.array(
      z.object({
        id: z.string(),
        version: z.number().int(),
        name: z.string(),
        origin: z.enum(['builtin', 'tenant']),
        score: z.number(),
        reasons: z.object({
          intent: z.number(),
          similarity: z.number(),
          platform: z.number(),
          format: z.number(),
          performance: z.number(),
        }),
      }),
    ),
    clarify: z
      .object({
        question: z.string(),
        options: z.array(z.object({ intent: Intent, label: z.string(), skill: z.string().nullable() })),
      })
      .nullable(),
  }),
  annotations: { idempotent: true },
  cli: { positional: ['request'] },
  examples: [
    { summary: 'A request with a typo', input: { request: 'anounce our new cardamom knots on instagarm' } },
  ],
  handler: (ctx, input) => matchSkills(ctx, input),
});

const ExampleItem = z.union([
  z.string().min(1).max(20_000),
  z
    .object({
      text: z.string().min(1).max(20_000),
      platform: z.string().optional(),
      engagement: z.number().optional().describe('Likes, reactions or any engagement count'),
    })
    .passthrough(),
]);

export const skillsBuild = defineOperation({
  name: 'skills.build',
  summary: "Build a skill from a brand's example posts",
  description:
    'Finds the structure most of the posts share (hook type, list/story/question form, call-to-action place, hashtag block, emoji bullets, length), makes it a skill (slots where posts differ, locked text where they repeat) and states the rules it found, with what worked and what did not when engagement is given. Returns the file without storing it: create it to keep it. A model words the file when one is configured.',
  http: { method: 'POST', path: '/skills/build' },
  scope: 'installation',
  role: 'editor',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    examples: z
      .union([z.string().min(1).max(20_000_000), z.array(ExampleItem).min(1).max(20_000)])
      .describe(
        'JSONL / JSON / CSV (columns text, platform, engagement or likes) or posts separated by --- lines, or an array',
      ),
    format: z.enum(['auto', 'jsonl', 'csv', 'text']).default('auto'),
    platform: Platform.optional().describe('Platform of examples that name none'),
    platforms: z.array(Platform).max(4).optional().describe("The skill's platforms (default: the examples')"),
    id: z.string().max(64).optional(),
    name: z.string().max(120).optional(),
    engine: z.enum(['auto', 'offline']).default('auto'),
  }),
  output: z.object({
    content: z.string().describe('The .skill.md file'),
    skill: SkillDocumentSchema,
    analysis: z.object({
      posts: z.number().int(),
      withEngagement: z.number().int(),
      structures: z.array(z.object({ signature: z.string(), posts: z.number().int(), share: z.number() })),
      chosen: z.string(),
      hook: z.enum(hookTypes),
      form: z.enum(['list', 'story', 'question', 'statement']),
      lengths: z.object({ p10: z.number(), p50: z.number(), p90: z.number() }),
      locked: z.array(z.string()),
      intents: z.array(Intent),
    }),
    model: z.string(),
    issues: z.array(Issue),
  }),
  handler: (ctx, input) => buildSkillFromExamples(ctx, input),
});

const VariableValue = z.union([z.string().max(2000), z.number(), z.object({ id: z.string().max(100) })]);

export const skillsExecute = defineOperation({
  name: 'skills.execute',
  summary: 'Write a post with a skill for one platform',
  description:
    "Fills the skill's variables from the request and the knowledge base (or `variables`), has the slots written (by the generation model, or offline from the business's own knowledge and voice), keeps the locked text byte for byte, and checks every slot and the whole post against the skill's and the platform's limits. `valid` is false and `violations` names each failed rule when the result breaks one.",
  http: { method: 'POST', path: '/skills/execute' },
  role: 'editor',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    id: Id,
    version: z.number().int().min(1).optional(),
    platform: Platform,
    format: Format.optional(),
    request: z.string().max(2000).optional().describe('What the post should be about'),
    variables: z
      .record(z.string(), VariableValue)
      .optional()
      .describe(
        'Values for request variables, or a knowledge item ({ id } or its name) for knowledge variables',
      ),
    engine: z.enum(['auto', 'offline']).default('auto'),
  }),
  output: z.object({
    valid: z.boolean(),
    text: z.string(),
    parts: z.array(z.string()),
    separateParts: z.boolean().describe('True for an X thread or a carousel: parts are posted separately'),
    platform: Platform,
    format: Format,
    skill: z.object({ id: z.string(), version: z.number().int() }),
    slots: z.record(
      z.string(),
      z.object({
        text: z.string().optional(),
        items: z.array(z.string()).optional(),
        sources: z.array(z.string()),
      }),
    ),
    variables: z.record(
      z.string(),
      z.object({
        value: z.record(z.string(), z.string().nullable()),
        source: z.string(),
        id: z.string().nullable(),
        reason: z.string(),
      }),
    ),
    violations: z.array(
      z.object({
        rule: z.string(),
        message: z.string(),
        slot: z.string().optional(),
        part: z.number().int().optional(),
      }),
    ),
    checks: z.object({
      length: z.number().int(),
      maxLength: z.number().int(),
      hashtags: z.number().int(),
      emoji: z.number().int(),
      links: z.number().int(),
    }),
    attempts: z.number().int(),
    model: z.string().describe('local for the offline filler, else provider:model'),
  }),
  cli: { positional: ['id'] },
  handler: (ctx, input) => executeSkillFor(ctx, input),
});

const SkillFileSchema = z.object({
  fileName: z.string(),
  id: z.string(),
  version: z.number().int(),
  content: z.string(),
});

export const skillsExport = defineOperation({
  name: 'skills.export',
  summary: 'Export skills as .skill.md files',
  description: "One skill (any version), or every skill of the tenant's own (with the built-ins when asked).",
  http: { method: 'GET', path: '/skills/export' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    id: Id.optional(),
    version: z.coerce.number().int().min(1).optional(),
    includeBuiltin: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
      .default(false)
      .describe('Also the shared skills'),
  }),
  output: z.object({ files: z.array(SkillFileSchema) }),
  annotations: { idempotent: true },
  handler: (ctx, input) => exportSkills(ctx, input),
});

export const skillsImport = defineOperation({
  name: 'skills.import',
  summary: 'Import .skill.md files, all or nothing',
  description:
    'A new id becomes a skill, a known id gets a new version; an unchanged file is left as it is. If any file is invalid nothing is stored, and details.files lists each problem.',
  http: { method: 'POST', path: '/skills/import' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    files: z
      .array(z.object({ content: Content, fileName: z.string().max(300).optional() }))
      .min(1)
      .max(200),
  }),
  output: z.object({
    created: z.array(z.string()),
    updated: z.array(z.string()),
    unchanged: z.array(z.string()),
  }),
  handler: (ctx, input) => importSkills(ctx, input),
});

/** `GET /skills/export` comes before `GET /skills/{id}`, which would otherwise take "export" for an id. */
export const skillOperations: readonly AnyOperation[] = [
  skillsList,
  skillsExport,
  skillsGet,
  skillsCreate,
  skillsUpdate,
  skillsDelete,
  skillsValidate,
  skillsMatch,
  skillsBuild,
  skillsExecute,
  skillsImport,
];
