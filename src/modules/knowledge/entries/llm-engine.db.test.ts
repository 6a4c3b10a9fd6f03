import type { LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { createAi } from '../../../ai/index.js';
import { createModelRegistry } from '../../../ai/registry.js';
import { assembleAppServices } from '../../../app/create.js';
import { systemClock } from '../../../core/clock.js';
import { silentLogger } from '../../../core/logger.js';
import type { AppServices } from '../../../operations/services.js';
import { extractEntriesForPage } from './extract-page.js';
import type { LlmExtraction } from './llm-engine.js';
import { loadFixtureSite } from './test-support/fixture-sites.js';
import { addTenant, storeFixturePage } from './test-support/store.js';

/**
 * The LLM engine must never store what the page does not say. A mock model answers with a mix of
 * honest entries and inventions (a made-up price, a quote that is not on the page, an answer whose
 * number differs from its quote); only the honest ones may reach the database.
 */

let t: TestDatabase;
let app: AppServices;
let modelOutput: LlmExtraction;

function answer(value: unknown): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value) }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: 500, noCache: 500, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 200, text: 200, reasoning: 0 },
    },
    warnings: [],
  };
}

beforeAll(async () => {
  t = await createTestDatabase({ AI_MODEL_EXTRACTION: 'openai:gpt-4o-mini', OPENAI_API_KEY: 'sk-test' });
  const base = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
  const model = new MockLanguageModelV3({ doGenerate: async () => answer(modelOutput) });
  const ai = createAi(t.config, t.db, silentLogger, systemClock, {
    registry: createModelRegistry(t.config.ai, { models: { 'openai:gpt-4o-mini': model } }),
  });
  app = { ...base, ai };
  await addTenant(t.db, 'llm');
});

afterAll(async () => {
  await t?.cleanup();
});

describe('LLM extraction is checked against the page', () => {
  it('drops an invented price, a quote that is not on the page and a number the quote does not state', async () => {
    const page = loadFixtureSite('next-day-steel').find((p) => p.path === 'products/index.html');
    if (!page) throw new Error('fixture missing');
    const pageId = await storeFixturePage(t.db, 'llm', page);
    modelOutput = {
      entries: [
        {
          question: 'How much is the 305 x 165 x 40 UB?',
          answer: 'The 305 x 165 x 40 UB costs £51.20 per metre.',
          category: 'pricing',
          supportQuote: '305 x 165 x 40 UB | UB305-40 | 40 kg/m | £51.20',
          confidence: 0.9,
        },
        {
          // Invented: the page never mentions a HEA 200 or £99.
          question: 'How much is a HEA 200 beam?',
          answer: 'A HEA 200 beam costs £99 per metre.',
          category: 'pricing',
          supportQuote: 'HEA 200 | £99 per metre',
          confidence: 0.95,
        },
        {
          // A real quote, but the answer changes its price.
          question: 'How much is drilling?',
          answer: 'Drilling costs £3.50 per hole.',
          category: 'pricing',
          supportQuote: 'Drilling is £4.50 per hole',
          confidence: 0.9,
        },
        {
          // A real quote, but an answer about something else entirely.
          question: 'Do you offer free delivery?',
          answer: 'Yes, delivery is always free anywhere in the country with no minimum spend whatsoever.',
          category: 'shipping_delivery',
          supportQuote: 'Cutting to length is free.',
          confidence: 0.9,
        },
      ],
      products: [
        {
          name: '305 x 165 x 40 UB',
          sku: 'UB305-40',
          price: 51.2,
          currency: 'GBP',
          unit: 'm',
          supportQuote: '305 x 165 x 40 UB | UB305-40 | 40 kg/m | £51.20',
        },
        {
          name: 'HEA 200',
          sku: null,
          price: 99,
          currency: 'GBP',
          unit: 'm',
          supportQuote: '203 x 133 x 25 UB | UB203-25 | 25 kg/m | £32.40',
        },
      ],
    };
    const summary = await extractEntriesForPage(app, 'llm', pageId);
    expect(summary).toMatchObject({ engine: 'llm', model: 'openai:gpt-4o-mini', entries: 1 });
    expect(summary.dropped).toBeGreaterThanOrEqual(4);

    const rows = await t.db.read('llm', (db) =>
      db.selectFrom('knowledge_entries').selectAll().where('tenant_id', '=', 'llm').execute(),
    );
    expect(rows.map((r) => r.answer)).toEqual(['The 305 x 165 x 40 UB costs £51.20 per metre.']);
    const stored = rows[0];
    expect(page.input.markdown.slice(stored?.support_start ?? -1, stored?.support_end ?? -1)).toBe(
      stored?.support_text,
    );
    expect(stored).toMatchObject({ engine: 'llm', model: 'openai:gpt-4o-mini', origin: 'extracted' });

    const prices = await t.db.read('llm', (db) =>
      db
        .selectFrom('knowledge_entities')
        .select(['name', 'data'])
        .where('tenant_id', '=', 'llm')
        .where('type', 'in', ['product', 'service'])
        .execute(),
    );
    expect(
      prices.some((p) => p.name === 'HEA 200' || (JSON.parse(p.data) as { price: number }).price === 99),
    ).toBe(false);
    const record = await t.db.read('llm', (db) =>
      db
        .selectFrom('knowledge_page_extractions')
        .selectAll()
        .where('tenant_id', '=', 'llm')
        .executeTakeFirst(),
    );
    const reasons = (JSON.parse(record?.dropped ?? '[]') as { question: string; reason: string }[])
      .map((d) => `${d.question}: ${d.reason}`)
      .join('\n');
    expect(reasons).toMatch(/HEA 200.*not in the page/);
    expect(reasons).toMatch(/drilling.*number 3\.5 is not in the support span/i);
    expect(reasons).toMatch(/free delivery.*words/i);
  });

  it('falls back to the offline engine when the model keeps failing, and says so', async () => {
    const page = loadFixtureSite('next-day-steel').find((p) => p.path === 'faq.html');
    if (!page) throw new Error('fixture missing');
    const pageId = await storeFixturePage(t.db, 'llm', page);
    modelOutput = { entries: 'not an array' } as unknown as LlmExtraction;
    const summary = await extractEntriesForPage(app, 'llm', pageId);
    expect(summary).toMatchObject({ engine: 'offline', model: 'local' });
    expect(summary.entries).toBeGreaterThanOrEqual(6);
  });
});
