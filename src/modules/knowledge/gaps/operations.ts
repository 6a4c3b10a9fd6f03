import { z } from 'zod';
import { type AnyOperation, defineOperation } from '../../../operations/define.js';
import { CategorySchema } from '../entries/schemas.js';
import { knowledgeGaps } from './service.js';

const Component = z.number().min(0).max(1);

export const knowledgeGapsOp = defineOperation({
  name: 'knowledge.gaps.list',
  summary: 'Score how complete the knowledge base is, per category, with suggestions',
  description:
    "A 0-100 score per category from coverage (expected facets found), depth (number of entries), freshness (when the source pages changed) and confidence, plus what to add. A facet is missing only when no entry of any category and no stored entity (address, phone, priced product …) states it; each covered facet names what covers it. Facets follow the business's country (no VAT advice for a US shop). CLI: dify-agent kb gaps.",
  http: { method: 'GET', path: '/knowledge/gaps' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({ category: CategorySchema.optional().describe('Only this category') }),
  output: z.object({
    overall: z.number().int().min(0).max(100),
    country: z
      .string()
      .nullable()
      .describe("The business's country (ISO 3166) the expected facets follow, from its business profile"),
    generatedAt: z.string(),
    categories: z.array(
      z.object({
        category: CategorySchema,
        label: z.string(),
        importance: z.enum(['core', 'recommended', 'optional']),
        score: z.number().int().min(0).max(100),
        components: z.object({
          coverage: Component,
          depth: Component,
          freshness: Component,
          confidence: Component,
        }),
        entries: z.number().int(),
        pages: z.number().int(),
        covered: z.array(z.string()),
        missing: z.array(z.string()).describe('Facets nothing in the knowledge base states'),
        evidence: z
          .array(z.object({ facet: z.string(), entries: z.array(z.string()), entities: z.array(z.string()) }))
          .describe('For each covered facet, the entries and entities that state it'),
        suggestions: z.array(z.string()),
      }),
    ),
  }),
  handler: (ctx, input) => knowledgeGaps(ctx, input.category),
});

export const gapOperations: readonly AnyOperation[] = [knowledgeGapsOp];
