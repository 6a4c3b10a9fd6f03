/**
 * Runs a skill: picks the body section for the platform, asks a slot filler for the slots, checks
 * every slot and the whole post against the skill's and the platform's rules, asks again with the
 * problems when something failed, and returns the post with what was checked. The locked text is
 * placed by the executor alone; a filler only supplies slot values, so it cannot change it.
 */
import { AppError } from '../../../core/errors.js';
import { type Platform, textLength, textLimits } from '../../../core/platforms.js';
import { compileBody, lockedText, sectionFor, type TemplatePart } from '../format/body.js';
import { forPlatform, type SkillDocument, type SkillFormat, type SlotSpec } from '../format/types.js';
import { effectiveMaxLength } from '../format/validate.js';
import { checkPost, checkSlot, type PostChecks, type RenderedPost, type Violation } from './checks.js';
import type { SkillFacts } from './facts.js';
import { lockedTextIntact, renderSection } from './render.js';
import type { FillContext, SlotFill, SlotFiller, SlotRequest } from './slot-filler.js';
import type { ResolvedValue } from './values.js';

export interface ExecuteInput {
  skill: SkillDocument;
  platform: Platform;
  /** Defaults to the skill's first format (a thread is written as one text where threads do not exist). */
  format?: SkillFormat | undefined;
  variables: Record<string, ResolvedValue | undefined>;
  facts: SkillFacts;
  filler: SlotFiller;
  request?: string | undefined;
  /** Times to ask the filler in all (default 3). */
  maxAttempts?: number;
  signal?: AbortSignal | undefined;
}

export interface ExecutedSlot {
  text?: string;
  items?: string[];
  sources: string[];
}

export interface ExecutionResult {
  valid: boolean;
  /** The post; parts joined by a blank line when they are shown as one text. */
  text: string;
  parts: string[];
  /** True when the parts are published separately: an X thread, or a carousel's caption then slides. */
  separateParts: boolean;
  platform: Platform;
  format: SkillFormat;
  skill: { id: string; version: number };
  slots: Record<string, ExecutedSlot>;
  /** The rules the final post breaks (empty when valid). */
  violations: Violation[];
  checks: PostChecks;
  attempts: number;
  /** Who filled the slots: `local` for the offline filler, else `provider:model`. */
  model: string;
}

/** Platforms where a thread's posts are published one after another. */
const THREAD_PLATFORMS: readonly Platform[] = ['x'];
/** Platforms that take several images (slides) in one post. */
const CAROUSEL_PLATFORMS: readonly Platform[] = ['instagram', 'linkedin', 'facebook'];

export function chooseFormat(skill: SkillDocument, platform: Platform, format?: SkillFormat): SkillFormat {
  if (format !== undefined) {
    if (!skill.formats.includes(format))
      throw new AppError(
        'skills.format_not_supported',
        400,
        `skill ${skill.id} is written for ${skill.formats.join(', ')}, not ${format}`,
        { formats: skill.formats },
      );
    return format;
  }
  const fits = skill.formats.find(
    (f) =>
      (f !== 'thread' || THREAD_PLATFORMS.includes(platform)) &&
      (f !== 'carousel' || CAROUSEL_PLATFORMS.includes(platform)),
  );
  return fits ?? (skill.formats[0] as SkillFormat);
}

function slotRequests(
  skill: SkillDocument,
  platform: Platform,
  parts: readonly TemplatePart[],
): SlotRequest[] {
  const byName = new Map(skill.slots.map((s) => [s.name, s]));
  const out: SlotRequest[] = [];
  for (const part of parts)
    for (const line of part.lines)
      for (const seg of line.segments) {
        if (seg.type !== 'ref') continue;
        const spec = byName.get(seg.name);
        if (!spec || out.some((r) => r.name === spec.name)) continue;
        out.push(
          request(
            spec,
            platform,
            line.segments.map((s) => (s.type === 'text' ? s.text : `{{${s.name}}}`)).join(''),
          ),
        );
      }
  return out;
}

function request(spec: SlotSpec, platform: Platform, line: string): SlotRequest {
  return {
    name: spec.name,
    spec,
    maxLength: Math.min(forPlatform(spec.max, platform) ?? 0, textLimits[platform].maxLength),
    minLength: spec.min ?? 0,
    ...(spec.list ? { items: { min: spec.list.min, max: spec.list.max } } : {}),
    line,
    feedback: [],
  };
}

function executed(fill: SlotFill | undefined): ExecutedSlot {
  return {
    ...(fill?.text !== undefined ? { text: fill.text } : {}),
    ...(fill?.items !== undefined ? { items: fill.items } : {}),
    sources: fill?.sources ?? [],
  };
}

export async function executeSkill(input: ExecuteInput): Promise<ExecutionResult> {
  const { skill, platform } = input;
  if (!skill.platforms.includes(platform))
    throw new AppError(
      'skills.platform_not_supported',
      400,
      `skill ${skill.id} is written for ${skill.platforms.join(', ')}, not ${platform}`,
      { platforms: skill.platforms },
    );
  const format = chooseFormat(skill, platform, input.format);
  const body = compileBody(skill.body);
  const section = sectionFor(body, platform);
  if (!section)
    throw new AppError('skills.platform_not_supported', 400, `skill ${skill.id} has no body for ${platform}`);
  const separateParts =
    (format === 'thread' && THREAD_PLATFORMS.includes(platform)) ||
    (format === 'carousel' && CAROUSEL_PLATFORMS.includes(platform));
  const requests = slotRequests(skill, platform, section.parts);
  const maxLength = effectiveMaxLength(skill, platform);
  const empty = renderSection({ skill, section, variables: input.variables, fills: {}, separateParts });
  const lockedLength = separateParts
    ? Math.max(0, ...section.parts.map((p) => textLength(platform, lockedText(p))))
    : textLength(platform, empty.post.text);
  const maxAttempts = input.maxAttempts ?? 3;
  const extraBanned = input.facts.voice?.bannedPhrases ?? [];

  let postFeedback: string[] = [];
  let last:
    | {
        post: RenderedPost;
        fills: Record<string, SlotFill>;
        violations: Violation[];
        checks: PostChecks;
        model: string;
      }
    | undefined;
  let attempt = 0;
  while (attempt < maxAttempts) {
    attempt++;
    const context: FillContext = {
      skill,
      platform,
      format,
      request: input.request,
      variables: input.variables,
      facts: input.facts,
      attempt,
      feedback: postFeedback,
      separateParts,
      budget: { maxLength, lockedLength },
      signal: input.signal,
    };
    const { fills, model } = await input.filler.fill(requests, context);
    const violations: Violation[] = [];
    for (const r of requests) violations.push(...checkSlot(platform, r, fills[r.name]));
    // A slot that broke a rule is left out of the post rather than shown broken.
    const usable: Record<string, SlotFill> = {};
    for (const r of requests)
      if (!violations.some((v) => v.slot === r.name)) usable[r.name] = fills[r.name] ?? {};
    const rendered = renderSection({
      skill,
      section,
      variables: input.variables,
      fills: usable,
      separateParts,
    });
    if (!lockedTextIntact(rendered))
      violations.push({ rule: 'locked_text_changed', message: 'the locked text of the skill was changed' });
    const post = checkPost(skill, platform, format, rendered.post, extraBanned);
    violations.push(...post.violations);
    last = { post: rendered.post, fills, violations, checks: post.measures, model };
    if (violations.length === 0) break;
    postFeedback = post.violations.map((v) => v.message);
    for (const r of requests) r.feedback = violations.filter((v) => v.slot === r.name).map((v) => v.message);
  }
  const final = last as NonNullable<typeof last>;
  return {
    valid: final.violations.length === 0,
    text: final.post.text,
    parts: final.post.parts,
    separateParts,
    platform,
    format,
    skill: { id: skill.id, version: skill.version },
    slots: Object.fromEntries(requests.map((r) => [r.name, executed(final.fills[r.name])])),
    violations: final.violations,
    checks: final.checks,
    attempts: attempt,
    model: final.model,
  };
}
