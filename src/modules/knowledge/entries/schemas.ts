import { z } from 'zod';
import { knowledgeCategories } from './categories.js';
import { EntitySchema, SupportSpanSchema } from './entities.js';

/** API shapes of knowledge entries (camelCase; rows are mapped in the service). */

export const CategorySchema = z.enum(knowledgeCategories);

export const EntrySourceSchema = z.object({
  pageId: z.string(),
  url: z.string(),
  support: SupportSpanSchema,
  confidence: z.number(),
  engine: z.string(),
  model: z.string().nullable(),
  chunkRefs: z.array(z.string()).describe('Ids of the page chunks in the search index that hold the span'),
});

export const ProvenanceSchema = z.object({
  origin: z.enum(['extracted', 'manual']).describe('extracted from pages, or added by a person'),
  engine: z.string().describe('offline, llm or manual'),
  model: z.string().nullable().describe('local, or the provider:model that extracted it'),
  pageId: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  support: SupportSpanSchema.nullable().describe('The exact page text that supports the answer'),
  chunkRefs: z.array(z.string()),
  sources: z.array(EntrySourceSchema).describe('Every page that states this entry'),
  editedByPerson: z.boolean(),
  editedBy: z.string().nullable(),
  editedAt: z.string().nullable(),
});

export const EntrySchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.string(),
  category: CategorySchema,
  categoryConfidence: z.number(),
  confidence: z.number(),
  kind: z.string(),
  entities: z.array(EntitySchema),
  provenance: ProvenanceSchema,
  hidden: z.boolean().describe('Deleted by a person; kept so re-extraction does not bring it back'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EntryView = z.infer<typeof EntrySchema>;
