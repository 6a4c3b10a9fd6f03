import type { LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { APICallError } from 'ai';
import { MockEmbeddingModelV3, MockLanguageModelV3 } from 'ai/test';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase, testDialect } from '../../test/support/db.js';
import { insertTestTenant } from '../../test/support/tenants.js';
import type { Config } from '../config/load.js';
import { ManualClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { LOCAL_EMBEDDING_DIMENSION, LOCAL_EMBEDDING_MODEL_ID } from './offline/embedding.js';
import { createModelRegistry } from './registry.js';
import { type AiService, createAi } from './service.js';

let t: TestDatabase;
let tenantSeq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

async function newTenant(): Promise<string> {
  tenantSeq += 1;
  const id = `t_ai_${tenantSeq}`;
  await insertTestTenant(t.db, id);
  return id;
}

function usage(input: number, output: number): LanguageModelV3GenerateResult['usage'] {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

function answer(text: string, input = 100, output = 20): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: usage(input, output),
    warnings: [],
  };
}

function httpError(status: number, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: `HTTP ${status}`,
    url: 'https://provider.test/v1',
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: headers,
  });
}

/** A mock model answering from a script: each call takes the next step (a result or an error). */
function scripted(steps: Array<LanguageModelV3GenerateResult | Error>) {
  let i = 0;
  return new MockLanguageModelV3({
    doGenerate: async () => {
      const step = steps[Math.min(i, steps.length - 1)] as LanguageModelV3GenerateResult | Error;
      i += 1;
      if (step instanceof Error) throw step;
      return step;
    },
  });
}

const Product = z.object({ name: z.string(), priceEur: z.number(), tags: z.array(z.string()) });
const offlineProduct = () => ({ name: 'offline', priceEur: 0, tags: [] });

interface Setup {
  ai: AiService;
  clock: ManualClock;
  sleeps: number[];
}

function setup(
  models: Record<string, MockLanguageModelV3 | MockEmbeddingModelV3>,
  aiConfig: Partial<Config['ai']> = {},
): Setup {
  const config: Config = {
    ...t.config,
    ai: {
      ...t.config.ai,
      model: 'openai:gpt-4o-mini',
      fallbackModels: ['anthropic:claude-sonnet-4-5'],
      maxRetries: 2,
      circuitFailures: 3,
      circuitCooldownMs: 30_000,
      ...aiConfig,
    },
  };
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const sleeps: number[] = [];
  const ai = createAi(config, t.db, silentLogger, clock, {
    registry: createModelRegistry(config.ai, { models }),
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
  });
  return { ai, clock, sleeps };
}

async function ledger(tenantId: string) {
  return t.db.read(tenantId, (db) =>
    db.selectFrom('ai_usage').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute(),
  );
}

function promptText(model: MockLanguageModelV3, call: number): string {
  return JSON.stringify(model.doGenerateCalls[call]?.prompt);
}

describe(`AI service with mock models (${testDialect})`, () => {
  let tenant: string;
  beforeEach(async () => {
    tenant = await newTenant();
  });

  it('validates structured output and retries with the validation problems when it does not match', async () => {
    const openai = scripted([
      answer('{"name":"I-beam HEA 200","priceEur":"cheap"}', 120, 30),
      answer('{"name":"I-beam HEA 200","priceEur":48.5,"tags":["steel"]}', 180, 25),
    ]);
    const { ai } = setup({ 'openai:gpt-4o-mini': openai }, { fallbackModels: [] });
    const r = await ai.generateStructured({
      tenantId: tenant,
      task: 'extraction',
      schema: Product,
      prompt: 'Extract the product.',
      offline: offlineProduct,
    });
    expect(r.value).toEqual({ name: 'I-beam HEA 200', priceEur: 48.5, tags: ['steel'] });
    expect(r.model).toBe('openai:gpt-4o-mini');
    expect(r.fallbackFrom).toBeUndefined();
    expect(openai.doGenerateCalls).toHaveLength(2);
    // The repair request carries the bad answer and names the offending fields.
    const second = promptText(openai, 1);
    expect(second).toContain('"priceEur\\":\\"cheap\\"');
    expect(second).toMatch(/priceEur: .*expected number/);
    expect(second).toMatch(/tags: .*expected array/);
    // Both requests asked for JSON with the schema.
    expect(openai.doGenerateCalls[0]?.responseFormat).toMatchObject({
      type: 'json',
      schema: { type: 'object' },
    });
    expect(r.usage).toMatchObject({ inputTokens: 300, outputTokens: 55 });
    const rows = await ledger(tenant);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      task: 'extraction',
      model: 'openai:gpt-4o-mini',
      provider: 'openai',
      outcome: 'ok',
      attempts: 2,
      input_tokens: 300,
      output_tokens: 55,
    });
  });

  it('falls back to the next model when the answer still fails validation after the repair', async () => {
    const openai = scripted([answer('not json at all'), answer('{"name": 1}')]);
    const anthropic = scripted([answer('{"name":"Bolt M12","priceEur":0.4,"tags":[]}')]);
    const { ai } = setup({ 'openai:gpt-4o-mini': openai, 'anthropic:claude-sonnet-4-5': anthropic });
    const r = await ai.generateStructured({
      tenantId: tenant,
      task: 'extraction',
      schema: Product,
      prompt: 'Extract.',
      offline: offlineProduct,
    });
    expect(r.model).toBe('anthropic:claude-sonnet-4-5');
    expect(r.value.name).toBe('Bolt M12');
    expect(r.fallbackFrom).toEqual([
      expect.objectContaining({
        model: 'openai:gpt-4o-mini',
        reason: 'invalid_output',
        code: 'ai.invalid_output',
      }),
    ]);
    expect(openai.doGenerateCalls).toHaveLength(2);
    const rows = await ledger(tenant);
    expect(rows.map((x) => [x.model, x.outcome, x.error_code])).toEqual([
      ['openai:gpt-4o-mini', 'error', 'ai.invalid_output'],
      ['anthropic:claude-sonnet-4-5', 'fallback', null],
    ]);
    expect(new Set(rows.map((x) => x.call_id)).size).toBe(1);
  });

  it('retries a provider error, then falls back along the chain to the offline engine', async () => {
    const openai = scripted([httpError(503)]);
    const anthropic = scripted([httpError(500)]);
    const { ai, sleeps } = setup({ 'openai:gpt-4o-mini': openai, 'anthropic:claude-sonnet-4-5': anthropic });
    const r = await ai.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'Write a post about I-beams.',
      offline: () => 'Our I-beams ship in 48 hours.',
    });
    expect(r.value).toBe('Our I-beams ship in 48 hours.');
    expect(r.model).toBe('local');
    expect(r.fallbackFrom?.map((f) => [f.model, f.reason])).toEqual([
      ['openai:gpt-4o-mini', 'server_error'],
      ['anthropic:claude-sonnet-4-5', 'server_error'],
    ]);
    // AI_MAX_RETRIES=2: three requests per model, with growing pauses between them.
    expect(openai.doGenerateCalls).toHaveLength(3);
    expect(anthropic.doGenerateCalls).toHaveLength(3);
    expect(sleeps).toHaveLength(4);
    expect(sleeps[1] as number).toBeGreaterThan((sleeps[0] as number) / 2);
    const rows = await ledger(tenant);
    expect(rows.map((x) => [x.model, x.outcome, x.attempts])).toEqual([
      ['openai:gpt-4o-mini', 'error', 3],
      ['anthropic:claude-sonnet-4-5', 'error', 3],
      ['local', 'fallback', 1],
    ]);
  });

  it('does not retry a request the provider rejects as bad (4xx), and honours retry-after on 429', async () => {
    const openai = scripted([httpError(400)]);
    const anthropic = scripted([httpError(429, { 'retry-after': '3' }), answer('Hello from Claude')]);
    const { ai, sleeps } = setup({ 'openai:gpt-4o-mini': openai, 'anthropic:claude-sonnet-4-5': anthropic });
    const r = await ai.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'Hi',
      offline: () => 'offline',
    });
    expect(openai.doGenerateCalls).toHaveLength(1);
    expect(r.model).toBe('anthropic:claude-sonnet-4-5');
    expect(r.fallbackFrom?.[0]).toMatchObject({ reason: 'bad_request', code: 'ai.bad_request' });
    expect(sleeps).toEqual([3000]);
  });

  it('gives up on a model that does not answer within AI_TIMEOUT_MS', async () => {
    const hanging = new MockLanguageModelV3({ doGenerate: () => new Promise(() => {}) });
    const { ai } = setup(
      { 'openai:gpt-4o-mini': hanging },
      { fallbackModels: [], timeoutMs: 30, maxRetries: 1 },
    );
    const r = await ai.generateText({
      tenantId: tenant,
      task: 'default',
      prompt: 'Hi',
      offline: () => 'offline answer',
    });
    expect(r.model).toBe('local');
    expect(r.fallbackFrom?.[0]).toMatchObject({
      model: 'openai:gpt-4o-mini',
      reason: 'timeout',
      code: 'ai.timeout',
    });
    expect(hanging.doGenerateCalls).toHaveLength(2);
  });

  it('opens the circuit after consecutive failures, skips the provider, and probes it again after the cool-down', async () => {
    let healthy = false;
    const openai = new MockLanguageModelV3({
      doGenerate: async () => {
        if (!healthy) throw httpError(502);
        return answer('back online');
      },
    });
    const { ai, clock } = setup(
      { 'openai:gpt-4o-mini': openai },
      { fallbackModels: [], maxRetries: 0, circuitFailures: 2, circuitCooldownMs: 60_000 },
    );
    const call = () =>
      ai.generateText({ tenantId: tenant, task: 'default', prompt: 'Hi', offline: () => 'offline' });
    await call();
    await call();
    expect(openai.doGenerateCalls).toHaveLength(2);
    expect(ai.models().providers.find((p) => p.providerKey === 'openai')?.circuit.state).toBe('open');

    const skipped = await call();
    expect(openai.doGenerateCalls).toHaveLength(2); // not called while open
    expect(skipped.model).toBe('local');
    expect(skipped.fallbackFrom?.[0]).toMatchObject({
      model: 'openai:gpt-4o-mini',
      reason: 'circuit_open',
      code: 'ai.circuit_open',
    });

    clock.advance(60_000);
    expect(ai.models().providers.find((p) => p.providerKey === 'openai')?.circuit.state).toBe('half_open');
    healthy = true;
    const probe = await call();
    expect(probe.model).toBe('openai:gpt-4o-mini');
    expect(probe.value).toBe('back online');
    expect(ai.models().providers.find((p) => p.providerKey === 'openai')?.circuit.state).toBe('closed');
  });

  it('re-opens the circuit at once when the half-open probe fails', async () => {
    const openai = scripted([httpError(503)]);
    const { ai, clock } = setup(
      { 'openai:gpt-4o-mini': openai },
      { fallbackModels: [], maxRetries: 0, circuitFailures: 1, circuitCooldownMs: 10_000 },
    );
    const call = () =>
      ai.generateText({ tenantId: tenant, task: 'default', prompt: 'Hi', offline: () => 'offline' });
    await call();
    clock.advance(10_000);
    await call(); // the probe, fails
    expect(openai.doGenerateCalls).toHaveLength(2);
    const r = await call();
    expect(openai.doGenerateCalls).toHaveLength(2);
    expect(r.fallbackFrom?.[0]?.reason).toBe('circuit_open');
  });

  it('records every call in the ledger, with cost from the price table, and reports totals by task and model', async () => {
    const openai = scripted([answer('A', 1000, 500), httpError(500), answer('B', 2000, 1000)]);
    const { ai } = setup(
      { 'openai:gpt-4o-mini': openai },
      { fallbackModels: [], maxRetries: 0, prices: { 'openai:gpt-4o-mini': { input: 0.15, output: 0.6 } } },
    );
    const first = await ai.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'x',
      offline: () => 'o',
    });
    expect(first.usage.costUsd).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
    await ai.generateText({ tenantId: tenant, task: 'judge', prompt: 'x', offline: () => 'offline' }); // 500 → local
    await ai.generateText({ tenantId: tenant, task: 'generation', prompt: 'x', offline: () => 'o' });
    await ai.embedMany({ tenantId: tenant, values: ['steel beams', 'bolts'], purpose: 'document' });

    const report = await ai.usage(tenant);
    expect(report.from).toBe('2026-03-01T00:00:00.000Z');
    expect(report.to).toBe('2026-04-01T00:00:00.000Z');
    expect(report.totals).toMatchObject({
      calls: 4,
      modelCalls: 5,
      errors: 1,
      fallbacks: 1,
      refused: 0,
      inputTokens: 3000 + 3,
      outputTokens: 1500,
    });
    expect(report.totals.costUsd).toBeCloseTo((3000 * 0.15 + 1500 * 0.6) / 1e6, 9);
    const byTask = Object.fromEntries(report.byTask.map((r) => [r.task, r]));
    expect(byTask.generation).toMatchObject({ calls: 2, modelCalls: 2, inputTokens: 3000 });
    expect(byTask.judge).toMatchObject({ calls: 1, modelCalls: 2, errors: 1, fallbacks: 1 });
    expect(byTask.embedding).toMatchObject({ calls: 1, inputTokens: 3 });
    const byModel = Object.fromEntries(report.byModel.map((r) => [r.model, r]));
    expect(byModel['openai:gpt-4o-mini']).toMatchObject({ provider: 'openai', modelCalls: 3, errors: 1 });
    expect(byModel.local).toMatchObject({ provider: 'local', modelCalls: 2, costUsd: 0 });

    const onlyJudge = await ai.usage(tenant, { task: 'judge' });
    expect(onlyJudge.totals.modelCalls).toBe(2);
    const lastYear = await ai.usage(tenant, {
      from: '2025-01-01T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
    });
    expect(lastYear.totals.modelCalls).toBe(0);
  });

  it('refuses paid calls with ai.budget_exceeded once the month is spent, while the offline engine keeps working', async () => {
    const openai = scripted([answer('paid answer', 500, 250)]);
    const models = { 'openai:gpt-4o-mini': openai };
    const aiConfig: Partial<Config['ai']> = {
      fallbackModels: [],
      monthlyBudgetUsd: 0.001,
      prices: { 'openai:*': { input: 1, output: 2 } }, // 500 in + 250 out = $0.001
    };
    const { ai } = setup(models, aiConfig);
    const first = await ai.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'x',
      offline: () => 'o',
    });
    expect(first.model).toBe('openai:gpt-4o-mini');
    expect((await ai.budget(tenant)).exhausted).toBe(true);

    const refused = await ai
      .generateText({ tenantId: tenant, task: 'generation', prompt: 'x', offline: () => 'o' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'ai.budget_exceeded', status: 402 });
    expect((refused as AppError).details).toMatchObject({ limitUsd: 0.001, spentUsd: 0.001 });
    expect(openai.doGenerateCalls).toHaveLength(1);

    // A caller may choose to continue offline; the refusal is in the result.
    const degraded = await ai.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'x',
      offline: () => 'offline text',
      onBudgetExceeded: 'fallback',
    });
    expect(degraded).toMatchObject({ model: 'local', value: 'offline text' });
    expect(degraded.fallbackFrom?.[0]).toMatchObject({
      reason: 'budget_exceeded',
      code: 'ai.budget_exceeded',
    });

    // The offline engine is never refused.
    const { ai: offlineAi } = setup(models, { ...aiConfig, model: 'local' });
    const local = await offlineAi.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'x',
      offline: () => 'still here',
    });
    expect(local.model).toBe('local');

    // Paid embeddings are refused too.
    const embedder = new MockEmbeddingModelV3({
      doEmbed: async ({ values }) => ({ embeddings: values.map(() => [1, 0]), warnings: [] }),
    });
    const { ai: embedAi } = setup(
      { 'openai:text-embedding-3-small': embedder },
      { ...aiConfig, embeddingModel: 'openai:text-embedding-3-small' },
    );
    await expect(embedAi.embed({ tenantId: tenant, value: 'x', purpose: 'query' })).rejects.toMatchObject({
      code: 'ai.budget_exceeded',
    });
    expect(embedder.doEmbedCalls).toHaveLength(0);

    const rows = await ledger(tenant);
    expect(rows.filter((r) => r.outcome === 'refused').map((r) => r.task)).toEqual([
      'generation',
      'generation',
      'embedding',
    ]);

    // A per-tenant budget overrides the default; raising it lets paid calls through again.
    const raised = await ai.setBudget(tenant, 5);
    expect(raised).toMatchObject({ limitUsd: 5, source: 'tenant', exhausted: false });
    const again = await ai.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'x',
      offline: () => 'o',
    });
    expect(again.model).toBe('openai:gpt-4o-mini');
    expect(await ai.setBudget(tenant, 'default')).toMatchObject({
      limitUsd: 0.001,
      source: 'default',
      exhausted: true,
    });
    expect(await ai.setBudget(tenant, null)).toMatchObject({
      limitUsd: null,
      source: 'tenant',
      exhausted: false,
    });
  });

  it("keeps one tenant's spend out of another tenant's budget", async () => {
    const other = await newTenant();
    const openai = scripted([answer('x', 1000, 0)]);
    const { ai } = setup(
      { 'openai:gpt-4o-mini': openai },
      {
        fallbackModels: [],
        monthlyBudgetUsd: 0.001,
        prices: { 'openai:gpt-4o-mini': { input: 1, output: 1 } },
      },
    );
    await ai.generateText({ tenantId: tenant, task: 'default', prompt: 'x', offline: () => 'o' });
    expect((await ai.budget(tenant)).exhausted).toBe(true);
    expect(await ai.budget(other)).toMatchObject({ spentUsd: 0, exhausted: false });
    const r = await ai.generateText({ tenantId: other, task: 'default', prompt: 'x', offline: () => 'o' });
    expect(r.model).toBe('openai:gpt-4o-mini');
  });

  it('stops without falling back when the caller cancels', async () => {
    const controller = new AbortController();
    const openai = new MockLanguageModelV3({
      doGenerate: async () => {
        controller.abort();
        return new Promise(() => {});
      },
    });
    const { ai } = setup({ 'openai:gpt-4o-mini': openai }, { fallbackModels: [] });
    await expect(
      ai.generateText({
        tenantId: tenant,
        task: 'default',
        prompt: 'x',
        offline: () => 'o',
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'ai.aborted' });
  });

  it('does not call any model when the caller has already cancelled', async () => {
    const openai = scripted([answer('x')]);
    const { ai } = setup({ 'openai:gpt-4o-mini': openai }, { fallbackModels: [] });
    await expect(
      ai.generateText({
        tenantId: tenant,
        task: 'default',
        prompt: 'x',
        offline: () => 'o',
        signal: AbortSignal.abort(),
      }),
    ).rejects.toMatchObject({ code: 'ai.aborted' });
    expect(openai.doGenerateCalls).toHaveLength(0);
    await expect(
      ai.embed({ tenantId: tenant, value: 'x', purpose: 'query', signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'ai.aborted' });
  });

  it('checks the offline result against the schema too', async () => {
    const { ai } = setup({}, { model: 'local' });
    await expect(
      ai.generateStructured({
        tenantId: tenant,
        task: 'extraction',
        schema: Product,
        prompt: 'x',
        offline: () => ({ name: 'x' }) as unknown as z.output<typeof Product>,
      }),
    ).rejects.toMatchObject({ code: 'ai.offline_invalid' });
    const ok = await ai.generateStructured({
      tenantId: tenant,
      task: 'extraction',
      schema: Product,
      prompt: 'x',
      offline: offlineProduct,
    });
    expect(ok).toMatchObject({ model: 'local', value: offlineProduct() });
  });

  it('reports a chosen model whose provider has no key as not configured, naming the setting', async () => {
    const config: Config = {
      ...t.config,
      ai: {
        ...t.config.ai,
        model: 'local',
        taskModels: { generation: 'anthropic:claude-sonnet-4-5' },
        keys: {},
      },
    };
    const ai = createAi(config, t.db, silentLogger, new ManualClock());
    await expect(
      ai.generateText({ tenantId: tenant, task: 'generation', prompt: 'x', offline: () => 'o' }),
    ).rejects.toMatchObject({
      code: 'ai.provider_not_configured',
      details: { missing: 'ANTHROPIC_API_KEY' },
    });
    // Other tasks still run offline.
    const r = await ai.generateText({ tenantId: tenant, task: 'judge', prompt: 'x', offline: () => 'o' });
    expect(r.model).toBe('local');
    const report = ai.models();
    expect(report.tasks.find((x) => x.task === 'generation')?.problems).toEqual([
      'anthropic:claude-sonnet-4-5: ANTHROPIC_API_KEY is missing',
    ]);
    expect(report.providers.find((p) => p.providerKey === 'anthropic')).toMatchObject({
      configured: false,
      missing: 'ANTHROPIC_API_KEY',
    });
  });
});

describe(`embeddings (${testDialect})`, () => {
  let tenant: string;
  beforeEach(async () => {
    tenant = await newTenant();
  });

  it('embeds offline with the local lexical model and records its id and dimension', async () => {
    const { ai } = setup({}, { embeddingModel: 'local' });
    const info = ai.embeddingModelInfo();
    expect(info).toEqual({
      id: LOCAL_EMBEDDING_MODEL_ID,
      configured: 'local',
      dimension: LOCAL_EMBEDDING_DIMENSION,
    });
    const r = await ai.embedMany({
      tenantId: tenant,
      values: ['steel I-beams', 'stainless bolts'],
      purpose: 'document',
    });
    expect(r.model).toBe(LOCAL_EMBEDDING_MODEL_ID);
    expect(r.dimension).toBe(LOCAL_EMBEDDING_DIMENSION);
    expect(r.embeddings).toHaveLength(2);
    expect(r.embeddings[0]).toHaveLength(LOCAL_EMBEDDING_DIMENSION);
    const one = await ai.embed({ tenantId: tenant, value: 'steel I-beams', purpose: 'query' });
    expect(one.embedding).toEqual(r.embeddings[0]);
    const rows = await ledger(tenant);
    expect(rows.map((x) => [x.task, x.model, x.outcome])).toEqual([
      ['embedding', 'local', 'ok'],
      ['embedding', 'local', 'ok'],
    ]);
  });

  it('hands the search index a tenant-bound embedder with the model id and dimension', async () => {
    let calls = 0;
    const embedder = new MockEmbeddingModelV3({
      maxEmbeddingsPerCall: 100,
      doEmbed: async ({ values }) => {
        calls += 1;
        return { embeddings: values.map(() => [0.6, 0.8]), usage: { tokens: 2 }, warnings: [] };
      },
    });
    const { ai } = setup(
      { 'openai-compatible:lab:my-embedder': embedder },
      { embeddingModel: 'openai-compatible:lab:my-embedder' },
    );
    const forTenant = ai.embedderFor(tenant);
    expect(forTenant.modelId).toBe('openai-compatible:lab:my-embedder');
    expect(forTenant.dimension).toBeUndefined();
    expect(await forTenant.embedMany(['a', 'b'], 'document')).toEqual([
      [0.6, 0.8],
      [0.6, 0.8],
    ]);
    expect(forTenant.dimension).toBe(2);
    expect(calls).toBe(1);
    expect((await ledger(tenant)).map((r) => [r.task, r.tenant_id])).toEqual([['embedding', tenant]]);
  });

  it('retries a provider embedding error, learns the dimension, and never falls back to another vector space', async () => {
    let calls = 0;
    const embedder = new MockEmbeddingModelV3({
      maxEmbeddingsPerCall: 100,
      doEmbed: async ({ values }) => {
        calls += 1;
        if (calls === 1) throw httpError(503);
        return { embeddings: values.map((v) => [v.length, 1, 0]), usage: { tokens: 7 }, warnings: [] };
      },
    });
    const { ai } = setup(
      { 'openai-compatible:ollama:my-embedder': embedder },
      { embeddingModel: 'openai-compatible:ollama:my-embedder' },
    );
    expect(ai.embeddingModelInfo().dimension).toBeUndefined();
    const r = await ai.embedMany({ tenantId: tenant, values: ['a', 'bb'], purpose: 'document' });
    expect(r).toMatchObject({
      model: 'openai-compatible:ollama:my-embedder',
      dimension: 3,
      embeddings: [
        [1, 1, 0],
        [2, 1, 0],
      ],
    });
    expect(ai.embeddingModelInfo().dimension).toBe(3);

    const failing = new MockEmbeddingModelV3({
      doEmbed: async () => {
        throw httpError(500);
      },
    });
    const { ai: ai2 } = setup(
      { 'openai:text-embedding-3-small': failing },
      { embeddingModel: 'openai:text-embedding-3-small', maxRetries: 1 },
    );
    await expect(ai2.embed({ tenantId: tenant, value: 'x', purpose: 'query' })).rejects.toMatchObject({
      code: 'ai.embedding_failed',
      status: 502,
    });
    expect(failing.doEmbedCalls).toHaveLength(2);
  });

  it('adds the purpose prefixes nomic-embed-text was trained with', async () => {
    const embedder = new MockEmbeddingModelV3({
      maxEmbeddingsPerCall: 100,
      doEmbed: async ({ values }) => ({
        embeddings: values.map(() => new Array(768).fill(0.1)),
        warnings: [],
      }),
    });
    const { ai } = setup(
      { 'openai-compatible:ollama:nomic-embed-text': embedder },
      { embeddingModel: 'openai-compatible:ollama:nomic-embed-text' },
    );
    expect(ai.embeddingModelInfo().dimension).toBe(768);
    await ai.embed({ tenantId: tenant, value: 'what beams do you sell', purpose: 'query' });
    await ai.embedMany({ tenantId: tenant, values: ['We sell HEA beams.'], purpose: 'document' });
    expect(embedder.doEmbedCalls.map((c) => c.values)).toEqual([
      ['search_query: what beams do you sell'],
      ['search_document: We sell HEA beams.'],
    ]);
  });

  it('refuses vectors of the wrong length instead of storing them', async () => {
    const embedder = new MockEmbeddingModelV3({
      maxEmbeddingsPerCall: 100,
      doEmbed: async ({ values }) => ({ embeddings: values.map(() => [0.1, 0.2]), warnings: [] }),
    });
    const { ai } = setup(
      { 'openai:text-embedding-3-small': embedder },
      { embeddingModel: 'openai:text-embedding-3-small' },
    );
    await expect(ai.embed({ tenantId: tenant, value: 'x', purpose: 'query' })).rejects.toMatchObject({
      code: 'ai.embedding_dimension_mismatch',
    });
  });
});
