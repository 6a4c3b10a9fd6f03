import { Writable } from 'node:stream';
import { MockLanguageModelV3 } from 'ai/test';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/load.js';
import { ManualClock } from '../core/clock.js';
import type { Db } from '../db/connect.js';
import { createModelRegistry } from './registry.js';
import { createAi } from './service.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('AI SDK warnings', () => {
  it('go to the log, never to stdout (which carries --json output and MCP stdio)', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const info = vi.spyOn(console, 'info');
    const warn = vi.spyOn(console, 'warn');
    const config = loadConfig({
      env: { DATA_DIR: '/tmp/dify-agent-warnings-test', AI_MODEL: 'openai-compatible:ollama:llama3.1' },
      configFile: '/nonexistent.json',
    });
    const model = new MockLanguageModelV3({
      doGenerate: async () => ({
        content: [{ type: 'text', text: 'hello' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
        warnings: [
          { type: 'unsupported', feature: 'temperature', details: 'this model ignores temperature' },
        ],
      }),
    });
    // No database: the ledger write fails and is logged, which this test does not look at.
    const ai = createAi(config, {} as Db, logger, new ManualClock(), {
      registry: createModelRegistry(config.ai, { models: { 'openai-compatible:ollama:llama3.1': model } }),
    });
    const r = await ai.generateText({
      tenantId: 't',
      task: 'default',
      prompt: 'hi',
      temperature: 0.2,
      offline: () => 'x',
    });
    expect(r.model).toBe('openai-compatible:ollama:llama3.1');
    expect(info).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(lines.some((l) => l.includes('AI SDK warning') && l.includes('temperature'))).toBe(true);
  });
});
