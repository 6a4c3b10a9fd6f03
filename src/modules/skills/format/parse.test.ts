import { describe, expect, it } from 'vitest';
import { parseSkill } from './parse.js';
import { serializeSkill } from './serialize.js';

/** A small valid skill; each test breaks one thing in it. */
const FRONT = `id: tip
name: Quick tip
version: 1
description: A short, useful tip from the business's own know-how.
intents: [how_to]
platforms: [linkedin, x]
formats: [text]
visibility: tenant
variables:
  product:
    type: product
    source: knowledge.product
    required: false
slots:
  hook:
    kind: hook
    max: 100
  tip:
    kind: text
    max: { default: 400, x: 150 }
    uses: [product]
constraints:
  max_hashtags: 2
  links: allowed`;
const BODY = `Tip: {{hook}}

{{tip}}`;

function file(front = FRONT, body = BODY): string {
  return `---\n${front}\n---\n${body}\n`;
}

function errors(text: string) {
  return parseSkill(text).issues.filter((i) => i.severity === 'error');
}

/** The one error a broken file must produce: its code and where. */
function expectError(text: string, code: string, line?: number, column?: number) {
  const found = errors(text);
  const match = found.find((i) => i.code === code);
  expect(match, `expected ${code}, got ${JSON.stringify(found)}`).toBeDefined();
  if (line !== undefined) expect(match?.line).toBe(line);
  if (column !== undefined) expect(match?.column).toBe(column);
  expect(parseSkill(text).skill).toBeUndefined();
}

function replace(from: string, to: string, body = BODY): string {
  if (!FRONT.includes(from)) throw new Error(`test setup: "${from}" not in the base file`);
  return file(FRONT.replace(from, to), body);
}

describe('a valid skill file', () => {
  it('parses into a skill with no issues', () => {
    const { skill, issues } = parseSkill(file());
    expect(issues).toEqual([]);
    expect(skill?.id).toBe('tip');
    expect(skill?.slots.map((s) => s.name)).toEqual(['hook', 'tip']);
    expect(skill?.slots[1]?.max).toEqual({ default: 400, x: 150 });
    expect(skill?.variables[0]).toMatchObject({
      type: 'product',
      required: false,
      source: { kind: 'knowledge.product' },
    });
  });

  it('reads CRLF line ends and a byte-order mark like plain newlines', () => {
    const crlf = `\uFEFF${file().replace(/\n/g, '\r\n')}`;
    expect(parseSkill(crlf).skill).toEqual(parseSkill(file()).skill);
  });

  it('serializes to a file that parses back to the same skill', () => {
    const skill = parseSkill(file()).skill;
    if (!skill) throw new Error('no skill');
    const again = parseSkill(serializeSkill(skill));
    expect(again.issues).toEqual([]);
    expect(again.skill).toEqual(skill);
  });
});

describe('each rule reports a broken file at its line and column', () => {
  it('skills.front_matter_missing', () => expectError('id: x\n', 'skills.front_matter_missing', 1, 1));
  it('skills.front_matter_unclosed', () =>
    expectError('---\nid: x\nname: y\n', 'skills.front_matter_unclosed', 1));
  it('skills.yaml_syntax', () =>
    expectError(replace('name: Quick tip', 'name: "Quick tip'), 'skills.yaml_syntax'));
  it('skills.duplicate_key', () =>
    expectError(replace('version: 1', 'version: 1\nversion: 2'), 'skills.duplicate_key', 5, 1));
  it('skills.front_matter_not_mapping', () =>
    expectError(file('- a\n- b'), 'skills.front_matter_not_mapping', 2));
  it('skills.missing_field', () => expectError(replace('version: 1\n', ''), 'skills.missing_field'));
  it('skills.unknown_field (a typo at the top level)', () =>
    expectError(replace('platforms:', 'plaforms:'), 'skills.unknown_field', 7, 1));
  it('skills.unknown_field (inside a slot)', () =>
    expectError(replace('    kind: hook', '    kind: hook\n    colour: red'), 'skills.unknown_field', 18, 5));
  it('skills.invalid_type', () =>
    expectError(replace('variables:\n  product:', 'variables: 3\nx:\n  product:'), 'skills.invalid_type'));
  it('skills.invalid_id', () => expectError(replace('id: tip', 'id: Tip_One'), 'skills.invalid_id', 2, 5));
  it('skills.invalid_version', () =>
    expectError(replace('version: 1', 'version: 0'), 'skills.invalid_version', 4, 10));
  it('skills.invalid_value (empty name)', () =>
    expectError(replace('name: Quick tip', 'name: ""'), 'skills.invalid_value', 3, 7));
  it('skills.unknown_intent', () =>
    expectError(replace('[how_to]', '[how_to, gossip]'), 'skills.unknown_intent', 6, 19));
  it('skills.unknown_platform', () =>
    expectError(replace('[linkedin, x]', '[linkedin, tiktok]'), 'skills.unknown_platform', 7, 23));
  it('skills.unknown_format', () =>
    expectError(replace('formats: [text]', 'formats: [text, hologram]'), 'skills.unknown_format', 8, 17));
  it('skills.invalid_visibility', () =>
    expectError(replace('visibility: tenant', 'visibility: public'), 'skills.invalid_visibility', 9, 13));
  it('skills.invalid_name', () =>
    expectError(replace('  product:', '  Product:'), 'skills.invalid_name', 11, 3));
  it('skills.unknown_source', () =>
    expectError(
      replace('source: knowledge.product', 'source: website.product'),
      'skills.unknown_source',
      13,
      13,
    ));
  it('skills.unknown_variable_type', () =>
    expectError(replace('type: product', 'type: gadget'), 'skills.unknown_variable_type', 12, 11));
  it('skills.source_type_mismatch', () =>
    expectError(replace('type: product', 'type: person'), 'skills.source_type_mismatch', 12, 11));
  it('skills.unknown_slot_kind', () =>
    expectError(replace('kind: hook', 'kind: teaser'), 'skills.unknown_slot_kind', 17, 11));
  it('skills.invalid_limit (max of zero)', () =>
    expectError(replace('max: 100', 'max: 0'), 'skills.invalid_limit', 18, 10));
  it('skills.invalid_limit (min above max)', () =>
    expectError(replace('max: 100', 'max: 100\n    min: 200'), 'skills.invalid_limit', 19, 10));
  it('skills.limit_exceeds_platform (slot)', () =>
    expectError(replace('x: 150', 'x: 300'), 'skills.limit_exceeds_platform', 21, 29));
  it('skills.limit_exceeds_platform (constraint)', () =>
    expectError(
      replace('max_hashtags: 2', 'max_hashtags: 2\n  max_length: { x: 500 }'),
      'skills.limit_exceeds_platform',
      25,
      20,
    ));
  it('skills.unknown_variable (a slot uses an undeclared variable)', () =>
    expectError(replace('uses: [product]', 'uses: [offer]'), 'skills.unknown_variable', 22, 11));
  it('skills.invalid_items (items on a text slot)', () =>
    expectError(
      replace('    kind: hook', '    kind: hook\n    items: { min: 1, max: 3 }'),
      'skills.invalid_items',
      18,
      5,
    ));
  it('skills.invalid_items (min above max)', () =>
    expectError(
      replace('  tip:\n    kind: text', '  tip:\n    kind: list\n    items: { min: 4, max: 2 }'),
      'skills.invalid_items',
      21,
      12,
    ));
  it('skills.invalid_constraint', () =>
    expectError(replace('links: allowed', 'links: sometimes'), 'skills.invalid_constraint', 25, 10));
  it('skills.name_conflict', () =>
    expectError(replace('  tip:\n', '  product:\n'), 'skills.name_conflict', 11, 3));
  it('skills.formats_conflict', () =>
    expectError(replace('formats: [text]', 'formats: [thread, carousel]'), 'skills.formats_conflict', 8, 10));
  it('skills.invalid_example (platform not declared)', () =>
    expectError(
      replace('  links: allowed', '  links: allowed\nexamples:\n  - platform: instagram\n    text: Hello'),
      'skills.invalid_example',
      27,
      15,
    ));
  it('skills.example_too_long', () =>
    expectError(
      replace(
        '  links: allowed',
        `  links: allowed\nexamples:\n  - platform: x\n    text: ${'a'.repeat(300)}`,
      ),
      'skills.example_too_long',
      27,
      5,
    ));
  it('skills.invalid_layout (parts without thread or carousel)', () =>
    expectError(
      replace('  tip:\n    kind: text', '  tip:\n    kind: list\n    layout: parts'),
      'skills.invalid_layout',
      21,
      13,
    ));

  const bodyLine = FRONT.split('\n').length + 3; // ---, front matter, ---, then the body
  it('skills.body_empty', () => expectError(file(FRONT, '\n\n'), 'skills.body_empty', bodyLine));
  it('skills.unclosed_placeholder', () =>
    expectError(file(FRONT, 'Tip: {{hook\n\n{{tip}}'), 'skills.unclosed_placeholder', bodyLine, 6));
  it('skills.invalid_placeholder', () =>
    expectError(
      file(FRONT, 'Tip: {{Hook!}} {{hook}}\n\n{{tip}}'),
      'skills.invalid_placeholder',
      bodyLine,
      6,
    ));
  it('skills.undeclared_placeholder', () =>
    expectError(
      file(FRONT, 'Tip: {{hook}}\n\n{{tip}}\n\n{{signoff}}'),
      'skills.undeclared_placeholder',
      bodyLine + 4,
      1,
    ));
  it('skills.unknown_field (a variable field that does not exist)', () =>
    expectError(
      file(FRONT, 'Tip: {{hook}} {{product.colour}}\n\n{{tip}}'),
      'skills.unknown_field',
      bodyLine,
      15,
    ));
  it('skills.duplicate_slot', () =>
    expectError(file(FRONT, 'Tip: {{hook}}\n\n{{tip}} {{hook}}'), 'skills.duplicate_slot', bodyLine + 2, 9));
  it('skills.invalid_section', () =>
    expectError(
      file(FRONT, `${BODY}\n\n## platform:\nHi {{hook}}`),
      'skills.invalid_section',
      bodyLine + 4,
      1,
    ));
  it('skills.unknown_platform (in a section heading)', () =>
    expectError(
      file(FRONT, `${BODY}\n\n## platform: myspace\nHi {{hook}}`),
      'skills.unknown_platform',
      bodyLine + 4,
      14,
    ));
  it('skills.section_platform_not_declared', () =>
    expectError(
      file(FRONT, `${BODY}\n\n## platform: instagram\nHi {{hook}}`),
      'skills.section_platform_not_declared',
      bodyLine + 4,
      1,
    ));
  it('skills.duplicate_section', () =>
    expectError(
      file(FRONT, `${BODY}\n\n## platform: x\nA {{hook}}\n\n## platform: x\nB {{hook}}`),
      'skills.duplicate_section',
      bodyLine + 7,
      1,
    ));
  it('skills.platform_without_body', () =>
    expectError(
      file(FRONT, '## platform: linkedin\nTip: {{hook}}\n\n{{tip}}'),
      'skills.platform_without_body',
      bodyLine,
    ));
  it('skills.parts_not_allowed', () =>
    expectError(file(FRONT, 'Tip: {{hook}}\n---\n{{tip}}'), 'skills.parts_not_allowed', bodyLine));
  it('skills.locked_text_too_long', () =>
    expectError(
      file(FRONT, `${'Locked words. '.repeat(22)}{{hook}}\n\n{{tip}}`),
      'skills.locked_text_too_long',
      bodyLine,
    ));
  it('skills.locked_violates_constraint (a link when links are none)', () =>
    expectError(
      file(FRONT.replace('links: allowed', 'links: none'), 'See https://example.com {{hook}}\n\n{{tip}}'),
      'skills.locked_violates_constraint',
      bodyLine,
    ));
  it('skills.locked_violates_constraint (too many hashtags)', () =>
    expectError(
      file(FRONT, '{{hook}} #One #Two #Three\n\n{{tip}}'),
      'skills.locked_violates_constraint',
      bodyLine,
    ));
  it('skills.locked_violates_constraint (a banned phrase)', () =>
    expectError(
      file(
        FRONT.replace('links: allowed', 'links: allowed\n  banned_phrases: [game-changer]'),
        'A Game-Changer: {{hook}}\n\n{{tip}}',
      ),
      'skills.locked_violates_constraint',
      bodyLine + 1,
    ));
});

describe('warnings do not fail a file', () => {
  it('reports an unused slot and an unused variable, and keeps the skill', () => {
    const text = file(FRONT.replace('uses: [product]', 'uses: []'), 'Tip: {{hook}}');
    const { skill, issues } = parseSkill(text);
    expect(skill).toBeDefined();
    expect(issues.map((i) => [i.code, i.severity])).toEqual([
      ['skills.unused_variable', 'warning'],
      ['skills.unused_slot', 'warning'],
    ]);
  });

  it('warns about an intent listed twice, and a limit for a platform the skill does not declare', () => {
    const text = replace('intents: [how_to]', 'intents: [how_to, how_to]').replace(
      'x: 150',
      'x: 150, instagram: 100',
    );
    const { skill, issues } = parseSkill(text);
    expect(skill).toBeDefined();
    expect(issues.map((i) => [i.code, i.line, i.severity])).toEqual([
      ['skills.duplicate_value', 6, 'warning'],
      ['skills.platform_not_declared', 21, 'warning'],
    ]);
  });

  it('warns about a knowledge.entry filter that matches no kind or category', () => {
    const text = replace(
      'source: knowledge.product\n    required: false',
      'source: knowledge.entry:recipes\n    required: false',
    ).replace('type: product', 'type: entry');
    const { skill, issues } = parseSkill(text);
    expect(skill).toBeDefined();
    expect(issues.find((i) => i.code === 'skills.unknown_entry_filter')?.severity).toBe('warning');
  });
});

describe('the body', () => {
  it('treats \\{{ as a literal {{ that is locked text, not a placeholder', () => {
    const { skill, issues } = parseSkill(file(FRONT, 'Use \\{{braces}} {{hook}}\n\n{{tip}}'));
    expect(issues).toEqual([]);
    expect(skill).toBeDefined();
  });
});
