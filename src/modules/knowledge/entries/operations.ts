import { z } from 'zod';
import { type AnyOperation, defineOperation, pageCursor } from '../../../operations/define.js';
import { extractEntriesForPage } from './extract-page.js';
import { CategorySchema, EntrySchema } from './schemas.js';
import { createEntry, deleteEntry, getEntry, listEntryViews, updateEntry } from './service.js';

const Id = z.string().min(1).max(100);

export const entriesList = defineOperation({
  name: 'knowledge.entries.list',
  summary: 'List knowledge entries (questions and answers) with their provenance',
  description:
    'Entries extracted from crawled pages or added by a person. Each shows where it came from: source URL and page, the exact supporting text with its offsets, the engine and model, confidence, and whether a person edited it.',
  http: { method: 'GET', path: '/knowledge/entries' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({
    category: CategorySchema.optional(),
    pageId: Id.optional().describe('Only entries whose best source is this page'),
    origin: z.enum(['extracted', 'manual']).optional(),
    edited: z.boolean().optional().describe('Only entries a person did (true) or did not (false) edit'),
    includeHidden: z.boolean().default(false).describe('Also entries a person deleted'),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: pageCursor().optional(),
  }),
  output: z.object({ entries: z.array(EntrySchema), nextCursor: z.string().nullable() }),
  handler: (ctx, input) => listEntryViews(ctx, input),
});

export const entriesGet = defineOperation({
  name: 'knowledge.entries.get',
  summary: 'Show one knowledge entry with every page that supports it',
  http: { method: 'GET', path: '/knowledge/entries/{id}' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({ id: Id }),
  output: EntrySchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => getEntry(ctx, input.id),
});

export const entriesCreate = defineOperation({
  name: 'knowledge.entries.create',
  summary: 'Add a fact by hand',
  description: 'The entry is marked as added by a person (origin manual) and is searchable at once.',
  http: { method: 'POST', path: '/knowledge/entries', successStatus: 201 },
  role: 'editor',
  rateCategory: 'knowledge',
  mutating: true,
  input: z.object({
    question: z.string().trim().min(3).max(500),
    answer: z.string().trim().min(1).max(4000),
    category: CategorySchema.optional().describe('Chosen by the classifier when omitted'),
  }),
  output: EntrySchema,
  examples: [
    { input: { question: 'Do you deliver on Sundays?', answer: 'No, we deliver Monday to Saturday.' } },
  ],
  handler: (ctx, input) => createEntry(ctx, input),
});

export const entriesUpdate = defineOperation({
  name: 'knowledge.entries.update',
  summary: 'Correct a knowledge entry',
  description:
    'The entry is marked as edited by a person; re-crawling its pages never overwrites the correction.',
  http: { method: 'PATCH', path: '/knowledge/entries/{id}' },
  role: 'editor',
  rateCategory: 'knowledge',
  mutating: true,
  input: z.object({
    id: Id,
    question: z.string().trim().min(3).max(500).optional(),
    answer: z.string().trim().min(1).max(4000).optional(),
    category: CategorySchema.optional(),
  }),
  output: EntrySchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => updateEntry(ctx, input.id, input),
});

export const entriesDelete = defineOperation({
  name: 'knowledge.entries.delete',
  summary: 'Delete a knowledge entry',
  description: 'An entry found on the site is hidden and stays hidden when the site is crawled again.',
  http: { method: 'DELETE', path: '/knowledge/entries/{id}' },
  role: 'editor',
  rateCategory: 'knowledge',
  mutating: true,
  annotations: { destructive: true },
  input: z.object({ id: Id }),
  output: z.object({ id: z.string(), deleted: z.literal(true) }),
  cli: { positional: ['id'] },
  handler: (ctx, input) => deleteEntry(ctx, input.id),
});

export const entriesExtract = defineOperation({
  name: 'knowledge.entries.extract',
  summary: 'Extract (again) the entries of one stored page',
  description:
    'Runs the extraction engine the extraction task is configured with (AI_MODEL_EXTRACTION; the offline engine by default) on the page and replaces its machine-made entries. Person-edited entries and products are kept.',
  http: { method: 'POST', path: '/knowledge/pages/{pageId}/extract' },
  role: 'editor',
  rateCategory: 'knowledge',
  mutating: true,
  input: z.object({
    pageId: Id,
    force: z
      .boolean()
      .default(true)
      .describe('Extract even when the page has not changed since the last extraction'),
  }),
  output: z.object({
    pageId: z.string(),
    engine: z.enum(['offline', 'llm']),
    model: z.string(),
    entries: z.number(),
    entities: z.number(),
    dropped: z.number().describe('Entries refused because the page text does not support them'),
    category: CategorySchema,
    skipped: z.enum(['unchanged', 'page_changed']).optional(),
  }),
  cli: { positional: ['pageId'] },
  handler: (ctx, input) =>
    extractEntriesForPage(ctx.app, ctx.tenantId, input.pageId, {
      force: input.force,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }),
});

export const entryOperations: readonly AnyOperation[] = [
  entriesList,
  entriesGet,
  entriesCreate,
  entriesUpdate,
  entriesDelete,
  entriesExtract,
];
