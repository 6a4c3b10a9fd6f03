/**
 * Writes a skill back as a `.skill.md` file: canonical front matter (fixed field order, snake_case
 * keys, defaults left out) and the body exactly as it was. parse(serialize(skill)) gives the same
 * skill back (format/parse.property.test.ts checks it on generated skills).
 */
import { stringify } from 'yaml';
import type { PerPlatform, SkillDocument, SlotSpec, VariableSpec } from './types.js';

function perPlatform<T>(value: PerPlatform<T>): T | Record<string, T> {
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'default') return value.default as T;
  return value as Record<string, T>;
}

function variable(v: VariableSpec): Record<string, unknown> {
  return {
    type: v.type,
    source: v.source.filter === undefined ? v.source.kind : `${v.source.kind}:${v.source.filter}`,
    ...(v.required ? {} : { required: false }),
    ...(v.description !== undefined ? { description: v.description } : {}),
  };
}

function slot(s: SlotSpec): Record<string, unknown> {
  return {
    kind: s.kind,
    max: perPlatform(s.max),
    ...(s.min !== undefined ? { min: s.min } : {}),
    ...(s.style !== undefined ? { style: s.style } : {}),
    ...(s.required ? {} : { required: false }),
    ...(s.uses.length > 0 ? { uses: s.uses } : {}),
    ...(s.list
      ? {
          items: { min: s.list.min, max: s.list.max },
          ...(s.list.marker !== '•' ? { marker: s.list.marker } : {}),
          ...(s.list.layout !== 'lines' ? { layout: s.list.layout } : {}),
        }
      : {}),
  };
}

/** The front matter as a plain object, in the file's field order. */
export function frontMatterOf(skill: SkillDocument): Record<string, unknown> {
  const c = skill.constraints;
  const constraints = {
    ...(c.maxLength ? { max_length: perPlatform(c.maxLength) } : {}),
    ...(c.minLength ? { min_length: perPlatform(c.minLength) } : {}),
    ...(c.maxHashtags ? { max_hashtags: perPlatform(c.maxHashtags) } : {}),
    ...(c.maxEmoji !== undefined ? { max_emoji: c.maxEmoji } : {}),
    ...(c.maxMentions !== undefined ? { max_mentions: c.maxMentions } : {}),
    ...(c.links ? { links: perPlatform(c.links) } : {}),
    ...(c.bannedPhrases.length > 0 ? { banned_phrases: c.bannedPhrases } : {}),
    ...(c.parts ? { parts: c.parts } : {}),
    ...(c.slideMaxLength !== undefined ? { slide_max_length: c.slideMaxLength } : {}),
  };
  const guidance = {
    ...(skill.guidance.do.length > 0 ? { do: skill.guidance.do } : {}),
    ...(skill.guidance.avoid.length > 0 ? { avoid: skill.guidance.avoid } : {}),
  };
  return {
    id: skill.id,
    name: skill.name,
    version: skill.version,
    description: skill.description,
    intents: skill.intents,
    platforms: skill.platforms,
    formats: skill.formats,
    visibility: skill.visibility,
    ...(skill.variables.length > 0
      ? { variables: Object.fromEntries(skill.variables.map((v) => [v.name, variable(v)])) }
      : {}),
    ...(skill.slots.length > 0
      ? { slots: Object.fromEntries(skill.slots.map((s) => [s.name, slot(s)])) }
      : {}),
    ...(Object.keys(constraints).length > 0 ? { constraints } : {}),
    ...(skill.examples.length > 0
      ? {
          examples: skill.examples.map((e) => ({
            ...(e.platform ? { platform: e.platform } : {}),
            ...(e.format ? { format: e.format } : {}),
            ...(e.engagement !== undefined ? { engagement: e.engagement } : {}),
            ...(e.note !== undefined ? { note: e.note } : {}),
            text: e.text,
          })),
        }
      : {}),
    ...(Object.keys(guidance).length > 0 ? { guidance } : {}),
  };
}

export function serializeSkill(skill: SkillDocument): string {
  const yaml = stringify(frontMatterOf(skill), { lineWidth: 0 });
  return `---\n${yaml}---\n${skill.body}`;
}
