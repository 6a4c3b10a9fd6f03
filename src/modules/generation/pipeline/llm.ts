/**
 * Candidate generation with a model: one structured call through the AI layer (task `generation`)
 * asks for 2-3 distinct posts per platform from the same context the composer uses. The AI layer
 * validates the answer against the schema, sends an invalid one back once with the problems, then
 * moves down the fallback chain, which ends with the offline composer; the engine that wrote the
 * candidates is recorded either way.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { definePrompt } from '../../../ai/index.js';
import type { Platform } from '../../../core/platforms.js';
import { textLimits } from '../../../core/platforms.js';
import type { OperationContext } from '../../../operations/define.js';
import { isOutOfStock } from '../compose/availability.js';
import { postSentences } from '../compose/citations.js';
import type { ComposedSegment } from '../compose/composer.js';
import type { RefineModifiers } from '../compose/feedback.js';
import { jaccard, stemSet } from '../compose/text.js';
import { PlatformSchema } from '../schemas.js';
import { type Draft, type OfflineInput, offlineDrafts } from './offline.js';
import type { GenerateResult } from './schemas.js';

const promptsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'prompts');
type Vars = 'request' | 'platforms' | 'skills' | 'facts' | 'voice' | 'feedback';
let prompt: ReturnType<typeof definePrompt<Vars>> | undefined;
const postsPrompt = () => {
  prompt ??= definePrompt(
    'generate-posts',
    1,
    ['request', 'platforms', 'skills', 'facts', 'voice', 'feedback'],
    promptsDir,
  );
  return prompt;
};

const MAX_FACTS = 60;

export function postsSchema(platforms: readonly Platform[], count: number) {
  return z
    .object({
      posts: z
        .array(
          z.object({
            platform: PlatformSchema,
            text: z.string().trim().min(1).max(5000),
            sources: z.array(z.string()).max(30).default([]),
          }),
        )
        .min(1),
    })
    .superRefine((value, issue) => {
      for (const p of platforms) {
        const n = value.posts.filter((x) => x.platform === p).length;
        if (n < Math.min(2, count))
          issue.addIssue({
            code: 'custom',
            message: `${p} needs at least ${Math.min(2, count)} posts; got ${n}`,
            path: ['posts'],
          });
      }
    });
}
export type PostsAnswer = z.output<ReturnType<typeof postsSchema>>;

function factLines(input: OfflineInput): string {
  const lines: string[] = [];
  const { context } = input;
  for (const p of context.passages) lines.push(`[${p.sourceId}] ${p.text.replace(/\s+/g, ' ')}`);
  for (const p of context.products.slice(0, 25)) {
    const price = input.price(p);
    const stock = isOutOfStock(p)
      ? `OUT OF STOCK${p.availableFrom ? ` (back ${p.availableFrom})` : ''}`
      : (p.availability ?? 'stock unknown');
    lines.push(
      `[${p.id}] ${p.kind} ${p.name}${price ? ` — ${price}` : ''} — ${stock}${p.description ? ` — ${p.description}` : ''}${p.url ? ` — ${p.url}` : ''}`,
    );
  }
  for (const e of context.facts.entries) lines.push(`[${e.id}] ${e.question} ${e.answer}`);
  for (const e of context.facts.entities)
    if (e.type === 'contact_point' || e.type === 'location' || e.type === 'opening_hours')
      lines.push(`[${e.id}] ${e.type}: ${e.name}`);
  return [...new Set(lines)].slice(0, MAX_FACTS).join('\n') || '(none)';
}

function voiceLines(input: OfflineInput): string {
  const s = input.style;
  return [
    `person: ${s.person}`,
    `emoji: ${s.emoji.length > 0 && s.emojiShare >= 0.3 ? `in ${Math.round(s.emojiShare * 100)}% of posts, favourites ${s.emoji.slice(0, 5).join(' ')}` : 'not used'}`,
    `hashtags: ${s.maxHashtags === 0 ? 'none' : (input.context.facts.voice?.hashtags.join(' ') ?? 'rarely used')}`,
    `exclamation marks: in ${Math.round(s.exclamationShare * 100)}% of posts`,
    `sentences: about ${s.wordsPerSentence} words`,
    s.bannedPhrases.length > 0 ? `never write: ${s.bannedPhrases.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The facts a sentence states, among the ids the model named: an id it named but the sentence does not echo is not cited. */
function segmentsFor(text: string, sources: readonly string[], input: OfflineInput): ComposedSegment[] {
  const known = new Map<string, string>();
  for (const e of input.context.facts.entries) known.set(e.id, `${e.question} ${e.answer}`);
  for (const p of input.context.products) known.set(p.id, `${p.name} ${p.description ?? ''}`);
  for (const e of input.context.facts.entities) known.set(e.id, e.name);
  for (const p of input.context.passages) if (!known.has(p.sourceId)) known.set(p.sourceId, p.text);
  const out: ComposedSegment[] = [];
  for (const sentence of postSentences(text)) {
    const own = stemSet(sentence);
    for (const id of sources) {
      const fact = known.get(id);
      if (fact && jaccard(own, stemSet(fact)) > 0 && [...own].filter((s) => stemSet(fact).has(s)).length >= 2)
        out.push({ text: sentence, source: id });
    }
  }
  return out;
}

export interface LlmInput extends OfflineInput {
  count: number;
  modifiers: RefineModifiers;
}

export async function llmDrafts(
  ctx: OperationContext,
  input: LlmInput,
): Promise<{ drafts: Map<Platform, Draft[]>; engine: string; fallbackFrom: GenerateResult['fallbackFrom'] }> {
  let offline: Map<Platform, Draft[]> | undefined;
  const rendered = postsPrompt().render({
    request: input.request,
    platforms: input.platforms
      .map(
        (p) =>
          `- ${p}: ${input.count} candidates, at most ${textLimits[p].maxLength} characters${textLimits[p].maxHashtags ? `, at most ${textLimits[p].maxHashtags} hashtags` : ''}${p === 'instagram' ? ', no links' : ''}`,
      )
      .join('\n'),
    skills: input.platforms
      .map((p) => {
        const top = input.skills.get(p)?.[0]?.skill;
        return `- ${p}: ${top ? `${top.name}: ${top.description.replace(/\s+/g, ' ')}` : 'a plain post'}`;
      })
      .join('\n'),
    facts: factLines(input),
    voice: voiceLines(input),
    feedback: input.modifiers.text ?? '(first draft)',
  });
  const result = await ctx.app.ai.generateStructured({
    tenantId: ctx.tenantId,
    task: 'generation',
    ...(rendered.system ? { system: rendered.system } : {}),
    prompt: rendered.prompt,
    schema: postsSchema(input.platforms, input.count),
    schemaName: 'candidate_posts',
    onBudgetExceeded: 'fallback',
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    offline: async () => {
      offline = await offlineDrafts(input);
      return {
        posts: [...offline.values()]
          .flat()
          .map((d) => ({ platform: d.platform, text: d.text, sources: d.segments.map((s) => s.source) })),
      };
    },
  });
  const fallbackFrom = (result.fallbackFrom ?? []).map((f) => ({
    model: f.model,
    code: f.code,
    message: f.message,
  }));
  if (result.model === 'local' && offline) return { drafts: offline, engine: 'local', fallbackFrom };
  const drafts = new Map<Platform, Draft[]>();
  for (const platform of input.platforms) {
    const top = input.skills.get(platform)?.[0];
    drafts.set(
      platform,
      result.value.posts
        .filter((p) => p.platform === platform)
        .map((p, i) => ({
          platform,
          text: p.text,
          skillId: top?.skill.id ?? null,
          skillFit: top?.fit ?? 0.5,
          structure: `llm.${i}`,
          segments: segmentsFor(p.text, p.sources, input),
          values: [],
          defects: [],
          product: null,
        })),
    );
  }
  return { drafts, engine: result.model, fallbackFrom };
}
