/**
 * The skill file model: what a `.skill.md` file says once parsed (docs/skills.md is the written spec).
 * Field names here are camelCase; the file's YAML uses snake_case (`max_hashtags`), mapped in
 * parse.ts and serialize.ts.
 */
import type { Platform } from '../../../core/platforms.js';

export const skillFormats = ['text', 'image', 'carousel', 'video', 'thread'] as const;
export type SkillFormat = (typeof skillFormats)[number];

/** Formats whose body has several parts (`---` lines): thread posts, or a caption and slides. */
export const multiPartFormats: readonly SkillFormat[] = ['thread', 'carousel'];

/**
 * The fixed intents a skill serves and the matcher recognises (match/intents.ts describes each).
 * Fixed so a tenant's own skills compete with the built-ins on the same terms.
 */
export const skillIntents = [
  'product_launch',
  'product_spotlight',
  'promotion',
  'how_to',
  'faq',
  'customer_story',
  'testimonial',
  'event',
  'behind_the_scenes',
  'team',
  'hiring',
  'announcement',
  'thought_leadership',
  'seasonal',
  'milestone',
  'comparison',
  'stats',
  'poll',
] as const;
export type SkillIntent = (typeof skillIntents)[number];

export const visibilities = ['shared', 'tenant'] as const;
export type SkillVisibility = (typeof visibilities)[number];

/** Kinds of variable value. Knowledge kinds carry fields (`{{product.price}}`). */
export const variableTypes = [
  'text',
  'number',
  'date',
  'url',
  'product',
  'entry',
  'offer',
  'person',
  'contact',
  'location',
  'hours',
  'certification',
] as const;
export type VariableType = (typeof variableTypes)[number];

/** Fields each variable type offers to the body; the first is what `{{name}}` alone renders. */
export const variableFields: Readonly<Record<VariableType, readonly string[]>> = {
  text: ['value'],
  number: ['value'],
  date: ['value'],
  url: ['value'],
  product: ['name', 'price', 'description', 'url', 'availability', 'unit', 'sku'],
  entry: ['answer', 'question', 'url'],
  offer: ['name', 'discount', 'code', 'valid_from', 'valid_until', 'url'],
  person: ['name', 'first_name', 'role'],
  contact: ['value', 'phone', 'email'],
  location: ['address'],
  hours: ['text'],
  certification: ['name', 'year'],
};

/**
 * Where a variable's value comes from: the request (the caller supplies it), or the tenant's
 * knowledge base. `knowledge.entry` takes an optional filter after a colon: an entry kind (`faq`,
 * `testimonial`, …) or a knowledge category (`careers`, `news_events`, …).
 */
export const variableSourceKinds = [
  'request',
  'knowledge.product',
  'knowledge.entry',
  'knowledge.offer',
  'knowledge.person',
  'knowledge.contact',
  'knowledge.location',
  'knowledge.hours',
  'knowledge.certification',
] as const;
export type VariableSourceKind = (typeof variableSourceKinds)[number];

/** The type a knowledge source yields (`request` takes any scalar type). */
export const sourceTypes: Readonly<Record<Exclude<VariableSourceKind, 'request'>, VariableType>> = {
  'knowledge.product': 'product',
  'knowledge.entry': 'entry',
  'knowledge.offer': 'offer',
  'knowledge.person': 'person',
  'knowledge.contact': 'contact',
  'knowledge.location': 'location',
  'knowledge.hours': 'hours',
  'knowledge.certification': 'certification',
};

export const requestTypes: readonly VariableType[] = ['text', 'number', 'date', 'url'];

export interface VariableSource {
  kind: VariableSourceKind;
  /** For `knowledge.entry:<filter>`: an entry kind or a knowledge category. */
  filter?: string;
}

export interface VariableSpec {
  name: string;
  type: VariableType;
  source: VariableSource;
  required: boolean;
  description?: string;
}

/**
 * What a slot holds, which tells a filler what to write: `hook` an opening line; `text` sentences;
 * `stat` a sentence with a number in it; `list` items on their own lines; `cta` the one call to
 * action; `question` a genuine question to the reader; `hashtags` a block of #tags; `quote` a
 * customer's words, verbatim; `title` a short label (a slide cover, a name).
 */
export const slotKinds = [
  'hook',
  'text',
  'stat',
  'list',
  'cta',
  'question',
  'hashtags',
  'quote',
  'title',
] as const;
export type SlotKind = (typeof slotKinds)[number];

/** A number for every platform, or one per platform with a default (`{ default: 600, x: 200 }`). */
export type PerPlatform<T> = { default?: T } & Partial<Record<Platform, T>>;

export interface ListSpec {
  /** Fewest and most items. */
  min: number;
  max: number;
  /** Written before each item: `1.` or `1)` number the items; anything else is used as is (`•`, `✅`). */
  marker: string;
  /** `lines`: one item per line (default). `parts`: each item becomes its own thread post or slide. */
  layout: 'lines' | 'parts';
}

export interface SlotSpec {
  name: string;
  kind: SlotKind;
  /** Most characters (per item for lists and hashtags), counted as each platform counts. */
  max: PerPlatform<number>;
  /** Fewest characters. */
  min?: number;
  /** How to write it, for people and for the filler. */
  style?: string;
  required: boolean;
  /** Variables whose facts the slot should draw on. */
  uses: string[];
  /** For `list` and `hashtags` slots. */
  list?: ListSpec;
}

export type LinkPolicy = 'allowed' | 'none' | 'required';

export interface SkillConstraints {
  /** Most characters of the whole post (each part for threads), below the platform's own limit. */
  maxLength?: PerPlatform<number>;
  minLength?: PerPlatform<number>;
  maxHashtags?: PerPlatform<number>;
  maxEmoji?: number;
  maxMentions?: number;
  links?: PerPlatform<LinkPolicy>;
  bannedPhrases: string[];
  /** Fewest and most parts (thread posts; caption + slides for carousels). */
  parts?: { min: number; max: number };
  /** Most characters of one carousel slide. */
  slideMaxLength?: number;
}

export interface SkillExample {
  text: string;
  platform?: Platform;
  format?: SkillFormat;
  engagement?: number;
  note?: string;
}

export interface SkillGuidance {
  do: string[];
  avoid: string[];
}

/** A parsed, valid skill file. `body` is the Markdown body exactly as written. */
export interface SkillDocument {
  id: string;
  name: string;
  version: number;
  description: string;
  intents: SkillIntent[];
  platforms: Platform[];
  formats: SkillFormat[];
  visibility: SkillVisibility;
  variables: VariableSpec[];
  slots: SlotSpec[];
  constraints: SkillConstraints;
  examples: SkillExample[];
  guidance: SkillGuidance;
  body: string;
}

export type IssueSeverity = 'error' | 'warning';

/** One problem found in a skill file, at a 1-based line and column of the file. */
export interface SkillIssue {
  code: string;
  message: string;
  line: number;
  column: number;
  severity: IssueSeverity;
  /** Where in the front matter, e.g. `slots.hook.max`. */
  path?: string;
}

/** The value of a per-platform setting for one platform. */
export function forPlatform<T>(value: PerPlatform<T> | undefined, platform: Platform): T | undefined {
  if (value === undefined) return undefined;
  return value[platform] ?? value.default;
}
