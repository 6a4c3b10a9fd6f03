/**
 * The composer's second-pass quality rules in isolation: LinkedIn room and continuation, occasion
 * skills kept to their occasion, the honest post's person agreeing with the business's sentences,
 * and a subject whose modifier the business never uses counting as absent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSkill, type SkillDocument, type SkillFacts, type SlotRequest } from '../../skills/index.js';
import { absentPost } from './absent.js';
import { LINKEDIN_TEXT_MAX, lengthenForLinkedIn, withPlatformRoom } from './longer.js';
import { hasOccasionText, suitsOccasion } from './occasion.js';
import { selectFacts, topicOf } from './select.js';
import { plainStyle } from './style.js';

const BUILTIN = path.resolve(import.meta.dirname, '../../skills/builtin');

function skill(id: string): SkillDocument {
  const parsed = parseSkill(readFileSync(path.join(BUILTIN, `${id}.skill.md`), 'utf8'));
  if (!parsed.skill) throw new Error(`${id} does not parse`);
  return parsed.skill;
}

function entry(id: string, answer: string, question = 'About us'): SkillFacts['entries'][number] {
  return { id, question, answer, category: 'services', kind: 'statement', url: null };
}

function facts(entries: SkillFacts['entries']): SkillFacts {
  return { products: [], entries, entities: [], voice: null };
}

const plumber = facts([
  entry('e1', 'We fix burst pipes and leak repairs across the city. Our vans carry common parts.'),
  entry('e2', 'We clear kitchen, bathroom and main sewer lines with cable machines and hydro-jetting.'),
  entry('e3', 'We replace water heaters in a day. The price includes the permit.'),
]);

describe('LinkedIn room', () => {
  it('raises text slots without a LinkedIn limit on LinkedIn only, and keeps explicit limits', () => {
    const spotlight = skill('product-spotlight');
    expect(withPlatformRoom(spotlight, 'x')).toBe(spotlight);
    const roomy = withPlatformRoom(spotlight, 'linkedin');
    expect(roomy.slots.find((s) => s.name === 'detail')?.max.linkedin).toBe(LINKEDIN_TEXT_MAX);
    expect(roomy.slots.find((s) => s.name === 'hook')?.max).toEqual(
      spotlight.slots.find((s) => s.name === 'hook')?.max,
    );
    expect(spotlight.slots.find((s) => s.name === 'detail')?.max.linkedin).toBeUndefined();
  });

  it("continues the main text with the facts' unused sentences, within the budget, never a word a third time", () => {
    const slot = { name: 'body', spec: { kind: 'text' }, maxLength: 900 } as unknown as SlotRequest;
    const many = facts(
      Array.from({ length: 12 }, (_, i) =>
        entry(
          `e${i}`,
          // Openers alternate: two sentences in a row never open alike.
          `${i % 2 ? 'Our sourdough' : 'Sourdough'} number ${i} is shaped by hand with flour variety ${['spelt', 'rye', 'emmer', 'einkorn', 'khorasan', 'barley', 'oat', 'maize', 'wheat', 'buckwheat', 'millet', 'teff'][i]} today.`,
        ),
      ),
    );
    const first = many.entries[0]?.answer as string;
    const out = lengthenForLinkedIn([slot], { body: { text: first, sources: ['e0'] } }, many, 'Sourdough', {
      maxLength: 3000,
      lockedLength: 0,
    });
    const text = out.body?.text ?? '';
    expect(text.length).toBeGreaterThan(first.length);
    expect(text.startsWith(first)).toBe(true);
    // "shaped", "hand", "today" … may appear at most twice; "sourdough" is the request's own word.
    expect(text.match(/\bhand\b/g)?.length ?? 0).toBeLessThanOrEqual(2);
    expect(out.body?.sources?.length).toBe(text.split(/(?<=\.)\s+/).length);
    const tight = lengthenForLinkedIn([slot], { body: { text: first, sources: ['e0'] } }, many, 'Sourdough', {
      maxLength: first.length + 50,
      lockedLength: 0,
    });
    expect(tight.body?.text).toBe(first);
  });
});

describe('LinkedIn continuation', () => {
  it('does not follow a sentence with one that opens alike', () => {
    const slot = { name: 'body', spec: { kind: 'text' }, maxLength: 900 } as unknown as SlotRequest;
    const steel = facts([
      entry('e1', 'Orders placed by 2pm Monday to Thursday are delivered the next working day.'),
      entry('e2', 'Orders placed on Friday are delivered on Monday morning.'),
      entry('e3', 'Saturday delivery is available on request.'),
    ]);
    const first = steel.entries[0]?.answer as string;
    const out = lengthenForLinkedIn([slot], { body: { text: first, sources: ['e1'] } }, steel, 'Delivery', {
      maxLength: 3000,
      lockedLength: 0,
    });
    const text = out.body?.text ?? '';
    expect(text).toContain('Saturday delivery is available on request.');
    expect(text).not.toMatch(/next working day\.\s+Orders/);
  });
});

describe('occasion skills', () => {
  it('finds the locked occasion line of milestone, award, poll and team skills, not of a spotlight or steps', () => {
    expect(hasOccasionText(skill('milestone'))).toBe(true);
    expect(hasOccasionText(skill('award-certification'))).toBe(true);
    expect(hasOccasionText(skill('poll-question'))).toBe(true);
    expect(hasOccasionText(skill('meet-the-team'))).toBe(true);
    expect(hasOccasionText(skill('how-to-steps'))).toBe(false);
    expect(hasOccasionText(skill('product-spotlight'))).toBe(false);
  });

  it('lets an occasion skill write only for a request of its own kind', () => {
    const milestone = skill('milestone');
    expect(suitsOccasion(milestone, milestone.intents[0] as string)).toBe(true);
    expect(suitsOccasion(milestone, 'announcement')).toBe(false);
    expect(suitsOccasion(milestone, null)).toBe(false);
    expect(suitsOccasion(skill('product-spotlight'), null)).toBe(true);
  });
});

describe('absent subjects', () => {
  it("counts a subject whose modifier the business never uses as absent ('roof repairs')", () => {
    expect(topicOf('Promote our roof repairs', plumber).absent).toBe(true);
    expect(topicOf('Promote our leak repairs', plumber).absent).toBe(false);
    // A grading word is not a kind of repair.
    expect(topicOf('Promote our fast repairs', plumber).absent).toBe(false);
    // A kind of post, not an offering: the head word is not among what the business offers.
    const reviewed = facts([
      ...plumber.entries,
      { ...entry('r1', 'Great job, fast and tidy.'), category: 'reviews' },
    ]);
    expect(topicOf('Share a customer job', reviewed).absent).toBe(false);
  });

  it('points a missing subject to the product named with its words, not to unrelated sentences', () => {
    const bakery: SkillFacts = {
      ...facts([
        entry('c1', 'Sofia designs and decorates our celebration cakes.'),
        entry('v1', 'Gift vouchers from £10 never expire.'),
      ]),
      products: [
        {
          id: 'p1',
          kind: 'product',
          name: 'Gluten-free and vegan sponges',
          price: 8,
          priceText: '£8',
          currency: 'GBP',
          unit: null,
          priceFrom: false,
          availability: null,
          url: null,
          description: null,
          sku: null,
        },
      ],
    };
    const topic = topicOf('Promote our vegan doughnuts', bakery);
    expect(topic.absent).toBe(true);
    const post = absentPost({
      topic,
      facts: bakery,
      nearest: ['c1', 'v1'],
      platform: 'facebook',
      style: plainStyle,
      variant: 0,
      contact: null,
      url: null,
    });
    expect(post?.text).toContain("We don't list vegan doughnuts");
    expect(post?.text).toContain('We do have gluten-free and vegan sponges (£8).');
    expect(post?.text).not.toMatch(/celebration cakes|vouchers/);
  });

  it("writes the opener in the person of the business's sentences that follow it", () => {
    const topic = topicOf('Promote our roof repairs', plumber);
    for (let variant = 0; variant < 3; variant++) {
      const post = absentPost({
        topic,
        facts: plumber,
        nearest: [],
        platform: 'facebook',
        style: { ...plainStyle, person: 'i' },
        variant,
        contact: null,
        url: null,
      });
      const opener = post?.text.split('\n')[0] ?? '';
      expect(opener).toMatch(/\bwe\b|\bour\b/i);
      expect(opener).not.toMatch(/\bI\b|\bmy\b/);
      expect(opener.toLowerCase()).toContain('roof repairs');
    }
  });
});

describe('fact selection', () => {
  const bakery: SkillFacts = {
    ...facts([
      entry('d1', 'We deliver by cargo bike within the ring road, Tuesday to Saturday.', 'Local delivery'),
      entry('d2', 'Delivery costs £3.95, and it is free on orders over £30.', 'How much does delivery cost?'),
      entry('d3', 'Orders placed by 6pm are delivered the next morning.', 'When will my order arrive?'),
      entry(
        'w1',
        'Places cost £65 per person, including a banneton.',
        'How much does the sourdough workshop cost?',
      ),
      entry('s1', 'Our country sourdough is fermented for 36 hours.', 'Country sourdough loaf'),
      entry('a1', 'Every product on the counter has an allergen card.', 'Where do you list allergens?'),
      entry('v1', 'Gift vouchers from £10 never expire.', 'Do you sell gift vouchers?'),
      entry('f1', 'Free cutting on every beam and column.', 'Cutting'),
      entry('m1', 'Mill certificates come with every batch at no extra cost.', 'Mill certificates'),
      entry('o1', 'We are open Tuesday to Sunday from 8am.', 'Opening hours'),
      entry('c1', 'Our coffee is roasted in North Yorkshire.', 'Coffee'),
      entry('k1', 'Cardamom knots sell out by 11am on Saturdays.', 'Cardamom knots'),
    ]),
  };
  const sentences = (request: string) => {
    const picked = selectFacts(bakery, topicOf(request, bakery));
    return picked.entries.map((e) => e.answer);
  };

  it('keeps every form of the subject word: a delivery post may use "deliver" and "delivered"', () => {
    const picked = sentences('Tell people about local delivery by cargo bike');
    expect(picked).toContain('We deliver by cargo bike within the ring road, Tuesday to Saturday.');
    expect(picked).toContain('Orders placed by 6pm are delivered the next morning.');
    expect(picked.join(' ')).not.toMatch(/banneton|allergen|voucher/);
  });

  it("does not let an entry's question sharing one word of a longer subject carry its answer in", () => {
    const picked = sentences('Spotlight our country sourdough loaf');
    expect(picked).toContain('Our country sourdough is fermented for 36 hours.');
    expect(picked.join(' ')).not.toContain('Places cost £65');
  });

  it('writes a thin subject from its own sentences, not from the rest of its category', () => {
    expect(sentences('Gift vouchers make a good present')).toEqual(['Gift vouchers from £10 never expire.']);
  });

  it('reads "every" as a quantifier, not as the subject', () => {
    expect(sentences('Mill certificates with every batch')).toEqual([
      'Mill certificates come with every batch at no extra cost.',
    ]);
  });
});
