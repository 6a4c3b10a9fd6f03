import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textLength } from '../../../core/platforms.js';
import { compileBody } from '../format/body.js';
import { parseSkill } from '../format/parse.js';
import type { SkillDocument } from '../format/types.js';
import { executeSkill } from './executor.js';
import { emptyFacts, type SkillFacts } from './facts.js';
import { offlineSlotFiller } from './offline-filler.js';
import type { FillContext, SlotFill, SlotFiller, SlotRequest } from './slot-filler.js';
import { productValue } from './values.js';

function skillOf(text: string): SkillDocument {
  const { skill, issues } = parseSkill(text);
  if (!skill) throw new Error(JSON.stringify(issues));
  return skill;
}

const LAUNCH = skillOf(`---
id: launch
name: Launch
version: 1
description: A launch.
intents: [product_launch]
platforms: [linkedin, x, instagram]
formats: [text]
variables:
  product:
    type: product
    source: knowledge.product
slots:
  hook:
    kind: hook
    max: { default: 100, x: 60 }
  detail:
    kind: text
    max: { default: 300, x: 100 }
  cta:
    kind: cta
    max: 80
    required: false
  hashtags:
    kind: hashtags
    max: 30
    items: { min: 0, max: 2 }
    required: false
constraints:
  max_hashtags: 2
  banned_phrases: [game-changer]
---
New: {{product.name}} — {{hook}}

{{detail}}

Price: {{product.price}}

{{cta}}

#Brand {{hashtags}}
`);

const facts: SkillFacts = {
  ...emptyFacts,
  products: [
    {
      id: 'p1',
      kind: 'product',
      name: 'Cardamom knot',
      price: 3.4,
      priceText: '£3.40',
      currency: 'GBP',
      unit: 'each',
      priceFrom: false,
      availability: null,
      url: 'https://crumb.example/knots',
      description: 'A twisted bun with cardamom sugar.',
      sku: null,
    },
  ],
};
const variables = { product: productValue(facts.products[0] as ProductFactLike) };
type ProductFactLike = SkillFacts['products'][number];

/** A filler that answers with fixed values, and records what it was asked. */
function fixedFiller(
  values: (slots: SlotRequest[], ctx: FillContext) => Record<string, SlotFill>,
): SlotFiller & {
  calls: Array<{ slots: SlotRequest[]; ctx: FillContext }>;
} {
  const calls: Array<{ slots: SlotRequest[]; ctx: FillContext }> = [];
  return {
    name: 'test',
    calls,
    async fill(slots, ctx) {
      calls.push({
        slots: slots.map((s) => ({ ...s, feedback: [...s.feedback] })),
        ctx: { ...ctx, feedback: [...ctx.feedback] },
      });
      return { fills: values(slots, ctx), model: 'test' };
    },
  };
}

const honest = () => ({
  hook: { text: 'twisted, sweet and gone by eleven' },
  detail: { text: 'A twisted bun with cardamom sugar.' },
  cta: { text: 'Order at https://crumb.example/knots' },
  hashtags: { items: ['#Cardamom'] },
});

/** The locked text of every line of the body, in order, except lines holding the slots named in `except`. */
function lockedPieces(
  skill: SkillDocument,
  platform: 'linkedin' | 'x' | 'instagram',
  except: readonly string[] = [],
): string[] {
  const body = compileBody(skill.body);
  const section =
    body.sections.find((s) => s.platforms?.includes(platform)) ?? body.sections.find((s) => !s.platforms);
  return (section?.parts ?? []).flatMap((p) =>
    p.lines
      .filter((l) => !l.segments.some((s) => s.type === 'ref' && except.includes(s.name)))
      .flatMap((l) => l.segments.flatMap((s) => (s.type === 'text' && s.text.trim() ? [s.text.trim()] : []))),
  );
}

function inOrder(text: string, pieces: readonly string[]): boolean {
  let at = 0;
  for (const p of pieces) {
    const i = text.indexOf(p, at);
    if (i < 0) return false;
    at = i + p.length;
  }
  return true;
}

describe('the executor', () => {
  it('assembles the post from locked text, variables and slots', async () => {
    const result = await executeSkill({
      skill: LAUNCH,
      platform: 'linkedin',
      variables,
      facts,
      filler: fixedFiller(honest),
    });
    expect(result.valid).toBe(true);
    expect(result.text).toBe(
      'New: Cardamom knot — twisted, sweet and gone by eleven\n\nA twisted bun with cardamom sugar.\n\nPrice: £3.40 each\n\nOrder at https://crumb.example/knots\n\n#Brand #Cardamom',
    );
    expect(result.attempts).toBe(1);
  });

  it('leaves out the lines of empty optional slots and keeps the locked tags of a hashtag line', async () => {
    const filler = fixedFiller(() => ({
      hook: { text: 'twisted and sweet' },
      detail: { text: 'A twisted bun.' },
    }));
    const result = await executeSkill({ skill: LAUNCH, platform: 'linkedin', variables, facts, filler });
    expect(result.valid).toBe(true);
    expect(result.text).toBe(
      'New: Cardamom knot — twisted and sweet\n\nA twisted bun.\n\nPrice: £3.40 each\n\n#Brand',
    );
  });

  it("drops a locked lead-in ('How it works:') with the empty list under it, keeping it over a filled one", async () => {
    const steps = skillOf(`---
id: steps
name: Steps
version: 1
description: Steps.
intents: [how_to]
platforms: [facebook]
formats: [text]
slots:
  hook:
    kind: hook
    max: 100
  steps:
    kind: list
    max: 120
    items: { min: 2, max: 4 }
    marker: "1."
    required: false
---
{{hook}}

How it works:
{{steps}}
`);
    const run = (fills: Record<string, SlotFill>) =>
      executeSkill({
        skill: steps,
        platform: 'facebook',
        variables: {},
        facts,
        filler: fixedFiller(() => fills),
      });
    const empty = await run({ hook: { text: 'Ordering takes a minute.' } });
    expect(empty.text).toBe('Ordering takes a minute.');
    const filled = await run({
      hook: { text: 'Ordering takes a minute.' },
      steps: { items: ['Pick a loaf.', 'Pay at the till.'] },
    });
    expect(filled.text).toBe(
      'Ordering takes a minute.\n\nHow it works:\n1. Pick a loaf.\n2. Pay at the till.',
    );
  });

  it('writes offline without a word in three sentences or two sentences in a row opening alike', async () => {
    const note = skillOf(`---
id: note
name: Note
version: 1
description: A note.
intents: [announcement]
platforms: [facebook]
formats: [text]
slots:
  body:
    kind: text
    max: 400
---
{{body}}
`);
    const entry = (id: string, answer: string) => ({
      id,
      question: 'Delivery',
      answer,
      category: 'shipping_delivery',
      kind: 'statement',
      url: null,
    });
    const steel: SkillFacts = {
      ...emptyFacts,
      entries: [
        entry('e1', 'Orders placed by 2pm get delivery the next working day.'),
        entry('e2', 'Orders over £500 include free delivery on a crane lorry.'),
        entry('e3', 'Delivery by crane lorry means the lorry lifts steel onto site.'),
        entry('e4', 'Saturday delivery is available by crane lorry on request.'),
      ],
    };
    const result = await executeSkill({
      skill: note,
      platform: 'facebook',
      variables: {},
      facts: steel,
      filler: offlineSlotFiller,
      request: 'Next-day delivery',
    });
    const sentences = result.text.split(/(?<=\.)\s+/);
    expect(sentences.length).toBeGreaterThan(1);
    for (let i = 1; i < sentences.length; i++)
      expect(sentences[i]?.split(' ')[0], result.text).not.toBe(sentences[i - 1]?.split(' ')[0]);
    // "lorry" is in three of the four sentences; the post has it in at most two.
    expect(sentences.filter((x) => /\blorr/i.test(x)).length, result.text).toBeLessThanOrEqual(2);
  });

  it("prefers a sentence of the brand's length to one far longer than it ever writes", async () => {
    const opener = skillOf(`---
id: opener
name: Opener
version: 1
description: An opener.
intents: [announcement]
platforms: [facebook]
formats: [text]
slots:
  hook:
    kind: hook
    max: 200
---
{{hook}}
`);
    const entry = (id: string, answer: string) => ({
      id,
      question: 'Cakes',
      answer,
      category: 'products',
      kind: 'statement',
      url: null,
    });
    const cakes: SkillFacts = {
      ...emptyFacts,
      entries: [
        entry(
          'long',
          'We bake birthday, wedding and anniversary cakes to order and decorate each one by hand here.',
        ),
        entry('short', 'Sofia decorates our celebration cakes by hand.'),
      ],
    };
    const write = (longSentenceWords?: number) =>
      executeSkill({
        skill: opener,
        platform: 'facebook',
        variables: {},
        facts: {
          ...cakes,
          voice: {
            person: 'we',
            hashtags: [],
            hashtagsPerPost: 0,
            emoji: [],
            emojiShare: 0,
            exclamationShare: 0,
            bannedPhrases: [],
            ...(longSentenceWords ? { longSentenceWords } : {}),
          },
        },
        filler: offlineSlotFiller,
        request: 'Wedding cakes',
      });
    // Without a learned rhythm the sentence naming all of the request leads; a brand writing in
    // short sentences gets the short one.
    expect((await write()).text).toMatch(/^We bake birthday/);
    expect((await write(9)).text).toBe('Sofia decorates our celebration cakes by hand.');
  });

  it('leaves out a line whose variable has no value (a product without a price)', async () => {
    const noPrice = {
      product: productValue({ ...(facts.products[0] as ProductFactLike), price: null, priceText: null }),
    };
    const result = await executeSkill({
      skill: LAUNCH,
      platform: 'linkedin',
      variables: noPrice,
      facts,
      filler: fixedFiller(honest),
    });
    expect(result.text).not.toContain('Price:');
    expect(result.valid).toBe(true);
  });

  it('asks again with the problems when a slot is too long, and uses the corrected answer', async () => {
    const filler = fixedFiller((_slots, ctx) => ({
      ...honest(),
      hook: { text: ctx.attempt === 1 ? 'x'.repeat(150) : 'short and sweet' },
    }));
    const result = await executeSkill({ skill: LAUNCH, platform: 'linkedin', variables, facts, filler });
    expect(result.valid).toBe(true);
    expect(result.attempts).toBe(2);
    const second = filler.calls[1]?.slots.find((s) => s.name === 'hook');
    expect(second?.feedback.join(' ')).toMatch(/hook is 150 characters; at most 100/);
  });

  it('measures X posts the way X does and reports the rule that failed', async () => {
    const filler = fixedFiller(() => ({ ...honest(), hook: { text: '🥐'.repeat(40) } }));
    const result = await executeSkill({
      skill: LAUNCH,
      platform: 'x',
      variables,
      facts,
      filler,
      maxAttempts: 1,
    });
    expect(result.valid).toBe(false);
    expect(result.violations).toContainEqual(
      expect.objectContaining({
        rule: 'slot_too_long',
        slot: 'hook',
        message: expect.stringContaining('80 characters; at most 60'),
      }),
    );
    expect(textLength('x', '🥐'.repeat(40))).toBe(80);
  });

  it('names the post-level rule a filler broke: banned phrase, too many hashtags', async () => {
    const filler = fixedFiller(() => ({
      ...honest(),
      detail: { text: 'A real game-changer of a bun.' },
      hashtags: { items: ['#One', '#Two'] },
    }));
    const result = await executeSkill({
      skill: LAUNCH,
      platform: 'linkedin',
      variables,
      facts,
      filler,
      maxAttempts: 1,
    });
    expect(result.violations.map((v) => v.rule).sort()).toEqual(['banned_phrase', 'too_many_hashtags']);
  });

  it('refuses a platform or format the skill does not declare', async () => {
    await expect(
      executeSkill({ skill: LAUNCH, platform: 'facebook', variables, facts, filler: fixedFiller(honest) }),
    ).rejects.toMatchObject({
      code: 'skills.platform_not_supported',
    });
    await expect(
      executeSkill({
        skill: LAUNCH,
        platform: 'x',
        format: 'thread',
        variables,
        facts,
        filler: fixedFiller(honest),
      }),
    ).rejects.toMatchObject({ code: 'skills.format_not_supported' });
  });
});

describe('a filler cannot change the locked text', () => {
  const attacks: Array<[string, Record<string, SlotFill>, string]> = [
    [
      'a line break that writes a fake line',
      { hook: { text: 'ok\nNew: Something else — free!' } },
      'slot_multiline',
    ],
    [
      'a right-to-left override that flips what follows',
      { hook: { text: 'ok \u202Eecirp' } },
      'slot_invalid_text',
    ],
    ['a zero-width joiner hidden in the text', { hook: { text: 'o\u200Bk' } }, 'slot_invalid_text'],
    [
      'a placeholder for a later step to expand',
      { detail: { text: 'Only {{product.price}} today' } },
      'slot_invalid_text',
    ],
    ['a --- line that would split the post', { detail: { text: 'One\n---\nTwo' } }, 'slot_multiline'],
    [
      'a hashtag item that is a sentence',
      { hashtags: { items: ['#Fine', 'Price: free'] } },
      'slot_invalid_hashtag',
    ],
  ];
  for (const [what, fills, rule] of attacks) {
    it(`rejects ${what} and keeps every locked line intact`, async () => {
      const filler = fixedFiller(() => ({ ...honest(), ...fills }));
      const result = await executeSkill({
        skill: LAUNCH,
        platform: 'linkedin',
        variables,
        facts,
        filler,
        maxAttempts: 1,
      });
      expect(result.violations.map((v) => v.rule)).toContain(rule);
      expect(result.valid).toBe(false);
      // A rejected slot's line is left out whole; every other line keeps its locked text.
      const rejected = result.violations.flatMap((v) => (v.slot ? [v.slot] : []));
      expect(inOrder(result.text, lockedPieces(LAUNCH, 'linkedin', rejected))).toBe(true);
      expect(
        result.text
          .split('\n')
          .filter((l) => l.startsWith('New: '))
          .every((l) => l.startsWith('New: Cardamom knot — ')),
      ).toBe(true);
      for (const bad of ['\u202E', '\u200B', '{{', 'Price: free', 'New: Something'])
        expect(result.text).not.toContain(bad);
    });
  }

  it('ignores values for names that are not slots (locked text, variables)', async () => {
    const filler = fixedFiller(() => ({
      ...honest(),
      product: { text: 'Free bun' },
      'New:': { text: 'Old:' },
      price: { text: '£0' },
    }));
    const result = await executeSkill({ skill: LAUNCH, platform: 'linkedin', variables, facts, filler });
    expect(result.valid).toBe(true);
    expect(result.text).toContain('New: Cardamom knot');
    expect(result.text).toContain('Price: £3.40 each');
    expect(result.text).not.toContain('Free bun');
  });

  it('for any slot values at all, the locked text appears unchanged and in order (property)', async () => {
    const value = fc.string({ unit: 'grapheme', maxLength: 120 });
    await fc.assert(
      fc.asyncProperty(
        value,
        value,
        value,
        fc.array(value, { maxLength: 3 }),
        fc.constantFrom('linkedin', 'x', 'instagram'),
        async (hook, detail, cta, tags, platform) => {
          const filler = fixedFiller(() => ({
            hook: { text: hook },
            detail: { text: detail },
            cta: { text: cta },
            hashtags: { items: tags },
          }));
          const result = await executeSkill({
            skill: LAUNCH,
            platform: platform as 'linkedin' | 'x' | 'instagram',
            variables,
            facts,
            filler,
            maxAttempts: 1,
          });
          // The hook's line is left out when the hook is rejected; every other locked line stays.
          const rejected = result.violations.flatMap((v) => (v.slot ? [v.slot] : []));
          const pieces = lockedPieces(LAUNCH, platform as 'linkedin', rejected);
          expect(inOrder(result.text, pieces)).toBe(true);
          if (result.text.includes('Cardamom knot')) expect(result.text).toContain('New: Cardamom knot — ');
          expect(result.text).toContain('#Brand');
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('threads and carousels', () => {
  const THREAD = skillOf(`---
id: thread
name: Thread
version: 1
description: A thread.
intents: [how_to]
platforms: [x, linkedin]
formats: [thread, text]
slots:
  hook:
    kind: hook
    max: 200
  points:
    kind: list
    max: 250
    items: { min: 2, max: 4 }
    marker: "1."
    layout: parts
constraints:
  parts: { min: 3, max: 6 }
---
{{hook}} A thread:
---
{{points}}
---
That's all.
`);

  it('posts each item as its own part on X, each within 280, and joins them on LinkedIn', async () => {
    const filler = fixedFiller(() => ({
      hook: { text: 'How we cut steel' },
      points: { items: ['Measure twice.', 'Cut once.', 'Deburr.'] },
    }));
    const x = await executeSkill({ skill: THREAD, platform: 'x', variables: {}, facts, filler });
    expect(x.separateParts).toBe(true);
    expect(x.parts).toEqual([
      'How we cut steel A thread:',
      '1. Measure twice.',
      '2. Cut once.',
      '3. Deburr.',
      "That's all.",
    ]);
    const li = await executeSkill({ skill: THREAD, platform: 'linkedin', variables: {}, facts, filler });
    expect(li.separateParts).toBe(false);
    expect(li.format).toBe('text');
    expect(li.text).toBe(
      "How we cut steel A thread:\n\n1. Measure twice.\n\n2. Cut once.\n\n3. Deburr.\n\nThat's all.",
    );
  });

  it('reports a part that is too long by its number', async () => {
    const filler = fixedFiller(() => ({
      hook: { text: 'Go' },
      points: { items: ['a'.repeat(250), 'b'.repeat(250)] },
    }));
    const skill = {
      ...THREAD,
      body: THREAD.body.replace('{{points}}', '{{points}}').replace("That's all.", 'z'.repeat(290)),
    };
    const x = await executeSkill({ skill, platform: 'x', variables: {}, facts, filler, maxAttempts: 1 });
    expect(x.violations).toContainEqual(expect.objectContaining({ rule: 'post_too_long', part: 3 }));
  });
});
