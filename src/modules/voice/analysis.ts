/**
 * LLM-assisted voice analysis, layered on the statistical profile: the configured model (AI module,
 * task `default`) reads the measured profile and a sample of posts and writes the plain-words summary
 * and do/don't rules. With the default `AI_MODEL=local`, or when every model fails, the offline
 * summariser writes them from the profile alone. The result records which model wrote it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { definePrompt } from '../../ai/index.js';
import type { AppServices } from '../../operations/services.js';
import { describeRule } from './rules.js';
import { pinnedRuleLines, summariseVoiceOffline, VoiceAnalysis } from './summary.js';
import type { BrandVoiceProfile, PinnedRule, VoiceExample } from './types.js';

const promptsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'prompts');
let prompt: ReturnType<typeof definePrompt<'profile' | 'examples' | 'rules'>> | undefined;
const analysisPrompt = () => {
  prompt ??= definePrompt('voice-analysis', 1, ['profile', 'examples', 'rules'], promptsDir);
  return prompt;
};

/** The measurements a model needs, without the scorer's internals (n-gram counts, distributions). */
export function profileForPrompt(profile: BrandVoiceProfile): Record<string, unknown> {
  const { scoring: _scoring, ...rest } = profile;
  return rest;
}

const SAMPLE = 12;

/** Up to a dozen posts spread over the example set (best-performing first when engagement is known). */
export function sampleExamples(examples: readonly VoiceExample[]): VoiceExample[] {
  const posts = examples.filter((e) => e.source === 'post');
  const pool = posts.length > 0 ? posts : [...examples];
  if (pool.some((e) => e.engagement !== undefined)) {
    return [...pool].sort((a, b) => (b.engagement ?? 0) - (a.engagement ?? 0)).slice(0, SAMPLE);
  }
  const step = Math.max(1, Math.floor(pool.length / SAMPLE));
  return pool.filter((_, i) => i % step === 0).slice(0, SAMPLE);
}

export interface VoiceAnalysisResult {
  analysis: VoiceAnalysis;
  /** `local` for the offline summariser, else `provider:model`. */
  model: string;
}

export async function analyseVoice(
  app: AppServices,
  tenantId: string,
  profile: BrandVoiceProfile,
  rules: readonly PinnedRule[],
  examples: readonly VoiceExample[],
  signal?: AbortSignal,
): Promise<VoiceAnalysisResult> {
  const rendered = analysisPrompt().render({
    profile: JSON.stringify(profileForPrompt(profile), null, 1),
    rules: rules.length ? rules.map((r) => `- ${describeRule(r)}`).join('\n') : '(none)',
    examples: sampleExamples(examples)
      .map(
        (e, i) =>
          `${i + 1}. ${e.platform ? `[${e.platform}] ` : ''}${e.text.replace(/\s+/g, ' ').slice(0, 600)}`,
      )
      .join('\n'),
  });
  const result = await app.ai.generateStructured({
    tenantId,
    task: 'default',
    schema: VoiceAnalysis,
    schemaName: 'voice_analysis',
    ...(rendered.system ? { system: rendered.system } : {}),
    prompt: rendered.prompt,
    offline: () => summariseVoiceOffline(profile, rules),
    onBudgetExceeded: 'fallback',
    ...(signal ? { signal } : {}),
  });
  return { analysis: withPinnedRules(result.value, rules), model: result.model };
}

/** Pinned rules always appear in the do/don't lists, whatever a model left out. */
export function withPinnedRules(analysis: VoiceAnalysis, rules: readonly PinnedRule[]): VoiceAnalysis {
  const pinned = pinnedRuleLines(rules);
  const text = (xs: string[]) => xs.join('\n').toLowerCase();
  const missingDo = pinned.do.filter(
    (r) => !text(analysis.do).includes(r.replace(' (pinned rule).', '').toLowerCase()),
  );
  const missingDont = pinned.dont.filter(
    (r) => !text(analysis.dont).includes(r.replace(' (pinned rule).', '').toLowerCase()),
  );
  return {
    ...analysis,
    do: [...missingDo, ...analysis.do].slice(0, 12),
    dont: [...missingDont, ...analysis.dont].slice(0, 12),
  };
}
