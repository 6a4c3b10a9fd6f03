import type { LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { addFixtureBusiness, operationContext } from '../../../../test/support/skills.js';
import { createAi } from '../../../ai/index.js';
import { createModelRegistry } from '../../../ai/registry.js';
import { assembleAppServices } from '../../../app/create.js';
import { systemClock } from '../../../core/clock.js';
import { silentLogger } from '../../../core/logger.js';
import type { AppServices } from '../../../operations/services.js';
import { generateContent } from './generate.js';

/**
 * The model path of content.generate end to end, with the AI SDK's mock model as the generation
 * model: a valid answer becomes guarded, ranked candidates with the model recorded as the engine; an
 * invalid answer is sent back once with the problems; a second invalid answer falls back to the
 * offline composer, and the result says so.
 */

let t: TestDatabase;
let app: AppServices;
let answers: unknown[];
let calls = 0;

function answer(value: unknown): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: 900, noCache: 900, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 200, text: 200, reasoning: 0 },
    },
    warnings: [],
  };
}

beforeAll(async () => {
  t = await createTestDatabase({ AI_MODEL_GENERATION: 'openai:gpt-4o-mini', OPENAI_API_KEY: 'sk-test' });
  const base = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
  const writer = new MockLanguageModelV3({
    doGenerate: async () => {
      calls++;
      return answer(answers.shift() ?? 'no answer');
    },
  });
  const ai = createAi(t.config, t.db, silentLogger, systemClock, {
    registry: createModelRegistry(t.config.ai, { models: { 'openai:gpt-4o-mini': writer } }),
    sleep: async () => {},
  });
  app = { ...base, ai };
  await addFixtureBusiness(app, 'crumb-and-co');
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
});

const ctx = () => operationContext(app, 'crumb-and-co');

describe('content.generate with a model', () => {
  it('turns a valid answer into guarded, ranked candidates written by the model', async () => {
    answers = [
      {
        posts: [
          { platform: 'x', text: 'Our sourdough is slow-fermented and baked on site from 4am.', sources: [] },
          {
            platform: 'x',
            text: 'Fresh sourdough on the counter every morning. Come and see us.',
            sources: [],
          },
        ],
      },
    ];
    const before = calls;
    const result = await generateContent(ctx(), {
      request: 'Promote our sourdough',
      platforms: ['x'],
      candidates: 2,
    });
    expect(calls - before).toBe(1);
    expect(result.engine).toBe('openai:gpt-4o-mini');
    expect(result.fallbackFrom).toEqual([]);
    const list = result.candidates.x ?? [];
    expect(list).toHaveLength(2);
    expect(list.map((c) => c.text).sort()).toEqual(
      [
        'Fresh sourdough on the counter every morning. Come and see us.',
        'Our sourdough is slow-fermented and baked on site from 4am.',
      ].sort(),
    );
    for (const c of list) expect(c.guards.length).toBeGreaterThan(0);
  });

  it('sends an invalid answer back once, and uses the repaired one', async () => {
    answers = [
      { posts: [{ platform: 'x', text: 'Only one post.' }] },
      {
        posts: [
          { platform: 'x', text: 'Our sourdough is slow-fermented.', sources: [] },
          { platform: 'x', text: 'Sourdough, baked on site every morning.', sources: [] },
        ],
      },
    ];
    const before = calls;
    const result = await generateContent(ctx(), {
      request: 'Promote our sourdough',
      platforms: ['x'],
      candidates: 2,
    });
    expect(calls - before).toBe(2);
    expect(result.engine).toBe('openai:gpt-4o-mini');
    expect(result.candidates.x).toHaveLength(2);
  });

  it('falls back to the offline composer when the repair fails too, and records it', async () => {
    answers = ['this is not JSON', '{"posts": "still wrong"}'];
    const before = calls;
    const result = await generateContent(ctx(), {
      request: 'Promote our sourdough',
      platforms: ['x', 'linkedin'],
    });
    expect(calls - before).toBe(2);
    expect(result.engine).toBe('local');
    expect(result.fallbackFrom.map((f) => f.model)).toEqual(['openai:gpt-4o-mini']);
    for (const platform of ['x', 'linkedin'] as const) {
      const list = result.candidates[platform] ?? [];
      expect(list.length).toBeGreaterThanOrEqual(2);
      expect(list.some((c) => c.citations.length > 0)).toBe(true);
    }
  });

  it('uses the offline composer without calling the model when asked to', async () => {
    const before = calls;
    const result = await generateContent(ctx(), {
      request: 'Promote our sourdough',
      platforms: ['x'],
      engine: 'offline',
    });
    expect(calls).toBe(before);
    expect(result.engine).toBe('local');
  });
});
