/**
 * The LLM slot filler: the AI layer's `generation` task fills the slots from the same facts the
 * offline filler uses, in the brand's voice. The answer is validated (one value per slot) by the AI
 * layer; the executor then checks every limit and asks again with the problems. With AI_MODEL=local,
 * or when every configured model fails, the AI layer falls back to the offline filler and says so.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { definePrompt } from '../../../ai/index.js';
import type { AppServices } from '../../../operations/services.js';
import { fillOffline } from './offline-filler.js';
import type { FillContext, FillResult, SlotFill, SlotFiller, SlotRequest } from './slot-filler.js';

const promptsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'prompts');
type PromptVariables = 'skill' | 'platform' | 'request' | 'slots' | 'facts' | 'voice' | 'feedback';
let prompt: ReturnType<typeof definePrompt<PromptVariables>> | undefined;
const fillPrompt = () => {
  prompt ??= definePrompt(
    'fill-slots',
    1,
    ['skill', 'platform', 'request', 'slots', 'facts', 'voice', 'feedback'],
    promptsDir,
  );
  return prompt;
};

/** Most facts a prompt carries; the list is ranked so the relevant ones come first. */
const MAX_FACTS = 60;

function isList(slot: SlotRequest): boolean {
  return slot.spec.kind === 'list' || slot.spec.kind === 'hashtags';
}

function slotLines(slots: readonly SlotRequest[]): string {
  return slots
    .map((s) =>
      [
        `- ${s.name} (${s.spec.kind}${s.spec.required ? ', required' : ', optional'}): at most ${s.maxLength} characters${isList(s) ? ' per item' : ''}${s.minLength ? `, at least ${s.minLength}` : ''}${s.items ? `; ${s.items.min}-${s.items.max} items` : ''}`,
        s.spec.style ? `  how: ${s.spec.style}` : '',
        `  line: ${s.line}`,
        ...s.feedback.map((f) => `  problem last time: ${f}`),
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n');
}

function factLines(context: FillContext): string {
  const lines: string[] = [];
  for (const [name, v] of Object.entries(context.variables)) {
    if (!v) continue;
    const fields = Object.entries(v.fields)
      .filter(([, value]) => value)
      .map(([k, value]) => `${k}: ${value}`)
      .join('; ');
    lines.push(`[${v.source.id ?? 'request'}] variable ${name}: ${fields}`);
  }
  for (const p of context.facts.products.slice(0, 20))
    lines.push(
      `[${p.id}] ${p.kind} ${p.name}${p.priceText ? ` — ${p.priceText}` : ''}${p.description ? ` — ${p.description}` : ''}${p.url ? ` — ${p.url}` : ''}`,
    );
  for (const e of context.facts.entries) lines.push(`[${e.id}] ${e.question} ${e.answer}`);
  for (const e of context.facts.entities)
    if (e.type === 'contact_point' || e.type === 'location' || e.type === 'opening_hours')
      lines.push(`[${e.id}] ${e.type}: ${e.name}`);
  return lines.slice(0, MAX_FACTS).join('\n') || '(none)';
}

function voiceLines(context: FillContext): string {
  const v = context.facts.voice;
  if (!v) return 'No learned voice: write plainly, in the first person plural ("we").';
  return [
    `person: ${v.person}`,
    `emoji: ${v.emoji.length > 0 && v.emojiShare >= 0.3 ? `used in ${Math.round(v.emojiShare * 100)}% of posts, favourites ${v.emoji.slice(0, 5).join(' ')}` : 'not used'}`,
    `hashtags: ${v.hashtags.length > 0 ? v.hashtags.join(' ') : 'rarely used'}`,
    `exclamation marks: in ${Math.round(v.exclamationShare * 100)}% of posts`,
    v.bannedPhrases.length > 0 ? `never write: ${v.bannedPhrases.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function schemaFor(slots: readonly SlotRequest[]) {
  return z.object(
    Object.fromEntries(slots.map((s) => [s.name, isList(s) ? z.array(z.string()) : z.string()])) as Record<
      string,
      z.ZodString | z.ZodArray<z.ZodString>
    >,
  );
}

function toValue(
  slots: readonly SlotRequest[],
  fills: Record<string, SlotFill>,
): Record<string, string | string[]> {
  return Object.fromEntries(
    slots.map((s) => [s.name, isList(s) ? (fills[s.name]?.items ?? []) : (fills[s.name]?.text ?? '')]),
  );
}

export function llmSlotFiller(app: AppServices, tenantId: string): SlotFiller {
  return {
    name: 'llm',
    async fill(slots: SlotRequest[], context: FillContext): Promise<FillResult> {
      const offline = fillOffline(slots, context);
      const rendered = fillPrompt().render({
        skill: `${context.skill.name}: ${context.skill.description}`,
        platform: `${context.platform} (${context.format}); the whole post may be ${context.budget.maxLength} characters and the locked text takes ${context.budget.lockedLength}`,
        request: context.request ?? '(nothing more specific)',
        slots: slotLines(slots),
        facts: factLines(context),
        voice: voiceLines(context),
        feedback:
          context.feedback.length > 0 ? context.feedback.map((f) => `- ${f}`).join('\n') : '(first attempt)',
      });
      const result = await app.ai.generateStructured({
        tenantId,
        task: 'generation',
        ...(rendered.system ? { system: rendered.system } : {}),
        prompt: rendered.prompt,
        schema: schemaFor(slots),
        schemaName: 'skill_slots',
        offline: () => toValue(slots, offline),
        onBudgetExceeded: 'fallback',
        ...(context.signal ? { signal: context.signal } : {}),
      });
      const value = result.value as Record<string, string | string[]>;
      const fills: Record<string, SlotFill> = {};
      for (const s of slots) {
        const v = value[s.name];
        // The offline filler records which facts it used; a model's text is checked, not traced.
        const sources = result.model === 'local' ? (offline[s.name]?.sources ?? []) : [];
        fills[s.name] = Array.isArray(v)
          ? { items: v.map((x) => x.trim()).filter(Boolean), sources }
          : { text: (v ?? '').trim(), sources };
      }
      return { fills, model: result.model };
    },
  };
}
