import { defineOperation } from '../../../operations/define.js';
import { generateContent, refineContent } from './generate.js';
import { GenerateInput, GenerateResultSchema, RefineInput } from './schemas.js';

export const contentGenerate = defineOperation({
  name: 'content.generate',
  summary: 'Write 2-3 ranked candidate posts per platform for a request, grounded in your knowledge base',
  description:
    'Reads the request (intent, platforms, products it names), gathers what the knowledge base, catalogue ' +
    'and brand voice say about it, picks the best-fitting skills, writes candidates (offline composer, or ' +
    'the configured generation model with the composer as fallback), runs the text guards with their fixers, ' +
    'labels defects and ranks by voice, skill fit, guard outcome and diversity. Stored as a draft content; ' +
    'each candidate carries its scores, guard results, citations and defects.',
  http: { method: 'POST', path: '/content/generate', successStatus: 201 },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: GenerateInput,
  output: GenerateResultSchema,
  examples: [
    {
      input: {
        request: 'A post about next-day delivery on cut-to-length steel',
        platforms: ['linkedin', 'x'],
      },
    },
  ],
  handler: (ctx, input) => generateContent(ctx, input),
});

export const contentRefine = defineOperation({
  name: 'content.refine',
  summary:
    'Revise a content’s candidates from your feedback ("shorter", "more playful", "mention the price")',
  description:
    'Writes revised candidates on the same content with the feedback applied: shorter or longer, more ' +
    'playful or more formal, the price mentioned, no emoji, no hashtags, no links; other words steer ' +
    'which facts are used. The old candidates are replaced (their texts stay on the run record).',
  http: { method: 'POST', path: '/content/{id}/refine' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: RefineInput,
  output: GenerateResultSchema,
  cli: { positional: ['id'] },
  examples: [{ input: { id: 'cnt_01J0000000000000000000000', feedback: 'shorter, and mention the price' } }],
  handler: (ctx, input) => refineContent(ctx, input),
});

export const pipelineOperations = [contentGenerate, contentRefine];
