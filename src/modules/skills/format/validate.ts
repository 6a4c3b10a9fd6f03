/**
 * The rules that look at several fields at once, and at the body: names and placeholders agree with
 * the front matter, limits fit the platforms, every declared platform has a body, and the locked text
 * alone already respects the skill's constraints (a filler can only add to it).
 */
import { type Platform, textLength, textLimits } from '../../../core/platforms.js';
import { entryFilters } from '../deps.js';
import { type BodySection, compileBody, lockedText, placeholdersOf } from './body.js';
import type { FrontMatterReader, NodeIndex } from './front-matter.js';
import { countHashtags, findBannedPhrase, hasLink } from './text-features.js';
import {
  forPlatform,
  multiPartFormats,
  type PerPlatform,
  requestTypes,
  type SkillDocument,
  sourceTypes,
  type VariableSourceKind,
  variableFields,
} from './types.js';

export interface ValidationInput {
  reader: FrontMatterReader;
  index: NodeIndex;
  /** 1-based file line of the body's first line. */
  bodyLine: number;
}

/** The most characters a post (or one part) may have on `platform`, from the platform and the skill. */
export function effectiveMaxLength(skill: Pick<SkillDocument, 'constraints'>, platform: Platform): number {
  const own = forPlatform(skill.constraints.maxLength, platform);
  const hard = textLimits[platform].maxLength;
  return own === undefined ? hard : Math.min(own, hard);
}

/** The most hashtags a post may carry on `platform` (skill constraint and platform cap). */
export function effectiveMaxHashtags(
  skill: Pick<SkillDocument, 'constraints'>,
  platform: Platform,
): number | undefined {
  const own = forPlatform(skill.constraints.maxHashtags, platform);
  const cap = textLimits[platform].maxHashtags;
  if (own === undefined) return cap;
  return cap === undefined ? own : Math.min(own, cap);
}

function checkPerPlatformKeys(
  skill: SkillDocument,
  value: PerPlatform<unknown> | undefined,
  path: string,
  v: ValidationInput,
): void {
  if (!value) return;
  for (const key of Object.keys(value)) {
    if (key === 'default') continue;
    if (!skill.platforms.includes(key as Platform))
      v.reader.issue(
        v.index.get(`${path}.${key}`) ?? v.index.get(path),
        'skills.platform_not_declared',
        `${path} sets ${key}, which is not among the skill's platforms`,
        `${path}.${key}`,
        'warning',
      );
  }
}

function checkVariables(skill: SkillDocument, v: ValidationInput): void {
  const slotNames = new Set(skill.slots.map((s) => s.name));
  const known = entryFilters();
  for (const variable of skill.variables) {
    const path = `variables.${variable.name}`;
    if (slotNames.has(variable.name))
      v.reader.issue(
        v.index.get(path),
        'skills.name_conflict',
        `"${variable.name}" is both a variable and a slot; rename one`,
        path,
      );
    const { kind, filter } = variable.source;
    if (kind === 'request') {
      if (!requestTypes.includes(variable.type))
        v.reader.issue(
          v.index.get(`${path}.type`) ?? v.index.get(path),
          'skills.source_type_mismatch',
          `a request variable is ${requestTypes.join(', ')}; a ${variable.type} comes from knowledge.${variable.type === 'entry' ? 'entry' : variable.type}`,
          `${path}.type`,
        );
    } else {
      const expected = sourceTypes[kind as Exclude<VariableSourceKind, 'request'>];
      if (variable.type !== expected)
        v.reader.issue(
          v.index.get(`${path}.type`) ?? v.index.get(path),
          'skills.source_type_mismatch',
          `${kind} gives a ${expected}, but the variable's type is ${variable.type}`,
          `${path}.type`,
        );
    }
    if (filter !== undefined && !known.includes(filter))
      v.reader.issue(
        v.index.get(`${path}.source`),
        'skills.unknown_entry_filter',
        `no knowledge entry kind or category is called "${filter}"; it will match nothing`,
        `${path}.source`,
        'warning',
      );
  }
}

function checkSlots(skill: SkillDocument, v: ValidationInput): void {
  const variables = new Set(skill.variables.map((x) => x.name));
  for (const slot of skill.slots) {
    const path = `slots.${slot.name}`;
    for (const use of slot.uses)
      if (!variables.has(use))
        v.reader.issue(
          v.index.get(`${path}.uses`),
          'skills.unknown_variable',
          `${path}.uses names "${use}", which is not a declared variable`,
          `${path}.uses`,
        );
    checkPerPlatformKeys(skill, slot.max, `${path}.max`, v);
    for (const platform of skill.platforms) {
      const max = forPlatform(slot.max, platform);
      if (max === undefined) {
        v.reader.issue(
          v.index.get(`${path}.max`),
          'skills.invalid_limit',
          `${path}.max gives no value for ${platform} and no default`,
          `${path}.max`,
        );
        continue;
      }
      // A default above a platform's limit is clamped to it; an explicit value for that platform is a mistake.
      if (slot.max[platform] !== undefined && max > textLimits[platform].maxLength)
        v.reader.issue(
          v.index.get(`${path}.max.${platform}`) ?? v.index.get(`${path}.max`),
          'skills.limit_exceeds_platform',
          `${path}.max is ${max} for ${platform}, above its limit of ${textLimits[platform].maxLength}`,
          `${path}.max`,
        );
      if (slot.min !== undefined && slot.min > max)
        v.reader.issue(
          v.index.get(`${path}.min`),
          'skills.invalid_limit',
          `${path}.min (${slot.min}) is larger than max (${max}) for ${platform}`,
          `${path}.min`,
        );
    }
    if (slot.list && slot.list.min > slot.list.max)
      v.reader.issue(
        v.index.get(`${path}.items`),
        'skills.invalid_items',
        `${path}.items.min (${slot.list.min}) is larger than items.max (${slot.list.max})`,
        `${path}.items`,
      );
    if (slot.list?.layout === 'parts' && !skill.formats.some((f) => multiPartFormats.includes(f)))
      v.reader.issue(
        v.index.get(`${path}.layout`),
        'skills.invalid_layout',
        `${path}.layout "parts" needs the thread or carousel format`,
        `${path}.layout`,
      );
  }
}

function checkConstraints(skill: SkillDocument, v: ValidationInput): void {
  const c = skill.constraints;
  checkPerPlatformKeys(skill, c.maxLength, 'constraints.max_length', v);
  checkPerPlatformKeys(skill, c.minLength, 'constraints.min_length', v);
  checkPerPlatformKeys(skill, c.maxHashtags, 'constraints.max_hashtags', v);
  checkPerPlatformKeys(skill, c.links, 'constraints.links', v);
  for (const platform of skill.platforms) {
    const max = c.maxLength?.[platform];
    if (max !== undefined && max > textLimits[platform].maxLength)
      v.reader.issue(
        v.index.get(`constraints.max_length.${platform}`) ?? v.index.get('constraints.max_length'),
        'skills.limit_exceeds_platform',
        `constraints.max_length is ${max} for ${platform}, above its limit of ${textLimits[platform].maxLength}`,
        'constraints.max_length',
      );
    const min = forPlatform(c.minLength, platform);
    if (min !== undefined && min > effectiveMaxLength(skill, platform))
      v.reader.issue(
        v.index.get('constraints.min_length'),
        'skills.invalid_constraint',
        `constraints.min_length (${min}) is above the most ${platform} allows (${effectiveMaxLength(skill, platform)})`,
        'constraints.min_length',
      );
    const tags = forPlatform(c.maxHashtags, platform);
    const cap = textLimits[platform].maxHashtags;
    if (tags !== undefined && cap !== undefined && tags > cap)
      v.reader.issue(
        v.index.get(`constraints.max_hashtags.${platform}`) ?? v.index.get('constraints.max_hashtags'),
        'skills.limit_exceeds_platform',
        `constraints.max_hashtags is ${tags} for ${platform}, which accepts at most ${cap}`,
        'constraints.max_hashtags',
      );
  }
  if (skill.formats.includes('thread') && skill.formats.includes('carousel'))
    v.reader.issue(
      v.index.get('formats'),
      'skills.formats_conflict',
      'a skill is a thread or a carousel, not both: their parts mean different things',
      'formats',
    );
}

function checkExamples(skill: SkillDocument, v: ValidationInput): void {
  skill.examples.forEach((example, i) => {
    const path = `examples[${i}]`;
    if (example.platform && !skill.platforms.includes(example.platform))
      v.reader.issue(
        v.index.get(`${path}.platform`) ?? v.index.get(path),
        'skills.invalid_example',
        `${path} is for ${example.platform}, which is not among the skill's platforms`,
        `${path}.platform`,
      );
    const multi = example.format === 'thread' || example.format === 'carousel';
    if (
      example.platform &&
      !multi &&
      textLength(example.platform, example.text) > textLimits[example.platform].maxLength
    )
      v.reader.issue(
        v.index.get(path),
        'skills.example_too_long',
        `${path} is longer than ${example.platform} allows (${textLimits[example.platform].maxLength})`,
        path,
      );
  });
}

/** Checks a section's locked text against the limits of each platform it serves. */
function checkLocked(
  skill: SkillDocument,
  section: BodySection,
  served: Platform[],
  v: ValidationInput,
): void {
  const at = v.bodyLine + section.line - 1;
  const issue = (code: string, message: string) =>
    v.reader.issues.push({ code, message, line: at, column: 1, severity: 'error' });
  const thread = skill.formats.includes('thread');
  const locked = section.parts.map(lockedText);
  const whole = locked.join('\n\n');
  for (const platform of served) {
    const max = effectiveMaxLength(skill, platform);
    const pieces = thread && platform === 'x' ? locked : [whole];
    for (const piece of pieces) {
      const n = textLength(platform, piece);
      if (n > max) {
        issue(
          'skills.locked_text_too_long',
          `the locked text for ${platform} is ${n} characters before any slot is filled; ${platform} allows ${max}`,
        );
        break;
      }
    }
    const links = forPlatform(skill.constraints.links, platform);
    if (links === 'none' && hasLink(whole))
      issue(
        'skills.locked_violates_constraint',
        `the locked text for ${platform} has a link, but links are none`,
      );
    const tags = effectiveMaxHashtags(skill, platform);
    if (tags !== undefined && countHashtags(whole) > tags)
      issue(
        'skills.locked_violates_constraint',
        `the locked text for ${platform} has ${countHashtags(whole)} hashtags; at most ${tags} are allowed`,
      );
  }
  const banned = findBannedPhrase(whole, skill.constraints.bannedPhrases);
  if (banned)
    issue('skills.locked_violates_constraint', `the locked text uses the banned phrase "${banned}"`);
}

function checkBody(skill: SkillDocument, v: ValidationInput): void {
  const body = compileBody(skill.body);
  const fileLine = (l: number) => v.bodyLine + l - 1;
  for (const i of body.issues)
    v.reader.issues.push({
      code: i.code,
      message: i.message,
      line: fileLine(i.line),
      column: i.column,
      severity: 'error',
    });
  if (body.sections.length === 0 || body.sections.every((s) => s.parts.length === 0)) {
    v.reader.issues.push({
      code: 'skills.body_empty',
      message: 'the body is empty: write the post after the front matter, with {{slots}} for what is filled',
      line: v.bodyLine,
      column: 1,
      severity: 'error',
    });
    return;
  }
  const slots = new Map(skill.slots.map((s) => [s.name, s]));
  const variables = new Map(skill.variables.map((x) => [x.name, x]));
  const usedSlots = new Set<string>();
  const usedVariables = new Set(skill.slots.flatMap((s) => s.uses));
  const seenPlatforms = new Map<Platform, number>();
  const multi = skill.formats.some((f) => multiPartFormats.includes(f));

  for (const section of body.sections) {
    const sectionLine = fileLine(section.line);
    for (const platform of section.platforms ?? []) {
      if (!skill.platforms.includes(platform))
        v.reader.issues.push({
          code: 'skills.section_platform_not_declared',
          message: `this section is for ${platform}, which is not among the skill's platforms`,
          line: sectionLine,
          column: 1,
          severity: 'error',
        });
      if (seenPlatforms.has(platform))
        v.reader.issues.push({
          code: 'skills.duplicate_section',
          message: `${platform} already has a section (line ${seenPlatforms.get(platform)})`,
          line: sectionLine,
          column: 1,
          severity: 'error',
        });
      else seenPlatforms.set(platform, sectionLine);
    }
    if (section.parts.length > 1 && !multi)
      v.reader.issues.push({
        code: 'skills.parts_not_allowed',
        message: 'a "---" line splits the post into parts, which only thread and carousel skills have',
        line: sectionLine,
        column: 1,
        severity: 'error',
      });
    const inSection = new Set<string>();
    for (const { segment, line } of placeholdersOf(section)) {
      const at = { line: fileLine(line), column: segment.column, severity: 'error' as const };
      const slot = slots.get(segment.name);
      const variable = variables.get(segment.name);
      if (slot) {
        usedSlots.add(slot.name);
        if (segment.field !== undefined)
          v.reader.issues.push({
            code: 'skills.unknown_field',
            message: `{{${segment.name}.${segment.field}}}: a slot has no fields`,
            ...at,
          });
        if (inSection.has(slot.name))
          v.reader.issues.push({
            code: 'skills.duplicate_slot',
            message: `slot {{${slot.name}}} is used twice in one section; a slot is written once`,
            ...at,
          });
        inSection.add(slot.name);
      } else if (variable) {
        usedVariables.add(variable.name);
        const fields = variableFields[variable.type];
        if (segment.field !== undefined && !fields.includes(segment.field))
          v.reader.issues.push({
            code: 'skills.unknown_field',
            message: `a ${variable.type} has no field "${segment.field}"; it has ${fields.join(', ')}`,
            ...at,
          });
      } else {
        v.reader.issues.push({
          code: 'skills.undeclared_placeholder',
          message: `{{${segment.name}${segment.field ? `.${segment.field}` : ''}}} is used in the body but is neither a declared slot nor a variable`,
          ...at,
        });
      }
    }
    for (const part of section.parts) {
      for (const l of part.lines) {
        for (const s of l.segments) {
          if (s.type !== 'ref') continue;
          const slot = slots.get(s.name);
          if (slot?.list?.layout !== 'parts') continue;
          const alone = part.lines.length === 1 && l.segments.length === 1;
          if (!alone)
            v.reader.issues.push({
              code: 'skills.invalid_layout',
              message: `{{${slot.name}}} spreads its items over parts, so it must be alone in its part (between --- lines)`,
              line: fileLine(l.line),
              column: s.column,
              severity: 'error',
            });
        }
      }
    }
  }
  for (const platform of skill.platforms) {
    if (!body.sections.some((s) => s.platforms === null || s.platforms.includes(platform)))
      v.reader.issues.push({
        code: 'skills.platform_without_body',
        message: `${platform} is a declared platform but has no "## platform:" section and there is no default text`,
        line: v.bodyLine,
        column: 1,
        severity: 'error',
      });
  }
  for (const section of body.sections) {
    const served = skill.platforms.filter((p) =>
      section.platforms === null
        ? !body.sections.some((s) => s.platforms?.includes(p))
        : section.platforms.includes(p),
    );
    checkLocked(skill, section, served, v);
  }
  for (const slot of skill.slots)
    if (!usedSlots.has(slot.name))
      v.reader.issue(
        v.index.get(`slots.${slot.name}`),
        'skills.unused_slot',
        `slot "${slot.name}" is declared but never used in the body`,
        `slots.${slot.name}`,
        'warning',
      );
  for (const variable of skill.variables)
    if (!usedVariables.has(variable.name))
      v.reader.issue(
        v.index.get(`variables.${variable.name}`),
        'skills.unused_variable',
        `variable "${variable.name}" is neither used in the body nor by a slot`,
        `variables.${variable.name}`,
        'warning',
      );
}

/** Adds every cross-field and body problem of a skill whose fields parsed, to the reader's issues. */
export function validateSkill(skill: SkillDocument, v: ValidationInput): void {
  checkVariables(skill, v);
  checkSlots(skill, v);
  checkConstraints(skill, v);
  checkExamples(skill, v);
  checkBody(skill, v);
}
