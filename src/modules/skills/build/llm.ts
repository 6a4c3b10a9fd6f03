/**
 * The LLM pass of the skill builder, through the AI layer (task `default`): a model words the skill's
 * name, description, slot instructions and rules from the builder's measurements. The structure, the
 * locked text and the limits stay the builder's, so the file is valid whatever the model says; with
 * AI_MODEL=local (or when every model fails) the builder's own wording is kept.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { definePrompt } from '../../../ai/index.js';
import type { AppServices } from '../../../operations/services.js';
import { parseSkill } from '../format/parse.js';
import { serializeSkill } from '../format/serialize.js';
import type { SkillDocument } from '../format/types.js';
import type { BuiltSkill } from './builder.js';

const promptsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'prompts');
let prompt: ReturnType<typeof definePrompt<'structure' | 'slots' | 'examples' | 'rules'>> | undefined;
const buildPrompt = () => {
  prompt ??= definePrompt('build-skill', 1, ['structure', 'slots', 'examples', 'rules'], promptsDir);
  return prompt;
};

const Wording = z.object({
  name: z.string().min(1).max(80),
  description: z.string().min(1).max(600),
  styles: z.record(z.string(), z.string().max(300)),
  do: z.array(z.string().min(1).max(300)).max(8),
  avoid: z.array(z.string().min(1).max(300)).max(8),
});
type Wording = z.infer<typeof Wording>;

function ownWording(skill: SkillDocument): Wording {
  return {
    name: skill.name,
    description: skill.description,
    styles: Object.fromEntries(skill.slots.map((s) => [s.name, s.style ?? ''])),
    do: skill.guidance.do,
    avoid: skill.guidance.avoid,
  };
}

export async function wordWithModel(
  app: AppServices,
  tenantId: string,
  built: BuiltSkill,
  signal?: AbortSignal,
): Promise<{ built: BuiltSkill; model: string }> {
  const { skill, analysis } = built;
  const rendered = buildPrompt().render({
    structure: JSON.stringify(analysis, null, 1),
    slots: skill.slots.map((s) => `- ${s.name} (${s.kind}): ${s.style ?? ''}`).join('\n'),
    examples: skill.examples
      .map((e) => `${e.engagement !== undefined ? `[${e.engagement}] ` : ''}${e.text}`)
      .join('\n---\n'),
    rules: [
      ...skill.guidance.do.map((d) => `do: ${d}`),
      ...skill.guidance.avoid.map((a) => `avoid: ${a}`),
    ].join('\n'),
  });
  const result = await app.ai.generateStructured({
    tenantId,
    task: 'default',
    ...(rendered.system ? { system: rendered.system } : {}),
    prompt: rendered.prompt,
    schema: Wording,
    schemaName: 'skill_wording',
    offline: () => ownWording(skill),
    onBudgetExceeded: 'fallback',
    ...(signal ? { signal } : {}),
  });
  const w = result.value;
  const worded: SkillDocument = {
    ...skill,
    name: w.name.trim(),
    description: w.description.trim(),
    slots: skill.slots.map((s) => {
      const style = w.styles[s.name]?.trim();
      return style ? { ...s, style } : s;
    }),
    guidance: {
      do: w.do.map((x) => x.trim()).filter(Boolean),
      avoid: w.avoid.map((x) => x.trim()).filter(Boolean),
    },
  };
  const content = serializeSkill(worded);
  // The model only words the file; if its words still break a rule (a name too long), keep ours.
  if (!parseSkill(content).skill) return { built, model: 'local' };
  return { built: { ...built, skill: worded, content }, model: result.model };
}
