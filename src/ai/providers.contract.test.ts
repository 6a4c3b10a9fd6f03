import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import {
  type Fixture,
  loadFixture,
  type ProviderServer,
  startProviderServer,
} from '../../test/support/provider-servers/server.js';
import type { Config } from '../config/load.js';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { writeJson } from '../db/dialect.js';
import { type AiService, createAi } from './service.js';

/**
 * Contract tests: each real provider adapter (the AI SDK providers as this module configures them)
 * talks to a local server that speaks the provider's wire format from recorded exchanges written from
 * the providers' API references. They prove the requests are what the real APIs expect (path, auth
 * headers, body fields) and that their answers come back parsed, with usage in the ledger.
 */

let t: TestDatabase;
let server: ProviderServer | undefined;
const tenant = 't_contract';

beforeAll(async () => {
  t = await createTestDatabase();
  const now = '2026-01-01T00:00:00.000Z';
  await t.db.system((tx) =>
    tx
      .insertInto('tenants')
      .values({
        id: tenant,
        name: tenant,
        slug: tenant,
        time_zone: 'UTC',
        locale: 'en',
        plan: 'free',
        limits: writeJson({}),
        created_at: now,
        updated_at: now,
      })
      .execute(),
  );
});
afterAll(async () => {
  await t.cleanup();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const Product = z.object({ name: z.string(), priceEur: z.number(), unit: z.string() });
const SYSTEM = 'You extract product facts from web pages.';
const PROMPT = 'Extract the product from: HEA 200 steel I-beam, 48.50 EUR per metre.';
const offlineProduct = () => ({ name: 'offline', priceEur: 0, unit: 'piece' });

/** Starts the fixture's server and an AI service whose providers point at it. */
async function serve(
  fixture: Fixture,
  ai: (origin: string) => Partial<Config['ai']>,
): Promise<{ ai: AiService; sleeps: number[] }> {
  server = await startProviderServer(fixture);
  const config: Config = {
    ...t.config,
    ai: {
      ...t.config.ai,
      fallbackModels: [],
      maxRetries: 2,
      keys: { openai: 'sk-test-openai', anthropic: 'sk-ant-test', google: 'google-test-key' },
      ...ai(server.origin),
    },
  };
  const sleeps: number[] = [];
  const service = createAi(config, t.db, silentLogger, new ManualClock('2026-05-05T10:00:00.000Z'), {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { ai: service, sleeps };
}

/** Every request the adapter sent matches the fixture's expectation at the same position. */
function expectRequestsMatch(fixture: Fixture): void {
  const received = server?.received ?? [];
  expect(received).toHaveLength(fixture.exchanges.length);
  fixture.exchanges.forEach((exchange, i) => {
    const got = received[i];
    const want = exchange.request;
    expect(got?.method, `request ${i + 1} method`).toBe(want.method);
    expect(got?.path, `request ${i + 1} path`).toBe(want.path);
    if (want.headers) expect(got?.headers, `request ${i + 1} headers`).toMatchObject(want.headers);
    for (const h of want.absentHeaders ?? []) expect(got?.headers, `request ${i + 1}`).not.toHaveProperty(h);
    if (want.body !== undefined)
      expect(got?.body, `request ${i + 1} body`).toMatchObject(want.body as object);
  });
}

async function lastLedgerRow() {
  return t.db.read(tenant, (db) =>
    db
      .selectFrom('ai_usage')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow(),
  );
}

describe('OpenAI adapter (Responses API, embeddings)', () => {
  it('sends a structured request in the Responses wire format and reads the JSON answer', async () => {
    const fixture = loadFixture('openai', 'responses-structured');
    const { ai } = await serve(fixture, (origin) => ({
      model: 'openai:gpt-4o-mini',
      baseUrls: { openai: `${origin}/v1` },
    }));
    const r = await ai.generateStructured({
      tenantId: tenant,
      task: 'extraction',
      schema: Product,
      schemaName: 'product',
      system: SYSTEM,
      prompt: PROMPT,
      offline: offlineProduct,
    });
    expectRequestsMatch(fixture);
    expect(r).toMatchObject({
      model: 'openai:gpt-4o-mini',
      value: { name: 'HEA 200 steel I-beam', priceEur: 48.5, unit: 'metre' },
    });
    expect(r.usage).toMatchObject({ inputTokens: 61, outputTokens: 19 });
    expect(await lastLedgerRow()).toMatchObject({
      provider: 'openai',
      input_tokens: 61,
      output_tokens: 19,
      outcome: 'ok',
    });
  });

  it('waits as long as retry-after says on 429, then gets the answer', async () => {
    const fixture = loadFixture('openai', 'responses-text-rate-limited');
    const { ai, sleeps } = await serve(fixture, (origin) => ({
      model: 'openai:gpt-4o-mini',
      baseUrls: { openai: `${origin}/v1` },
    }));
    const r = await ai.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'Write a one-line post about HEA beams.',
      offline: () => 'offline',
    });
    expectRequestsMatch(fixture);
    expect(sleeps).toEqual([2000]);
    expect(r).toMatchObject({
      model: 'openai:gpt-4o-mini',
      value: 'HEA beams from stock, cut to length and delivered in 48 hours.',
    });
    expect(await lastLedgerRow()).toMatchObject({ attempts: 2, outcome: 'ok' });
  });

  it('does not retry a rejected key and falls back to the offline engine', async () => {
    const fixture = loadFixture('openai', 'responses-auth-error');
    const { ai } = await serve(fixture, (origin) => ({
      model: 'openai:gpt-4o-mini',
      baseUrls: { openai: `${origin}/v1` },
    }));
    const r = await ai.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'Hi',
      offline: () => 'offline text',
    });
    expectRequestsMatch(fixture);
    expect(r.model).toBe('local');
    expect(r.fallbackFrom?.[0]).toMatchObject({
      model: 'openai:gpt-4o-mini',
      reason: 'auth',
      code: 'ai.provider_auth',
    });
    expect(r.fallbackFrom?.[0]?.message).toContain('Incorrect API key');
  });

  it('embeds several texts in one request', async () => {
    const fixture = loadFixture('openai', 'embeddings');
    const { ai } = await serve(fixture, (origin) => ({
      embeddingModel: 'openai:text-embedding-3-small',
      baseUrls: { openai: `${origin}/v1` },
    }));
    const r = await ai.embedMany({
      tenantId: tenant,
      values: ['HEA 200 steel I-beam', 'Galvanised M12 bolts'],
      purpose: 'document',
    });
    expectRequestsMatch(fixture);
    expect(r).toMatchObject({
      model: 'openai:text-embedding-3-small',
      dimension: 1536,
      usage: { tokens: 11 },
    });
    expect(r.embeddings).toHaveLength(2);
    const recorded = fixture.exchanges[0]?.response.body as { data: Array<{ embedding: number[] }> };
    expect(r.embeddings).toEqual(recorded.data.map((d) => d.embedding));
  });
});

describe('Anthropic adapter (Messages API)', () => {
  it('sends x-api-key, anthropic-version and the JSON-schema output format, and reads the answer', async () => {
    const fixture = loadFixture('anthropic', 'messages-structured');
    const { ai } = await serve(fixture, (origin) => ({
      model: 'anthropic:claude-sonnet-4-5',
      baseUrls: { anthropic: `${origin}/v1` },
    }));
    const r = await ai.generateStructured({
      tenantId: tenant,
      task: 'extraction',
      schema: Product,
      system: SYSTEM,
      prompt: PROMPT,
      offline: offlineProduct,
    });
    expectRequestsMatch(fixture);
    expect(r).toMatchObject({
      model: 'anthropic:claude-sonnet-4-5',
      value: { name: 'HEA 200 steel I-beam', priceEur: 48.5 },
    });
    expect(await lastLedgerRow()).toMatchObject({
      provider: 'anthropic',
      input_tokens: 74,
      output_tokens: 23,
    });
  });

  it('retries when the API is overloaded (529)', async () => {
    const fixture = loadFixture('anthropic', 'messages-overloaded');
    const { ai, sleeps } = await serve(fixture, (origin) => ({
      model: 'anthropic:claude-sonnet-4-5',
      baseUrls: { anthropic: `${origin}/v1` },
    }));
    const r = await ai.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'Write a one-line post about HEA beams.',
      offline: () => 'offline',
    });
    expectRequestsMatch(fixture);
    expect(sleeps).toHaveLength(1);
    expect(r.value).toBe('HEA beams in stock: cut to length, delivered in 48 hours.');
  });

  it('has no embedding models, and says so', async () => {
    const { ai } = await serve({ source: '', description: '', exchanges: [] }, () => ({
      embeddingModel: 'anthropic:claude-sonnet-4-5',
    }));
    await expect(ai.embed({ tenantId: tenant, value: 'x', purpose: 'query' })).rejects.toMatchObject({
      code: 'ai.embedding_unsupported',
    });
  });
});

describe('Google adapter (Gemini API)', () => {
  it('sends generateContent with x-goog-api-key and a response schema, and reads the answer', async () => {
    const fixture = loadFixture('google', 'generate-structured');
    const { ai } = await serve(fixture, (origin) => ({
      model: 'google:gemini-2.5-flash',
      baseUrls: { google: `${origin}/v1beta` },
    }));
    const r = await ai.generateStructured({
      tenantId: tenant,
      task: 'extraction',
      schema: Product,
      system: SYSTEM,
      prompt: PROMPT,
      offline: offlineProduct,
    });
    expectRequestsMatch(fixture);
    expect(r).toMatchObject({
      model: 'google:gemini-2.5-flash',
      value: { unit: 'metre' },
      usage: { inputTokens: 52, outputTokens: 21 },
    });
  });

  it('embeds documents in a batch and a query alone, with the matching task types', async () => {
    const batch = loadFixture('google', 'embed-batch');
    const { ai } = await serve(batch, (origin) => ({
      embeddingModel: 'google:text-embedding-004',
      baseUrls: { google: `${origin}/v1beta` },
    }));
    const docs = await ai.embedMany({
      tenantId: tenant,
      values: ['HEA 200 steel I-beam', 'Galvanised M12 bolts'],
      purpose: 'document',
    });
    expectRequestsMatch(batch);
    expect(docs).toMatchObject({ model: 'google:text-embedding-004', dimension: 768 });
    // The API reports no token count for embeddings; the ledger gets an estimate so spend still counts.
    expect(docs.usage.tokens).toBeGreaterThan(0);
    await server?.close();

    const single = loadFixture('google', 'embed-single');
    const { ai: ai2 } = await serve(single, (origin) => ({
      embeddingModel: 'google:text-embedding-004',
      baseUrls: { google: `${origin}/v1beta` },
    }));
    const q = await ai2.embed({ tenantId: tenant, value: 'which beams are in stock', purpose: 'query' });
    expectRequestsMatch(single);
    expect(q.embedding).toHaveLength(768);
  });
});

describe('OpenAI-compatible adapter (Ollama, vLLM)', () => {
  it('talks to a key-less Ollama with a JSON-schema response format', async () => {
    const fixture = loadFixture('openai-compatible', 'ollama-chat-structured');
    const { ai } = await serve(fixture, (origin) => ({
      model: 'openai-compatible:ollama:llama3.1',
      openaiCompatible: [{ name: 'ollama', baseUrl: `${origin}/v1` }],
    }));
    const r = await ai.generateStructured({
      tenantId: tenant,
      task: 'extraction',
      schema: Product,
      schemaName: 'product',
      system: SYSTEM,
      prompt: PROMPT,
      offline: offlineProduct,
    });
    expectRequestsMatch(fixture);
    expect(r).toMatchObject({ model: 'openai-compatible:ollama:llama3.1', value: { priceEur: 48.5 } });
    // A self-hosted model without a price is free, not "unpriced".
    expect(await lastLedgerRow()).toMatchObject({ provider: 'openai-compatible:ollama', cost_usd: 0 });
  });

  it('sends the configured key to a vLLM server as a bearer token', async () => {
    const fixture = loadFixture('openai-compatible', 'vllm-chat-text');
    const { ai } = await serve(fixture, (origin) => ({
      model: 'openai-compatible:vllm:Qwen/Qwen2.5-7B-Instruct',
      openaiCompatible: [{ name: 'vllm', baseUrl: `${origin}/v1`, apiKey: 'vllm-secret' }],
    }));
    const r = await ai.generateText({
      tenantId: tenant,
      task: 'generation',
      prompt: 'Write a one-line post about HEA beams.',
      offline: () => 'o',
    });
    expectRequestsMatch(fixture);
    expect(r.value).toBe('HEA beams, cut to length, at your site in 48 hours.');
  });

  it("embeds with nomic-embed-text, adding the model's document prefix", async () => {
    const fixture = loadFixture('openai-compatible', 'ollama-embeddings');
    const { ai } = await serve(fixture, (origin) => ({
      embeddingModel: 'openai-compatible:ollama:nomic-embed-text',
      openaiCompatible: [{ name: 'ollama', baseUrl: `${origin}/v1` }],
    }));
    const r = await ai.embedMany({
      tenantId: tenant,
      values: ['HEA 200 steel I-beam', 'Galvanised M12 bolts'],
      purpose: 'document',
    });
    expectRequestsMatch(fixture);
    expect(r).toMatchObject({ dimension: 768, usage: { tokens: 14 } });
  });
});
