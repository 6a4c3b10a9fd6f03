/**
 * Input and output shapes of content.generate and content.refine. The output carries the stored
 * content's id, the ranked candidates per platform (the same rows content.get returns), the engine that
 * wrote them, and how long each stage of the pipeline took.
 */
import { z } from 'zod';
import { CandidateSchema, PlatformSchema } from '../schemas.js';

export const GenerateInput = z.object({
  request: z
    .string()
    .trim()
    .min(3, { message: 'say what the post is about, e.g. "a LinkedIn post about next-day delivery"' })
    .max(2000)
    .describe('What the post is about, in your words'),
  platforms: z
    .array(PlatformSchema)
    .min(1)
    .max(4)
    .optional()
    .describe('Platforms to write for; default: those the request names, else all four'),
  candidates: z.number().int().min(2).max(3).default(3).describe('Candidates per platform (2-3)'),
  engine: z
    .enum(['auto', 'offline'])
    .default('auto')
    .describe('auto: the generation model configured for the tenant (the offline composer when it is local)'),
  skill: z.string().min(1).max(64).optional().describe('Write with this skill instead of the matched ones'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional()
    .describe('Same request, knowledge and seed give the same candidates; default: derived from the request'),
});
export type GenerateInput = z.input<typeof GenerateInput>;
export type GenerateOptions = z.output<typeof GenerateInput>;

export const RefineInput = z.object({
  id: z.string().min(1).max(64).describe('The content to revise'),
  feedback: z
    .string()
    .trim()
    .min(2)
    .max(1000)
    .describe(
      'What to change: "shorter", "more playful", "mention the price", "no emoji", or your own words',
    ),
  platforms: z
    .array(PlatformSchema)
    .min(1)
    .max(4)
    .optional()
    .describe('Only these platforms (default: all of the content)'),
});
export type RefineInput = z.input<typeof RefineInput>;

export const stageNames = [
  'parse',
  'context',
  'skills',
  'generate',
  'guards',
  'defects',
  'rerank',
  'store',
] as const;
export type StageName = (typeof stageNames)[number];

export const GenerateResultSchema = z.object({
  id: z.string().describe('The stored content'),
  request: z.string(),
  engine: z.string().describe('What wrote the candidates: local (the offline composer) or provider:model'),
  fallbackFrom: z
    .array(z.object({ model: z.string(), code: z.string(), message: z.string() }))
    .describe('Models that were tried first and did not answer (empty when the first choice wrote them)'),
  intent: z.object({ id: z.string(), confidence: z.number() }).nullable(),
  candidates: z
    .partialRecord(PlatformSchema, z.array(CandidateSchema))
    .describe('Per platform, best first: text, scores, guard results, citations and defects'),
  skills: z
    .partialRecord(PlatformSchema, z.array(z.string()))
    .describe('The skills each platform’s candidates were written with'),
  notes: z
    .array(z.string())
    .describe('What the pipeline decided that a person should know (e.g. a product is sold out)'),
  stages: z.record(z.string(), z.number()).describe('Milliseconds per pipeline stage'),
  run: z.string().describe('Id of the recorded run (stage timings, seed, feedback)'),
});
export type GenerateResult = z.infer<typeof GenerateResultSchema>;
