import { z } from 'zod';
import { type AnyOperation, defineOperation, pageCursor } from '../../operations/define.js';
import { createContent, getContent, listContent } from './content.js';
import { ContentSchema, ContentSummarySchema, CreateContentInput, contentStatuses } from './schemas.js';

const Id = z.string().min(1).max(64);

export const contentCreate = defineOperation({
  name: 'content.create',
  summary: 'Store your own text as content, one candidate per platform, ready to publish',
  description:
    'The text of each platform goes through the same text guards as generated posts (length as the platform ' +
    'counts it, hashtags, mentions, voice rules, links, personal data, shouting, emoji, engagement bait, ' +
    'promotion rules …); their results are stored with the candidate. Your words are reported on, never ' +
    'rewritten: a failure a fixer could repair says so in its evidence (fixable). Approved at once unless ' +
    'approve is false.',
  http: { method: 'POST', path: '/content', successStatus: 201 },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: CreateContentInput,
  output: ContentSchema,
  examples: [
    {
      input: {
        texts: {
          linkedin: 'Our new I-beams are in stock, cut to length and delivered next day.',
          x: 'New I-beams in stock: cut to length, delivered next day.',
        },
      },
    },
  ],
  handler: (ctx, input) => createContent(ctx, input),
});

export const contentGet = defineOperation({
  name: 'content.get',
  summary: 'One content with its candidates per platform, their scores, guard results and citations',
  http: { method: 'GET', path: '/content/{id}' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({ id: Id }),
  output: ContentSchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => getContent(ctx, input.id),
});

export const contentList = defineOperation({
  name: 'content.list',
  summary: 'List content, newest first',
  http: { method: 'GET', path: '/content' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    status: z.enum(contentStatuses).optional(),
    limit: z.number().int().min(1).max(200).default(20),
    cursor: pageCursor().optional(),
  }),
  output: z.object({ contents: z.array(ContentSummarySchema), nextCursor: z.string().nullable() }),
  handler: (ctx, input) => listContent(ctx, input),
});

export const generationOperations: AnyOperation[] = [contentCreate, contentGet, contentList];
