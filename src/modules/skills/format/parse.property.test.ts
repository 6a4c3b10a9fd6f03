import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { platforms } from '../../../core/platforms.js';
import { parseSkill } from './parse.js';
import { serializeSkill } from './serialize.js';
import { type SkillDocument, type SlotSpec, skillIntents, slotKinds, type VariableSpec } from './types.js';

const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
/** Free text as people write it: any Unicode, quotes, colons, #, emoji, leading spaces, newlines. */
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0);
const lockedChars = fc
  .string({ unit: 'grapheme-ascii', maxLength: 30 })
  .map((s) => s.replace(/[{}#\\\n\r]|https?:|www\./g, ''));

const skillArb: fc.Arbitrary<SkillDocument> = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/),
    name: text,
    version: fc.integer({ min: 1, max: 1000 }),
    description: text,
    intents: fc.uniqueArray(fc.constantFrom(...skillIntents), { minLength: 1, maxLength: 3 }),
    platforms: fc.uniqueArray(fc.constantFrom(...platforms), { minLength: 1, maxLength: 4 }),
    formats: fc.constantFrom(
      ['text'],
      ['text', 'image'],
      ['video'],
      ['thread', 'text'],
      ['carousel'],
    ) as fc.Arbitrary<SkillDocument['formats']>,
    visibility: fc.constantFrom('shared', 'tenant') as fc.Arbitrary<'shared' | 'tenant'>,
    slotNames: fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
    variableNames: fc.uniqueArray(
      name.map((n) => `v_${n}`),
      { maxLength: 3 },
    ),
    kinds: fc.array(fc.constantFrom(...slotKinds), { minLength: 4, maxLength: 4 }),
    maxes: fc.array(fc.integer({ min: 5, max: 200 }), { minLength: 4, maxLength: 4 }),
    xMax: fc.option(fc.integer({ min: 5, max: 200 }), { nil: undefined }),
    styles: fc.array(fc.option(text, { nil: undefined }), { minLength: 4, maxLength: 4 }),
    required: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    locked: fc.array(lockedChars, { minLength: 5, maxLength: 5 }),
    examples: fc.array(
      fc.record({
        text,
        engagement: fc.option(fc.integer({ min: 0, max: 100000 }), { nil: undefined }),
        note: fc.option(text, { nil: undefined }),
      }),
      { maxLength: 2 },
    ),
    doList: fc.array(text, { maxLength: 2 }),
    avoidList: fc.array(text, { maxLength: 2 }),
    banned: fc.array(fc.stringMatching(/^[a-z]{3,10}$/), { maxLength: 2 }),
    maxEmoji: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
  })
  .map((g) => {
    const variables: VariableSpec[] = g.variableNames.map((n, i) => ({
      name: n,
      type: i % 2 === 0 ? 'product' : 'text',
      source: i % 2 === 0 ? { kind: 'knowledge.product' } : { kind: 'request' },
      required: i !== 1,
      ...(i === 2 ? { description: 'why it is here' } : {}),
    }));
    const slots: SlotSpec[] = g.slotNames.map((n, i) => {
      const kind = g.kinds[i] ?? 'text';
      const max = g.maxes[i] ?? 50;
      const slot: SlotSpec = {
        name: n,
        kind,
        max: i === 0 && g.xMax !== undefined ? { default: max, x: Math.min(g.xMax, 200) } : { default: max },
        required: g.required[i] ?? true,
        uses: variables.length > 0 && i === 0 ? [variables[0]?.name as string] : [],
      };
      const style = g.styles[i];
      if (style !== undefined) slot.style = style;
      if (kind === 'list' || kind === 'hashtags')
        slot.list = { min: 0, max: 3, marker: i % 2 === 0 ? '•' : '1.', layout: 'lines' };
      return slot;
    });
    const lines = slots.map((s, i) => `${(g.locked[i] ?? '').trim()} {{${s.name}}}`.trim());
    const vars = variables.map((v) => `{{${v.name}}}`).join(' ');
    const body = `${lines.join('\n\n')}${vars ? `\n\n${g.locked[4] ?? ''} ${vars}` : ''}\n`;
    const skill: SkillDocument = {
      id: g.id,
      name: g.name,
      version: g.version,
      description: g.description,
      intents: g.intents,
      platforms: g.platforms,
      formats: g.formats,
      visibility: g.visibility,
      variables,
      slots,
      constraints: {
        bannedPhrases: g.banned.map((b) => `zz${b}`),
        ...(g.maxEmoji !== undefined ? { maxEmoji: g.maxEmoji } : {}),
      },
      examples: g.examples.map((e) => ({
        text: e.text,
        ...(e.engagement !== undefined ? { engagement: e.engagement } : {}),
        ...(e.note !== undefined ? { note: e.note } : {}),
      })),
      guidance: { do: g.doList, avoid: g.avoidList },
      body,
    };
    return skill;
  });

describe('parse and serialize (properties)', () => {
  it('parse(serialize(skill)) gives the same skill, and serializing again gives the same text', () => {
    fc.assert(
      fc.property(skillArb, (skill) => {
        const text = serializeSkill(skill);
        const parsed = parseSkill(text);
        expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(parsed.skill).toEqual(skill);
        expect(serializeSkill(parsed.skill as SkillDocument)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text, and every issue has a code and a position inside the file', () => {
    const noise = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => `---\n${s}\n---\n${s}`),
      skillArb.chain((skill) =>
        fc.integer({ min: 0, max: 400 }).map((cut) => {
          const text = serializeSkill(skill);
          return text.slice(0, cut) + text.slice(cut + 7);
        }),
      ),
    );
    fc.assert(
      fc.property(noise, (input) => {
        const { skill, issues } = parseSkill(input);
        const lineCount = input.split(/\r\n?|\n/).length;
        for (const issue of issues) {
          expect(issue.code).toMatch(/^skills\.[a-z_]+$/);
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.line).toBeLessThanOrEqual(lineCount + 1);
          expect(issue.column).toBeGreaterThanOrEqual(1);
        }
        if (issues.some((i) => i.severity === 'error')) expect(skill).toBeUndefined();
        else expect(skill).toBeDefined();
      }),
      { numRuns: 400 },
    );
  });
});
