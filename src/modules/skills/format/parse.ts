/**
 * Parses a `.skill.md` file (YAML front matter between `---` lines, then the Markdown body) into a
 * `SkillDocument`, reporting every problem with a stable code, a message, and the file line and
 * column. The rules are listed in docs/skills.md; validate.ts holds the ones that look at several
 * fields at once and at the body.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { isPlatform, type Platform, platforms } from '../../../core/platforms.js';
import { FrontMatterReader, type NodeIndex } from './front-matter.js';
import {
  type LinkPolicy,
  type ListSpec,
  type PerPlatform,
  type SkillConstraints,
  type SkillDocument,
  type SkillExample,
  type SkillFormat,
  type SkillGuidance,
  type SkillIntent,
  type SkillIssue,
  type SkillVisibility,
  type SlotKind,
  type SlotSpec,
  skillFormats,
  skillIntents,
  slotKinds,
  sourceTypes,
  type VariableSource,
  type VariableSourceKind,
  type VariableSpec,
  type VariableType,
  variableSourceKinds,
  variableTypes,
  visibilities,
} from './types.js';
import { validateSkill } from './validate.js';

export interface ParsedSkill {
  /** The skill when the file has no errors (warnings allowed). */
  skill: SkillDocument | undefined;
  issues: SkillIssue[];
}

const TOP_FIELDS = [
  'id',
  'name',
  'version',
  'description',
  'intents',
  'platforms',
  'formats',
  'visibility',
  'variables',
  'slots',
  'constraints',
  'examples',
  'guidance',
] as const;
const REQUIRED_TOP: readonly string[] = [
  'id',
  'name',
  'version',
  'description',
  'intents',
  'platforms',
  'formats',
];
const VARIABLE_FIELDS = ['type', 'source', 'required', 'description'] as const;
const SLOT_FIELDS = ['kind', 'max', 'min', 'style', 'required', 'uses', 'items', 'marker', 'layout'] as const;
const CONSTRAINT_FIELDS = [
  'max_length',
  'min_length',
  'max_hashtags',
  'max_emoji',
  'max_mentions',
  'links',
  'banned_phrases',
  'parts',
  'slide_max_length',
] as const;
const EXAMPLE_FIELDS = ['text', 'platform', 'format', 'engagement', 'note'] as const;
const PLATFORM_KEYS = ['default', ...platforms] as const;
const ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const NAME = /^[a-z][a-z0-9_]*$/;
const PLATFORM_ALIASES: Record<string, Platform> = { twitter: 'x' };

/** Splits the text into front matter and body; reports a missing or unclosed front matter. */
function splitFile(text: string): {
  yaml: string;
  yamlLine: number;
  body: string;
  bodyLine: number;
  issue?: SkillIssue;
} {
  const lines = text.split('\n');
  const delimiter = (l: string | undefined) => l !== undefined && /^---[ \t]*$/.test(l);
  if (!delimiter(lines[0])) {
    return {
      yaml: '',
      yamlLine: 1,
      body: text,
      bodyLine: 1,
      issue: {
        code: 'skills.front_matter_missing',
        message: 'a skill file starts with a line "---", then the YAML front matter, then another "---"',
        line: 1,
        column: 1,
        severity: 'error',
      },
    };
  }
  const close = lines.findIndex((l, i) => i > 0 && (delimiter(l) || /^\.\.\.[ \t]*$/.test(l)));
  if (close < 0) {
    return {
      yaml: '',
      yamlLine: 2,
      body: '',
      bodyLine: lines.length,
      issue: {
        code: 'skills.front_matter_unclosed',
        message: 'the front matter opened on line 1 is never closed with a "---" line',
        line: 1,
        column: 1,
        severity: 'error',
      },
    };
  }
  return {
    yaml: lines.slice(1, close).join('\n'),
    yamlLine: 2,
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
  };
}

function perPlatform<T>(
  r: FrontMatterReader,
  node: Node | null,
  path: string,
  read: (n: Node | null, p: string) => T | undefined,
  index: NodeIndex,
): PerPlatform<T> | undefined {
  if (isMap(node)) {
    const fields = r.fields(node, path, PLATFORM_KEYS, `${path} (per platform)`);
    if (!fields) return undefined;
    const out: PerPlatform<T> = {};
    let ok = true;
    for (const [key, { value }] of fields) {
      const v = read(value, `${path}.${key}`);
      if (v === undefined) ok = false;
      else {
        (out as Record<string, T>)[key] = v;
        if (value) index.set(`${path}.${key}`, value);
      }
    }
    if (fields.size === 0) {
      r.issue(node, 'skills.invalid_value', `${path} names no platform`, path);
      return undefined;
    }
    return ok ? out : undefined;
  }
  const v = read(node, path);
  return v === undefined ? undefined : { default: v };
}

function parseSource(r: FrontMatterReader, node: Node | null, path: string): VariableSource | undefined {
  const raw = r.string(node, path);
  if (raw === undefined) return undefined;
  const [kindText = '', filter, ...rest] = raw.trim().split(':');
  const kind = kindText.trim() as VariableSourceKind;
  if (!variableSourceKinds.includes(kind) || rest.length > 0) {
    r.issue(
      node,
      'skills.unknown_source',
      `"${raw}" is not a source; use request, ${variableSourceKinds.filter((k) => k !== 'request').join(', ')} (knowledge.entry may add ":<kind or category>")`,
      path,
    );
    return undefined;
  }
  if (filter !== undefined && kind !== 'knowledge.entry') {
    r.issue(node, 'skills.unknown_source', `only knowledge.entry takes a filter after ":"`, path);
    return undefined;
  }
  if (filter !== undefined && filter.trim() === '') {
    r.issue(node, 'skills.unknown_source', `the filter after "knowledge.entry:" is empty`, path);
    return undefined;
  }
  return filter === undefined ? { kind } : { kind, filter: filter.trim() };
}

function parseVariables(r: FrontMatterReader, node: Node | null, index: NodeIndex): VariableSpec[] {
  const pairs = r.map(node, 'variables');
  if (!pairs) return [];
  const out: VariableSpec[] = [];
  for (const { key, keyNode, value } of pairs) {
    const path = `variables.${key}`;
    index.set(path, keyNode);
    if (!NAME.test(key)) {
      r.issue(
        keyNode,
        'skills.invalid_name',
        `variable name "${key}" must start with a lower-case letter and use only a-z, 0-9 and _`,
        path,
      );
      continue;
    }
    const fields = r.fields(value, path, VARIABLE_FIELDS, `a variable`);
    if (!fields) continue;
    const sourceField = fields.get('source');
    if (!sourceField) {
      r.issue(keyNode, 'skills.missing_field', `${path} needs a source (request or knowledge.…)`, path);
      continue;
    }
    if (sourceField.value) index.set(`${path}.source`, sourceField.value);
    const source = parseSource(r, sourceField.value, `${path}.source`);
    if (!source) continue;
    let type: VariableType | undefined =
      source.kind === 'request' ? 'text' : sourceTypes[source.kind as Exclude<VariableSourceKind, 'request'>];
    const typeField = fields.get('type');
    if (typeField) {
      if (typeField.value) index.set(`${path}.type`, typeField.value);
      const raw = r.string(typeField.value, `${path}.type`);
      if (raw === undefined) continue;
      if (!(variableTypes as readonly string[]).includes(raw)) {
        r.issue(
          typeField.value,
          'skills.unknown_variable_type',
          `"${raw}" is not a variable type; use one of ${variableTypes.join(', ')}`,
          `${path}.type`,
        );
        continue;
      }
      type = raw as VariableType;
    }
    const required = fields.get('required');
    const description = fields.get('description');
    const spec: VariableSpec = {
      name: key,
      type: type as VariableType,
      source,
      required: required ? (r.boolean(required.value, `${path}.required`) ?? true) : true,
    };
    if (description) {
      const d = r.string(description.value, `${path}.description`, { max: 500 });
      if (d !== undefined) spec.description = d;
    }
    out.push(spec);
  }
  return out;
}

function parseSlots(r: FrontMatterReader, node: Node | null, index: NodeIndex): SlotSpec[] {
  const pairs = r.map(node, 'slots');
  if (!pairs) return [];
  const out: SlotSpec[] = [];
  for (const { key, keyNode, value } of pairs) {
    const path = `slots.${key}`;
    index.set(path, keyNode);
    if (!NAME.test(key)) {
      r.issue(
        keyNode,
        'skills.invalid_name',
        `slot name "${key}" must start with a lower-case letter and use only a-z, 0-9 and _`,
        path,
      );
      continue;
    }
    const fields = r.fields(value, path, SLOT_FIELDS, 'a slot');
    if (!fields) continue;
    for (const [k, f] of fields) if (f.value) index.set(`${path}.${k}`, f.value);
    let kind: SlotKind = 'text';
    const kindField = fields.get('kind');
    if (kindField) {
      const raw = r.string(kindField.value, `${path}.kind`);
      if (raw === undefined) continue;
      if (!(slotKinds as readonly string[]).includes(raw)) {
        r.issue(
          kindField.value,
          'skills.unknown_slot_kind',
          `"${raw}" is not a slot kind; use one of ${slotKinds.join(', ')}`,
          `${path}.kind`,
        );
        continue;
      }
      kind = raw as SlotKind;
    }
    const maxField = fields.get('max');
    if (!maxField) {
      r.issue(
        keyNode,
        'skills.missing_field',
        `${path} needs max (characters${kind === 'list' || kind === 'hashtags' ? ' per item' : ''})`,
        path,
      );
      continue;
    }
    const max = perPlatform(
      r,
      maxField.value,
      `${path}.max`,
      (n, p) => r.integer(n, p, 1, 'skills.invalid_limit'),
      index,
    );
    if (!max) continue;
    const slot: SlotSpec = { name: key, kind, max, required: true, uses: [] };
    const min = fields.get('min');
    if (min) {
      const m = r.integer(min.value, `${path}.min`, 0, 'skills.invalid_limit');
      if (m === undefined) continue;
      slot.min = m;
    }
    const style = fields.get('style');
    if (style) {
      const s = r.string(style.value, `${path}.style`, { max: 1000 });
      if (s !== undefined) slot.style = s;
    }
    const required = fields.get('required');
    if (required) slot.required = r.boolean(required.value, `${path}.required`) ?? true;
    const uses = fields.get('uses');
    if (uses) slot.uses = r.stringList(uses.value, `${path}.uses`) ?? [];
    const items = fields.get('items');
    const marker = fields.get('marker');
    const layout = fields.get('layout');
    if (kind === 'list' || kind === 'hashtags') {
      const list: ListSpec = { min: 1, max: kind === 'hashtags' ? 3 : 5, marker: '•', layout: 'lines' };
      if (items) {
        const f = r.fields(items.value, `${path}.items`, ['min', 'max'], 'items');
        const lo = f?.get('min');
        const hi = f?.get('max');
        if (lo) list.min = r.integer(lo.value, `${path}.items.min`, 0, 'skills.invalid_items') ?? list.min;
        if (hi) list.max = r.integer(hi.value, `${path}.items.max`, 1, 'skills.invalid_items') ?? list.max;
      }
      if (marker) list.marker = r.string(marker.value, `${path}.marker`, { min: 0, max: 10 }) ?? list.marker;
      if (layout) {
        const l = r.string(layout.value, `${path}.layout`);
        if (l === 'lines' || l === 'parts') list.layout = l;
        else if (l !== undefined)
          r.issue(
            layout.value,
            'skills.invalid_value',
            `${path}.layout must be lines or parts`,
            `${path}.layout`,
          );
      }
      slot.list = list;
    } else {
      for (const [name, f] of [
        ['items', items],
        ['marker', marker],
        ['layout', layout],
      ] as const) {
        if (f)
          r.issue(
            f.keyNode,
            'skills.invalid_items',
            `${path}.${name} only applies to list and hashtags slots; this slot is ${kind}`,
            `${path}.${name}`,
          );
      }
    }
    out.push(slot);
  }
  return out;
}

function parseConstraints(r: FrontMatterReader, node: Node | null, index: NodeIndex): SkillConstraints {
  const out: SkillConstraints = { bannedPhrases: [] };
  const fields = r.fields(node, 'constraints', CONSTRAINT_FIELDS, 'constraints');
  if (!fields) return out;
  for (const [key, f] of fields) {
    const path = `constraints.${key}`;
    if (f.value) index.set(path, f.value);
    const limit = (n: Node | null, p: string) => r.integer(n, p, 0, 'skills.invalid_constraint');
    switch (key) {
      case 'max_length': {
        const v = perPlatform(
          r,
          f.value,
          path,
          (n, p) => r.integer(n, p, 1, 'skills.invalid_constraint'),
          index,
        );
        if (v) out.maxLength = v;
        break;
      }
      case 'min_length': {
        const v = perPlatform(r, f.value, path, limit, index);
        if (v) out.minLength = v;
        break;
      }
      case 'max_hashtags': {
        const v = perPlatform(r, f.value, path, limit, index);
        if (v) out.maxHashtags = v;
        break;
      }
      case 'max_emoji': {
        const v = limit(f.value, path);
        if (v !== undefined) out.maxEmoji = v;
        break;
      }
      case 'max_mentions': {
        const v = limit(f.value, path);
        if (v !== undefined) out.maxMentions = v;
        break;
      }
      case 'links': {
        const v = perPlatform<LinkPolicy>(
          r,
          f.value,
          path,
          (n, p) => {
            const s = r.string(n, p);
            if (s === 'allowed' || s === 'none' || s === 'required') return s;
            if (s !== undefined)
              r.issue(n, 'skills.invalid_constraint', `${p} must be allowed, none or required`, p);
            return undefined;
          },
          index,
        );
        if (v) out.links = v;
        break;
      }
      case 'banned_phrases':
        out.bannedPhrases = r.stringList(f.value, path) ?? [];
        break;
      case 'parts': {
        const p = r.fields(f.value, path, ['min', 'max'], 'parts');
        const lo = p?.get('min');
        const hi = p?.get('max');
        const min = lo ? r.integer(lo.value, `${path}.min`, 1, 'skills.invalid_constraint') : 1;
        const max = hi ? r.integer(hi.value, `${path}.max`, 1, 'skills.invalid_constraint') : 25;
        if (min !== undefined && max !== undefined) {
          if (min > max)
            r.issue(f.value, 'skills.invalid_constraint', `${path}.min is larger than ${path}.max`, path);
          else out.parts = { min, max };
        }
        break;
      }
      case 'slide_max_length': {
        const v = r.integer(f.value, path, 1, 'skills.invalid_constraint');
        if (v !== undefined) out.slideMaxLength = v;
        break;
      }
    }
  }
  return out;
}

function parseExamples(r: FrontMatterReader, node: Node | null, index: NodeIndex): SkillExample[] {
  const items = r.list(node, 'examples');
  if (!items) return [];
  const out: SkillExample[] = [];
  items.forEach((item, i) => {
    const path = `examples[${i}]`;
    index.set(path, item);
    if (isScalar(item)) {
      const text = r.string(item, path);
      if (text !== undefined) out.push({ text });
      return;
    }
    const fields = r.fields(item, path, EXAMPLE_FIELDS, 'an example');
    if (!fields) return;
    const text = fields.get('text');
    if (!text) {
      r.issue(item, 'skills.invalid_example', `${path} has no text`, path);
      return;
    }
    const t = r.string(text.value, `${path}.text`, { max: 20_000 });
    if (t === undefined) return;
    const example: SkillExample = { text: t };
    const platform = fields.get('platform');
    if (platform) {
      const p = r.string(platform.value, `${path}.platform`)?.toLowerCase();
      const value = p === undefined ? undefined : (PLATFORM_ALIASES[p] ?? p);
      if (value !== undefined && isPlatform(value)) {
        example.platform = value;
        if (platform.value) index.set(`${path}.platform`, platform.value);
      } else if (p !== undefined)
        r.issue(platform.value, 'skills.unknown_platform', `"${p}" is not a platform`, `${path}.platform`);
    }
    const format = fields.get('format');
    if (format) {
      const f = r.string(format.value, `${path}.format`);
      if (f !== undefined && (skillFormats as readonly string[]).includes(f))
        example.format = f as SkillFormat;
      else if (f !== undefined)
        r.issue(format.value, 'skills.unknown_format', `"${f}" is not a format`, `${path}.format`);
    }
    const engagement = fields.get('engagement');
    if (engagement) {
      const e = r.number(engagement.value, `${path}.engagement`);
      if (e !== undefined) example.engagement = e;
    }
    const note = fields.get('note');
    if (note) {
      const n = r.string(note.value, `${path}.note`, { max: 1000 });
      if (n !== undefined) example.note = n;
    }
    out.push(example);
  });
  return out;
}

function parseGuidance(r: FrontMatterReader, node: Node | null): SkillGuidance {
  const out: SkillGuidance = { do: [], avoid: [] };
  const fields = r.fields(node, 'guidance', ['do', 'avoid'], 'guidance');
  const d = fields?.get('do');
  const a = fields?.get('avoid');
  if (d) out.do = r.stringList(d.value, 'guidance.do') ?? [];
  if (a) out.avoid = r.stringList(a.value, 'guidance.avoid') ?? [];
  return out;
}

/** Parses and validates a skill file. */
export function parseSkill(input: string): ParsedSkill {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const split = splitFile(text);
  if (split.issue) return { skill: undefined, issues: [split.issue] };
  const lines = new LineCounter();
  // Duplicate keys are found below, so they can be reported where the second one is.
  const doc = parseDocument(split.yaml, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const r = new FrontMatterReader(lines, split.yamlLine);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lines.linePos(e.pos[0]);
      r.issues.push({
        code: 'skills.yaml_syntax',
        message: `YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
        line: pos.line + split.yamlLine - 1,
        column: pos.col,
        severity: 'error',
      });
    }
    return { skill: undefined, issues: r.issues };
  }
  reportDuplicateKeys(r, doc.contents as Node | null);
  if (r.issues.length > 0) return { skill: undefined, issues: r.issues };
  const root = doc.contents as Node | null;
  if (!isMap(root)) {
    r.issues.push({
      code: 'skills.front_matter_not_mapping',
      message: 'the front matter must be a YAML mapping (id: …, name: …)',
      line: split.yamlLine,
      column: 1,
      severity: 'error',
    });
    return { skill: undefined, issues: r.issues };
  }
  const index: NodeIndex = new Map();
  const top = r.fields(root, '', TOP_FIELDS, 'a skill') ?? new Map();
  for (const [k, f] of top) if (f.value) index.set(k, f.value);
  for (const key of REQUIRED_TOP) {
    if (!top.has(key))
      r.issues.push({
        code: 'skills.missing_field',
        message: `the front matter has no ${key}`,
        line: split.yamlLine - 1,
        column: 1,
        severity: 'error',
        path: key,
      });
  }
  const get = (k: string) => top.get(k)?.value ?? null;
  const has = (k: string) => top.has(k);

  const rawId = has('id') ? r.string(get('id'), 'id') : undefined;
  if (rawId !== undefined && !ID.test(rawId))
    r.issue(
      get('id'),
      'skills.invalid_id',
      `id "${rawId}" must be 1-64 characters of a-z, 0-9 and -, not starting or ending with -`,
      'id',
    );
  const id = rawId !== undefined && ID.test(rawId) ? rawId : undefined;
  const name = has('name') ? r.string(get('name'), 'name', { max: 120 }) : undefined;
  const version = has('version')
    ? r.integer(get('version'), 'version', 1, 'skills.invalid_version')
    : undefined;
  const description = has('description')
    ? r.string(get('description'), 'description', { max: 2000 })
    : undefined;
  const intents = has('intents')
    ? r.enumList<SkillIntent>(get('intents'), 'intents', skillIntents, 'skills.unknown_intent', 'intent')
    : undefined;
  const platformList = has('platforms')
    ? r.enumList<Platform>(
        get('platforms'),
        'platforms',
        platforms,
        'skills.unknown_platform',
        'platform',
        PLATFORM_ALIASES,
      )
    : undefined;
  const formats = has('formats')
    ? r.enumList<SkillFormat>(get('formats'), 'formats', skillFormats, 'skills.unknown_format', 'format')
    : undefined;
  let visibility: SkillVisibility = 'tenant';
  if (has('visibility')) {
    const v = r.string(get('visibility'), 'visibility');
    if (v !== undefined && (visibilities as readonly string[]).includes(v)) visibility = v as SkillVisibility;
    else if (v !== undefined)
      r.issue(
        get('visibility'),
        'skills.invalid_visibility',
        `visibility must be shared or tenant, not "${v}"`,
        'visibility',
      );
  }
  const variables = has('variables') ? parseVariables(r, get('variables'), index) : [];
  const slots = has('slots') ? parseSlots(r, get('slots'), index) : [];
  const constraints = has('constraints')
    ? parseConstraints(r, get('constraints'), index)
    : { bannedPhrases: [] };
  const examples = has('examples') ? parseExamples(r, get('examples'), index) : [];
  const guidance = has('guidance') ? parseGuidance(r, get('guidance')) : { do: [], avoid: [] };

  const complete =
    id !== undefined &&
    name !== undefined &&
    version !== undefined &&
    description !== undefined &&
    intents !== undefined &&
    platformList !== undefined &&
    formats !== undefined;
  if (!complete || r.issues.some((i) => i.severity === 'error')) {
    return { skill: undefined, issues: r.issues };
  }
  const skill: SkillDocument = {
    id,
    name,
    version,
    description,
    intents,
    platforms: platformList,
    formats,
    visibility,
    variables,
    slots,
    constraints,
    examples,
    guidance,
    body: split.body,
  };
  validateSkill(skill, { reader: r, index, bodyLine: split.bodyLine });
  const errors = r.issues.some((i) => i.severity === 'error');
  return { skill: errors ? undefined : skill, issues: sortIssues(r.issues) };
}

function reportDuplicateKeys(r: FrontMatterReader, node: Node | null): void {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = pair.key as Node;
      const name = isScalar(key) ? String(key.value) : '';
      if (seen.has(name)) r.issue(key, 'skills.duplicate_key', `"${name}" appears twice in the same mapping`);
      seen.add(name);
      reportDuplicateKeys(r, pair.value as Node | null);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) reportDuplicateKeys(r, item as Node | null);
  }
}

function sortIssues(issues: SkillIssue[]): SkillIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
}
