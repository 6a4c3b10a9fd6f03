/**
 * The LLM extraction engine: structured output through the AI module (task `extraction`), with the
 * offline engine as its offline answer. A model's output is never trusted: each entry's quote must
 * be found in the page and the answer must pass `checkSupport` against it, or the entry is dropped;
 * products need their price inside their quote. Entities otherwise come from the offline engine.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { definePrompt } from '../../../ai/index.js';
import type { AiService } from '../../../ai/types.js';
import { categoryInfo, knowledgeCategories } from './categories.js';
import type { Entity } from './entities.js';
import { locateInSource, normalizeForMatch } from './normalize.js';
import { extractOffline, pageCategory } from './offline-engine.js';
import { formatPrice } from './patterns.js';
import { checkSupport, type SupportSpan } from './support.js';
import { productKind } from './text-entities.js';
import type { ExtractedEntry, PageExtraction, PageInput } from './types.js';

export const LlmExtractionSchema = z.object({
  entries: z
    .array(
      z.object({
        question: z.string().min(3).max(300),
        answer: z.string().min(1).max(1500),
        category: z.enum(knowledgeCategories),
        supportQuote: z.string().min(1).max(3000),
        confidence: z.number().min(0).max(1),
      }),
    )
    .max(60),
  products: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        sku: z.string().max(100).nullable(),
        price: z.number().nullable(),
        currency: z.string().max(3).nullable(),
        unit: z.string().max(30).nullable(),
        supportQuote: z.string().min(1).max(1000),
      }),
    )
    .max(200),
});
export type LlmExtraction = z.infer<typeof LlmExtractionSchema>;

const promptsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'prompts');
const extractPrompt = definePrompt(
  'extract-entries',
  1,
  ['page_title', 'page_url', 'categories', 'page_markdown'],
  promptsDir,
);

/** Pages longer than this are cut for the model (the offline engine always reads all of it). */
const MAX_PROMPT_CHARS = 40_000;
/** An LLM entry's confidence is capped: its question and category are a model's judgement. */
const LLM_CONFIDENCE_CAP = 0.85;

function toLlmShape(offline: PageExtraction): LlmExtraction {
  return {
    entries: offline.entries.slice(0, 60).map((e) => ({
      question: e.question,
      answer: e.answer,
      category: e.category,
      supportQuote: e.support.text,
      confidence: e.confidence,
    })),
    products: offline.entities
      .flatMap((e) => (e.type === 'product' || e.type === 'service' ? [e] : []))
      .slice(0, 200)
      .map((p) => ({
        name: p.name,
        sku: p.sku,
        price: p.price,
        currency: p.currency,
        unit: p.unit,
        supportQuote: p.support.text,
      })),
  };
}

/** Checks a model's extraction against the page; what survives becomes the page's extraction. */
export function verifyLlmExtraction(input: PageInput, output: LlmExtraction, model: string): PageExtraction {
  const offline = extractOffline(input);
  const normalized = { ...normalizeForMatch(input.markdown), original: input.markdown };
  const text = { markdown: input.markdown, structured: input.structuredText };
  const dropped: PageExtraction['dropped'] = [];
  const locate = (quote: string): SupportSpan | null => {
    const at = locateInSource(normalized, quote);
    return at
      ? { field: 'markdown', start: at.start, end: at.end, text: input.markdown.slice(at.start, at.end) }
      : null;
  };

  const entities: Entity[] = [...offline.entities];
  for (const p of output.products) {
    if (p.price === null || !p.currency) continue;
    const span = locate(p.supportQuote);
    const claim = `${p.name}: ${formatPrice(p.price, p.currency.toUpperCase())}`;
    const check = span ? checkSupport(text, claim, span) : null;
    if (!span || !check || check.status === 'unsupported') {
      dropped.push({
        question: `price of ${p.name}`,
        reason: check ? check.problems.join('; ') : 'the quote is not in the page',
      });
      continue;
    }
    if (
      entities.some(
        (e) =>
          (e.type === 'product' || e.type === 'service') && e.name.toLowerCase() === p.name.toLowerCase(),
      )
    )
      continue;
    entities.push({
      type: productKind(p.name, false),
      name: p.name,
      sku: p.sku,
      price: p.price,
      priceText: null,
      currency: p.currency.toUpperCase(),
      unit: p.unit,
      priceFrom: false,
      availability: null,
      url: input.url,
      description: null,
      confidence: check.status === 'weak' ? 0.5 : 0.75,
      support: check.span as SupportSpan,
    });
  }

  const entries: ExtractedEntry[] = [];
  for (const e of output.entries) {
    const span = locate(e.supportQuote);
    if (!span) {
      dropped.push({ question: e.question, reason: 'the supporting quote is not in the page' });
      continue;
    }
    const check = checkSupport(text, e.answer, span);
    if (check.status === 'unsupported' || !check.span) {
      dropped.push({ question: e.question, reason: check.problems.join('; ') });
      continue;
    }
    const s = check.span;
    entries.push({
      question: e.question,
      answer: e.answer,
      category: e.category,
      categoryConfidence: 0.8,
      confidence: Math.min(LLM_CONFIDENCE_CAP, e.confidence) * (check.status === 'weak' ? 0.6 : 1),
      kind: 'llm',
      support: s,
      headingPath: [],
      entities: entities.filter(
        (x) => x.support.field === s.field && x.support.start >= s.start && x.support.end <= s.end,
      ),
    });
  }
  return { entries, entities, pageCategory: pageCategory(input, entries), engine: 'llm', model, dropped };
}

/**
 * Extracts a page with the configured extraction model. When the AI module falls back to the offline
 * engine (`local`), the offline engine's own result is used as it is.
 */
export async function extractWithLlm(
  ai: AiService,
  tenantId: string,
  input: PageInput,
  signal?: AbortSignal,
): Promise<PageExtraction> {
  let offline: PageExtraction | undefined;
  const result = await ai.generateStructured({
    tenantId,
    task: 'extraction',
    schema: LlmExtractionSchema,
    schemaName: 'knowledge_entries',
    ...extractPrompt.render({
      page_title: input.title,
      page_url: input.url,
      categories: knowledgeCategories.map((c) => `- ${c}: ${categoryInfo[c].description}`).join('\n'),
      page_markdown: input.markdown.slice(0, MAX_PROMPT_CHARS),
    }),
    offline: () => {
      offline = extractOffline(input);
      return toLlmShape(offline);
    },
    temperature: 0,
    ...(signal ? { signal } : {}),
  });
  if (result.model === 'local') return offline ?? extractOffline(input);
  return verifyLlmExtraction(input, result.value, result.model);
}
