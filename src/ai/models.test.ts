import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { fallbackChain, modelForTask, parseModelRef } from './models.js';
import { LOCAL_EMBEDDING_DIMENSION } from './offline/embedding.js';
import { costOf, isPaid } from './prices.js';
import { createModelRegistry } from './registry.js';

function aiConfig(env: Record<string, string>) {
  return loadConfig({
    env: { DATA_DIR: '/tmp/dify-agent-models-test', ...env },
    configFile: '/nonexistent.json',
  }).ai;
}

describe('model references', () => {
  it('parses every provider form', () => {
    expect(parseModelRef('local')).toMatchObject({ provider: 'local', providerKey: 'local' });
    expect(parseModelRef('openai:gpt-4o-mini')).toMatchObject({
      provider: 'openai',
      modelId: 'gpt-4o-mini',
      providerKey: 'openai',
    });
    expect(parseModelRef('anthropic:claude-sonnet-4-5')).toMatchObject({
      provider: 'anthropic',
      modelId: 'claude-sonnet-4-5',
    });
    expect(parseModelRef('google:gemini-2.5-flash')).toMatchObject({ provider: 'google' });
    expect(parseModelRef('openai-compatible:ollama:llama3.1:8b')).toMatchObject({
      provider: 'openai-compatible',
      server: 'ollama',
      modelId: 'llama3.1:8b',
      providerKey: 'openai-compatible:ollama',
    });
  });

  it.each(['mistral:large', 'openai:', 'openai-compatible:ollama', 'gpt-4o', 'local:x'])(
    'rejects "%s" with a clear error',
    (v) => {
      expect(() => parseModelRef(v)).toThrow(expect.objectContaining({ code: 'ai.invalid_model' }));
    },
  );

  it('picks the task model, then AI_MODEL, and ends every text chain at the offline engine', () => {
    const ai = aiConfig({
      AI_MODEL: 'openai:gpt-4o-mini',
      AI_MODEL_JUDGE: 'anthropic:claude-haiku-4-5',
      AI_FALLBACK_MODELS: 'anthropic:claude-haiku-4-5, google:gemini-2.5-flash, local, openai:gpt-4o-mini',
    });
    expect(modelForTask(ai, 'generation')).toBe('openai:gpt-4o-mini');
    expect(modelForTask(ai, 'judge')).toBe('anthropic:claude-haiku-4-5');
    expect(modelForTask(ai, 'embedding')).toBe('local');
    expect(fallbackChain(ai, 'generation').map((r) => r.id)).toEqual([
      'openai:gpt-4o-mini',
      'anthropic:claude-haiku-4-5',
      'google:gemini-2.5-flash',
      'local',
    ]);
    expect(fallbackChain(ai, 'judge').map((r) => r.id)).toEqual([
      'anthropic:claude-haiku-4-5',
      'google:gemini-2.5-flash',
      'openai:gpt-4o-mini',
      'local',
    ]);
  });

  it('sends a task configured as local straight to the offline engine', () => {
    const ai = aiConfig({ AI_MODEL: 'local', AI_FALLBACK_MODELS: 'openai:gpt-4o-mini' });
    expect(fallbackChain(ai, 'default').map((r) => r.id)).toEqual(['local']);
  });
});

describe('registry', () => {
  it('reports each provider as configured or names the missing setting', () => {
    const ai = aiConfig({
      OPENAI_API_KEY: 'sk-x',
      OPENAI_COMPATIBLE: '[{"name":"ollama","baseUrl":"http://127.0.0.1:11434/v1"}]',
    });
    const registry = createModelRegistry(ai);
    const byKey = Object.fromEntries(registry.providers().map((p) => [p.providerKey, p]));
    expect(byKey.local).toMatchObject({ configured: true });
    expect(byKey.openai).toMatchObject({ configured: true, baseUrl: 'https://api.openai.com/v1' });
    expect(byKey.anthropic).toMatchObject({ configured: false, missing: 'ANTHROPIC_API_KEY' });
    expect(byKey.google).toMatchObject({ configured: false, missing: 'GOOGLE_GENERATIVE_AI_API_KEY' });
    expect(byKey['openai-compatible:ollama']).toMatchObject({
      configured: true,
      baseUrl: 'http://127.0.0.1:11434/v1',
    });
  });

  it('builds model instances, never strings, and refuses unconfigured providers by name', () => {
    const registry = createModelRegistry(aiConfig({ OPENAI_API_KEY: 'sk-x' }));
    const model = registry.languageModel(parseModelRef('openai:gpt-4o-mini'));
    expect(typeof model).toBe('object');
    expect(model).toMatchObject({ specificationVersion: 'v3', modelId: 'gpt-4o-mini' });
    expect(() => registry.languageModel(parseModelRef('google:gemini-2.5-flash'))).toThrow(
      expect.objectContaining({
        code: 'ai.provider_not_configured',
        message: expect.stringContaining('GOOGLE_GENERATIVE_AI_API_KEY is not set'),
      }),
    );
    expect(() => registry.languageModel(parseModelRef('openai-compatible:vllm:qwen'))).toThrow(
      expect.objectContaining({
        code: 'ai.provider_not_configured',
        message: expect.stringContaining('no server named "vllm"'),
      }),
    );
    expect(registry.embeddingModel(parseModelRef('local'))).toMatchObject({
      provider: 'local',
      dimension: LOCAL_EMBEDDING_DIMENSION,
    });
  });
});

describe('prices', () => {
  const prices = {
    'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
    'anthropic:*': { input: 3, output: 15 },
    'openai-compatible:cloud:*': { input: 1, output: 1 },
  };
  it('prices calls per million tokens, with provider-wide entries', () => {
    expect(costOf(prices, parseModelRef('openai:gpt-4o-mini'), 1_000_000, 1_000_000)).toBeCloseTo(0.75);
    expect(costOf(prices, parseModelRef('anthropic:claude-sonnet-4-5'), 1000, 1000)).toBeCloseTo(0.018);
    expect(costOf(prices, parseModelRef('google:gemini-2.5-flash'), 1000, 1000)).toBeNull();
    expect(costOf(prices, parseModelRef('local'), 1000, 1000)).toBe(0);
  });
  it('treats cloud models as paid, and self-hosted ones only when priced', () => {
    expect(isPaid(prices, parseModelRef('google:gemini-2.5-flash'))).toBe(true);
    expect(isPaid(prices, parseModelRef('openai-compatible:ollama:llama3.1'))).toBe(false);
    expect(isPaid(prices, parseModelRef('openai-compatible:cloud:big'))).toBe(true);
    expect(isPaid(prices, parseModelRef('local'))).toBe(false);
  });
});
