import { z } from 'zod';
import { platforms } from '../../core/platforms.js';

/** API shapes of content and candidates (camelCase; rows are mapped in content.ts). */

export const contentStatuses = ['draft', 'approved', 'rejected'] as const;
export type ContentStatus = (typeof contentStatuses)[number];

export const PlatformSchema = z.enum(platforms);

export const guardStatuses = ['pass', 'fixed', 'fail'] as const;

export const GuardResultSchema = z.object({
  guard: z.string().describe('e.g. length, hashtags, unsupported_claims'),
  status: z.enum(guardStatuses),
  message: z.string(),
  evidence: z.record(z.string(), z.unknown()).optional(),
});
export type GuardResult = z.infer<typeof GuardResultSchema>;

export const CitationSchema = z.object({
  sentence: z.string().describe('The sentence of the candidate the entry supports'),
  entryId: z.string(),
});
export type Citation = z.infer<typeof CitationSchema>;

export const MediaRefSchema = z.object({
  kind: z.enum(['image', 'video']),
  url: z
    .url({ protocol: /^https?$/ })
    .describe(
      'Where the file can be fetched (Instagram and Facebook fetch it themselves: it must be public for them)',
    ),
  altText: z.string().max(1000).optional().describe('Description for people who cannot see the image'),
});
export type MediaRef = z.infer<typeof MediaRefSchema>;

export const CandidateSchema = z.object({
  id: z.string(),
  platform: PlatformSchema,
  rank: z.number().int().describe('1 = the platform’s top candidate'),
  text: z.string(),
  scores: z.record(z.string(), z.number()),
  guards: z.array(GuardResultSchema),
  citations: z.array(CitationSchema),
  defects: z.array(z.string()).describe('Labels of what failed: too_long, off_voice, unsupported_claim …'),
});
export type Candidate = z.infer<typeof CandidateSchema>;

export const ContentSchema = z.object({
  id: z.string(),
  status: z.enum(contentStatuses),
  source: z.enum(['person', 'generated']),
  request: z.string().nullable(),
  media: z.array(MediaRefSchema),
  engine: z.string().describe('What wrote the candidates: person, local, or provider:model'),
  candidates: z.array(CandidateSchema).describe('Ranked per platform'),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  approvedAt: z.string().nullable(),
});
export type Content = z.infer<typeof ContentSchema>;

export const ContentSummarySchema = ContentSchema.omit({ candidates: true }).extend({
  platforms: z.array(PlatformSchema),
  preview: z.string().describe('The beginning of the first candidate'),
});
export type ContentSummary = z.infer<typeof ContentSummarySchema>;

const PostText = z.string().trim().min(1, { message: 'the text is empty' }).max(100_000);

export const CreateContentInput = z.object({
  texts: z
    .object({
      linkedin: PostText.optional(),
      x: PostText.optional(),
      facebook: PostText.optional(),
      instagram: PostText.optional(),
    })
    .strict()
    .refine((t) => Object.values(t).some((v) => v !== undefined), {
      message: 'give the text for at least one platform',
    })
    .describe('Your own text per platform: {"linkedin": "…", "x": "…"}'),
  media: z.array(MediaRefSchema).max(20).default([]).describe('Images or a video to publish with the text'),
  approve: z
    .boolean()
    .default(true)
    .describe('Store it approved, ready to publish (default); false keeps it as a draft'),
});
export type CreateContentInput = z.infer<typeof CreateContentInput>;
