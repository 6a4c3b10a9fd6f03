import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { operationContext } from '../../../test/support/skills.js';
import { insertTestTenant } from '../../../test/support/tenants.js';
import { createAi } from '../../ai/index.js';
import { createModelRegistry } from '../../ai/registry.js';
import { assembleAppServices } from '../../app/create.js';
import { systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import type { AppServices } from '../../operations/services.js';
import { parseSkill } from './format/parse.js';
import { buildSkillFromExamples, executeSkillFor } from './service.js';

/**
 * The LLM paths through the AI layer, with the AI SDK's mock models: the slot filler (task
 * `generation`) and the builder's wording (task `default`). A model's answer is still checked by the
 * executor, and a model cannot make the builder write an invalid file.
 */

let t: TestDatabase;
let app: AppServices;
let slotAnswers: Array<Record<string, unknown>>;
let wordingAnswer: unknown;
const generationCalls: LanguageModelV3CallOptions[] = [];

function answer(value: unknown): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value) }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: 800, noCache: 800, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 120, text: 120, reasoning: 0 },
    },
    warnings: [],
  };
}

function promptText(call: LanguageModelV3CallOptions): string {
  return call.prompt
    .flatMap((m) =>
      typeof m.content === 'string' ? [m.content] : m.content.map((p) => ('text' in p ? p.text : '')),
    )
    .join('\n');
}

beforeAll(async () => {
  t = await createTestDatabase({
    AI_MODEL: 'anthropic:claude-test',
    AI_MODEL_GENERATION: 'openai:gpt-4o-mini',
    OPENAI_API_KEY: 'sk-test',
    ANTHROPIC_API_KEY: 'sk-ant-test',
  });
  const base = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
  const writer = new MockLanguageModelV3({
    doGenerate: async (call) => {
      generationCalls.push(call);
      return answer(slotAnswers.shift() ?? {});
    },
  });
  const wording = new MockLanguageModelV3({ doGenerate: async () => answer(wordingAnswer) });
  const ai = createAi(t.config, t.db, silentLogger, systemClock, {
    registry: createModelRegistry(t.config.ai, {
      models: { 'openai:gpt-4o-mini': writer, 'anthropic:claude-test': wording },
    }),
  });
  app = { ...base, ai };
  await insertTestTenant(app.db, 'llm');
  const ctx = operationContext(app, 'llm');
  const { upsertProduct } = await import('../knowledge/catalog/products.js');
  await upsertProduct(ctx, {
    name: 'Cardamom knot',
    price: 3.4,
    currency: 'GBP',
    description: 'A twisted bun rolled in cardamom sugar.',
    url: 'https://crumb.example/knots',
  });
});

afterAll(async () => {
  await t?.cleanup();
});

describe('the LLM slot filler', () => {
  it('fills the slots with the generation model, and the executor keeps the locked text', async () => {
    slotAnswers = [
      {
        hook: 'twisted, sweet and warm from the oven',
        detail: 'A twisted bun rolled in cardamom sugar.',
        cta: 'Order at https://crumb.example/knots',
        hashtags: ['#Cardamom'],
      },
    ];
    const result = await executeSkillFor(operationContext(app, 'llm'), {
      id: 'product-launch',
      platform: 'linkedin',
      request: 'launch the cardamom knot',
    });
    expect(result.valid).toBe(true);
    expect(result.model).toBe('openai:gpt-4o-mini');
    expect(result.text).toContain('New: Cardamom knot — twisted, sweet and warm from the oven');
    expect(result.text).toContain('Price: £3.40');
    const prompt = promptText(generationCalls.at(-1) as LanguageModelV3CallOptions);
    expect(prompt).toContain('hook (hook, required): at most 110 characters');
    expect(prompt).toContain('A twisted bun rolled in cardamom sugar.');
  });

  it('asks the model again with the broken rule, and uses the corrected answer', async () => {
    slotAnswers = [
      {
        hook: 'x'.repeat(200),
        detail: 'Rolled in cardamom sugar.',
        cta: 'Order at https://crumb.example/knots',
        hashtags: [],
      },
      {
        hook: 'warm from the oven',
        detail: 'Rolled in cardamom sugar.',
        cta: 'Order at https://crumb.example/knots',
        hashtags: [],
      },
    ];
    const before = generationCalls.length;
    const result = await executeSkillFor(operationContext(app, 'llm'), {
      id: 'product-launch',
      platform: 'linkedin',
    });
    expect(result.valid).toBe(true);
    expect(result.attempts).toBe(2);
    expect(generationCalls.length - before).toBe(2);
    expect(promptText(generationCalls.at(-1) as LanguageModelV3CallOptions)).toContain(
      'problem last time: slot hook is 200 characters; at most 110',
    );
  });

  it('never lets a model past the checks: a rule it keeps breaking is reported', async () => {
    const bad = { hook: 'warm and fresh today', detail: 'A bun. \u202Eeerf era snub', cta: '', hashtags: [] };
    slotAnswers = [bad, bad, bad];
    const result = await executeSkillFor(operationContext(app, 'llm'), {
      id: 'product-launch',
      platform: 'linkedin',
    });
    expect(result.valid).toBe(false);
    expect(result.attempts).toBe(3);
    expect(result.violations).toContainEqual(
      expect.objectContaining({ rule: 'slot_invalid_text', slot: 'detail' }),
    );
    expect(result.text).not.toContain('\u202E');
    expect(result.text).toContain('New: Cardamom knot — warm and fresh today');
  });

  it('uses the offline filler when asked, without calling the model', async () => {
    const before = generationCalls.length;
    const result = await executeSkillFor(operationContext(app, 'llm'), {
      id: 'product-launch',
      platform: 'x',
      engine: 'offline',
    });
    expect(result.model).toBe('local');
    expect(generationCalls.length).toBe(before);
  });
});

describe("the builder's wording by a model", () => {
  const examples = Array.from(
    { length: 6 },
    (_, i) =>
      `Still putting up with a dripping tap?\n\n• Check the washer ${i}.\n• Turn off the supply.\n\nCall us today.`,
  );

  it('takes the name, description, slot instructions and rules from the model, and the file stays valid', async () => {
    wordingAnswer = {
      name: 'Problem-solver checklist',
      description: 'Opens with the reader’s problem and answers it with a short checklist.',
      styles: { hook: 'Name the problem as a question.', points: 'One check per line.' },
      do: ['Ask about a real problem first.'],
      avoid: ['More than four points.'],
    };
    const built = await buildSkillFromExamples(operationContext(app, 'llm'), { examples, format: 'text' });
    expect(built.model).toBe('anthropic:claude-test');
    expect(built.skill.name).toBe('Problem-solver checklist');
    expect(built.skill.slots.find((s) => s.name === 'points')?.style).toBe('One check per line.');
    expect(built.skill.guidance).toEqual({
      do: ['Ask about a real problem first.'],
      avoid: ['More than four points.'],
    });
    expect(parseSkill(built.content).skill?.name).toBe('Problem-solver checklist');
  });

  it("keeps the builder's own wording when the model's answer does not fit", async () => {
    wordingAnswer = { name: 'x'.repeat(300), description: 'Too long a name.', styles: {}, do: [], avoid: [] };
    const built = await buildSkillFromExamples(operationContext(app, 'llm'), { examples, format: 'text' });
    expect(built.model).toBe('local');
    expect(built.skill.name).toBe('Question-led list post');
    expect(parseSkill(built.content).skill).toBeDefined();
  });
});
