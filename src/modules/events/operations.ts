import { z } from 'zod';
import { listEvents } from '../../db/events.js';
import { type AnyOperation, defineOperation } from '../../operations/define.js';

const EventSchema = z.object({
  id: z.string().describe('Sortable: pass the last one as `after` to get what happened since'),
  type: z
    .string()
    .describe('e.g. knowledge.crawl_started, knowledge.crawl_progress, knowledge.crawl_succeeded'),
  subjectId: z.string().nullable().describe('The object the event is about (a crawl id, …)'),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

export const eventsList = defineOperation({
  name: 'events.list',
  summary: 'What happened in the tenant, oldest first (poll with `after` to follow along)',
  description:
    'Domain events are written in the same transaction as the change they describe. Filter by subject to follow one crawl.',
  http: { method: 'GET', path: '/events' },
  role: 'viewer',
  rateCategory: 'analytics',
  mutating: false,
  input: z.object({
    after: z.string().optional().describe('Only events after this event id'),
    subjectId: z.string().optional().describe('Only events about this object'),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  output: z.object({ events: z.array(EventSchema), last: z.string().nullable() }),
  handler: async (ctx, input) => {
    const events = await ctx.app.db.read(ctx.tenantId, (db) =>
      listEvents(db, ctx.tenantId, {
        limit: input.limit,
        ...(input.after ? { afterId: input.after } : {}),
        ...(input.subjectId ? { subjectId: input.subjectId } : {}),
      }),
    );
    return {
      events: events.map((e) => ({
        id: e.id,
        type: e.type,
        subjectId: e.subjectId,
        data: e.data,
        createdAt: e.createdAt,
      })),
      last: events.at(-1)?.id ?? null,
    };
  },
});

export const eventOperations: AnyOperation[] = [eventsList];
